import {
  COUNSELLING_NOTES,
  type ConsentFile,
  type ConsentPolicy,
  DEFAULT_CONSENT_POLICY,
  type DisclosureDecision,
  type DisclosureRecipient,
  type InformationCategory,
  INFORMATION_CATEGORIES,
  type PurposeOfUse,
  consentsAndRestrictionsOf,
  decideDisclosure,
  isPurposeOfUse,
} from '@continuum/consent';

// What aftercare sends outside the network (docs/domain/aftercare.md#what-aftercare-discloses):
// the step-down arrangement to the provider that continues the care, the recovery residence
// arrangement to the residence, and a peer-support referral to the group. Each tells an outside
// party that the client is a patient of a substance-use programme, so each is a disclosure of
// Part 2 records (42 CFR 2.11, 2.12(a)(1)) and goes only as the network's one consent rule allows
// (@continuum/consent's decideDisclosure, docs/domain/part-2-consent-rule.md#the-disclosure-rule).
// Continuing therapy and case-management needs are recorded for the care team and send nothing.

/** The sends of Part 2 information to an outside recipient, named as the DisclosureRecorded carrier. */
export const OUTSIDE_SEND_KINDS = ['step-down', 'recovery-residence', 'peer-support'] as const;
export type OutsideSendKind = (typeof OUTSIDE_SEND_KINDS)[number];

/** What each kind of send carries and why, as a network configures it (42 CFR 2.31(a)(3), (a)(5)). */
export type AftercareDisclosures = {
  /** HL7 v3 PurposeOfUse of every aftercare send: TREAT by default. */
  purpose: PurposeOfUse;
  /** The categories of information each kind of send carries; never SUD counselling notes. */
  categories: Record<OutsideSendKind, InformationCategory[]>;
  /** The network's statement wording and 2.32 notice. */
  policy: ConsentPolicy;
};

/**
 * The defaults: a step-down provider gets who the client is, the diagnosis, the level of care
 * and the discharge summary it continues from; a recovery residence who the client is and the
 * level of care; a peer-support group only who the client is (being referred by the programme
 * already identifies the client as a patient of the programme, which 42 CFR
 * 2.12(a)(1) protects).
 */
export const DEFAULT_AFTERCARE_DISCLOSURES: AftercareDisclosures = {
  purpose: 'TREAT',
  categories: {
    'step-down': ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
    'recovery-residence': ['demographics', 'level-of-care'],
    'peer-support': ['demographics'],
  },
  policy: DEFAULT_CONSENT_POLICY,
};

/** Why a network's disclosure settings cannot work, or nothing. */
export function aftercareDisclosuresProblems(disclosures: AftercareDisclosures): string[] {
  const problems: string[] = [];
  if (!isPurposeOfUse(disclosures.purpose)) problems.push(`disclosures.purpose: give an HL7 v3 PurposeOfUse code such as TREAT`);
  for (const kind of OUTSIDE_SEND_KINDS) {
    const categories = disclosures.categories[kind] ?? [];
    if (categories.length === 0) problems.push(`disclosures.categories.${kind}: give what the send carries`);
    const unknown = categories.filter((category) => !(INFORMATION_CATEGORIES as readonly string[]).includes(category));
    if (unknown.length > 0) problems.push(`disclosures.categories.${kind}: ${unknown.join(', ')} is not a category of information`);
    // 42 CFR 2.31(b): counselling notes go only under a consent of their own, never with a plan arrangement.
    if (categories.includes(COUNSELLING_NOTES))
      problems.push(`disclosures.categories.${kind}: an aftercare send never carries SUD counselling notes`);
  }
  return problems;
}

/** What the application adds to a command that sends outside: the client's consent file as read, and who sends. */
export type OutsideSendContext = {
  /** The disclosure's id if it goes out (now or when a consent arrives); derived from the request. */
  sendId: string;
  file: ConsentFile;
  disclosedBy: { userId: string; role: string };
};

/** One send of the plan and where it stands, as the plan shows it (GET) and the held-sends list lists it. */
export type OutsideSend = {
  sendId: string;
  kind: OutsideSendKind;
  /** What carried it: the plan for a step-down or residence, the linkage for peer support. */
  carrierId: string;
  recipient: { recipientId: string; kind: DisclosureRecipient['kind'] };
  purpose: PurposeOfUse;
  categories: InformationCategory[];
} & (
  | { status: 'awaiting-consent'; reasonCode: string; citation: string; explanation: string; since: string }
  | { status: 'sent'; sentAt: string; consentId?: string }
  /** Superseded by a later arrangement, refused once a restriction applied, or continuing care ended while it waited. */
  | { status: 'withdrawn'; reasonCode: string; withdrawnAt: string }
);

/** The recipient of a send: a step-down provider (with no treating provider relationship until it is shown, the safer reading), a residence, a group. */
export function recipientOf(kind: OutsideSendKind, recipientId: string): DisclosureRecipient {
  switch (kind) {
    case 'step-down':
      // 42 CFR 2.11: the relationship needs the provider's agreement to treat, which aftercare does not record;
      // so a "my treating providers" designation does not cover it and the consent must name the provider.
      return { recipientId, kind: 'provider', treatingRelationship: false };
    case 'recovery-residence':
      return { recipientId, kind: 'recovery-residence' };
    case 'peer-support':
      return { recipientId, kind: 'peer-support' };
  }
}

export type GateRequest = {
  kind: OutsideSendKind;
  recipientId: string;
  clientId: string;
  sendId: string;
  file: ConsentFile;
  disclosedBy: { userId: string; role: string };
  at: Date;
};

/** The one consent rule's answer for this send now (42 CFR 2.31, 2.33; a restriction first, 2.26). */
export function gateOutsideSend(request: GateRequest, disclosures: AftercareDisclosures): DisclosureDecision {
  const { consents, restrictions, events } = consentsAndRestrictionsOf(request.file, request.clientId);
  return decideDisclosure(
    {
      requestId: request.sendId,
      clientId: request.clientId,
      at: request.at.toISOString(),
      recipient: recipientOf(request.kind, request.recipientId),
      purpose: disclosures.purpose,
      categories: [...disclosures.categories[request.kind]],
      disclosedBy: request.disclosedBy,
      basis: { kind: 'consent' },
    },
    consents,
    restrictions,
    { events, policy: disclosures.policy },
  );
}
