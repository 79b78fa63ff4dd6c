import {
  type ClientEvent as ConsentClientEvent,
  type Consent,
  type ConsentExpiry,
  type ConsentForm,
  type ConsentRecipient,
  type ConsentPolicy,
  type CriminalJusticeTerms,
  DEFAULT_CONSENT_POLICY,
  type DisclosureDecision,
  type DisclosureRequest,
  type ExpiryEvent,
  type GeneralDesignation,
  type InformationCategory,
  type PurposeOfUse,
  type Reason,
  decideDisclosure,
  expiryEventOfLegacyForm,
  purposesOfLegacyForm,
} from '@continuum/consent';

// The Part 2 consent gate: a referral goes to a provider outside the programme only as the
// network's one consent rule allows (@continuum/consent's decideDisclosure,
// docs/domain/part-2-consent-rule.md#the-disclosure-rule). This service keeps its own copy of
// the client's consents (from intake's ConsentGranted / ConsentRevoked) and of the events
// consents expire on (discharge from treatment-plan, end of aftercare from aftercare), so the
// gate needs no call to another service at send time.

/**
 * A consent on the 2024 form as intake publishes it (ConsentGranted v2): ids and codes only.
 * The names and wording stay on the form in intake.
 */
export type ConsentCopyV2 = {
  consentId: string;
  recipients: Array<
    | { kind: 'named'; recipientId: string; coveredEntity?: boolean }
    | { kind: 'general'; designation: GeneralDesignation }
    | {
        kind: 'intermediary';
        intermediaryId: string;
        participants: { kind: 'named'; participantIds: string[] } | { kind: 'treating-providers' };
      }
  >;
  purposes: PurposeOfUse[];
  categories: InformationCategory[];
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event'; event: ExpiryEvent; episodeId?: string } | { kind: 'none' };
  signedOn: string;
  clientIsMinor: boolean;
  criminalJustice?: CriminalJusticeTerms;
  grantedAt: string;
};

/** A consent on the form used before the 2024 final rule (ConsentGranted v1), as copies of it were first stored. */
export type LegacyConsentCopy = {
  consentId: string;
  recipients: Array<{ kind: 'named'; recipientId: string } | { kind: 'treating-providers' }>;
  purposes: string[];
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event' };
  signedOn: string;
  grantedAt: string;
};

/** What this service holds of a consent: the copy, and from when its revocation was received. */
export type ConsentCopy = (ConsentCopyV2 | LegacyConsentCopy) & { revokedFrom?: string; copiedAt?: string };

const isV2 = (copy: ConsentCopyV2 | LegacyConsentCopy): copy is ConsentCopyV2 => 'categories' in copy;

/**
 * A copy in the rule's terms. The copy has no names or wording: ids stand for names and codes
 * for descriptions, which is all the rule reads (it trusts a recorded consent was valid, 42 CFR
 * 2.31(c)(2)). An old copy covers no category of information (its information was described in
 * words only) and its event expiry, whose wording never crossed, is read as discharge: both the
 * safer reading, so a referral under it waits for a consent on the current form.
 */
export function consentOf(copy: ConsentCopy, clientId: string): Consent {
  const form = isV2(copy) ? formOfV2(copy, clientId) : formOfLegacy(copy, clientId);
  // Held from when intake recorded it, or from when this service copied it if its clock reads
  // earlier: a consent this service holds is never "not yet recorded" because two clocks differ.
  const recordedAt = copy.copiedAt !== undefined && Date.parse(copy.copiedAt) < Date.parse(copy.grantedAt) ? copy.copiedAt : copy.grantedAt;
  return {
    form,
    recordedAt,
    // The channel is intake's record; the rule reads only when the revocation was received.
    ...(copy.revokedFrom === undefined ? {} : { revocation: { receivedAt: copy.revokedFrom, channel: 'signed-form' as const } }),
  };
}

const unnamed = (copy: { consentId: string; signedOn: string }, clientId: string) => ({
  consentId: copy.consentId,
  clientId,
  clientName: '',
  disclosingParty: '',
  signers: [],
  signedOn: copy.signedOn,
  statements: {},
});

function formOfV2(copy: ConsentCopyV2, clientId: string): ConsentForm {
  const recipients: ConsentRecipient[] = copy.recipients.map((recipient) =>
    recipient.kind === 'named'
      ? { ...recipient, name: recipient.recipientId }
      : recipient.kind === 'intermediary'
        ? { ...recipient, name: recipient.intermediaryId }
        : recipient,
  );
  const expiry: ConsentExpiry = copy.expiry.kind === 'event' ? { ...copy.expiry, description: copy.expiry.event } : copy.expiry;
  return {
    ...unnamed(copy, clientId),
    information: { description: copy.categories.join(', '), categories: [...copy.categories] },
    recipients,
    purposes: [...copy.purposes],
    purposeDescription: copy.purposes.join(', '),
    expiry,
    clientIsMinor: copy.clientIsMinor,
    ...(copy.criminalJustice === undefined ? {} : { criminalJustice: copy.criminalJustice }),
  };
}

function formOfLegacy(copy: LegacyConsentCopy, clientId: string): ConsentForm {
  const purposes = purposesOfLegacyForm(copy.purposes);
  return {
    ...unnamed(copy, clientId),
    information: { description: 'described in words on a form recorded before the 2024 rule', categories: [] },
    recipients: copy.recipients.map((recipient) =>
      recipient.kind === 'named'
        ? { kind: 'named', recipientId: recipient.recipientId, name: recipient.recipientId }
        : { kind: 'general', designation: 'treating-providers' },
    ),
    purposes,
    purposeDescription: purposes.join(', '),
    expiry:
      copy.expiry.kind === 'date'
        ? { kind: 'date', expiresOn: copy.expiry.expiresOn }
        : { kind: 'event', event: expiryEventOfLegacyForm(), description: 'an event on a form recorded before the 2024 rule' },
    clientIsMinor: false,
  };
}

/** What a referral sends to its provider, and why, as the network configures it. */
export type ReferralDisclosure = {
  /** HL7 v3 PurposeOfUse (42 CFR 2.31(a)(5)): TREAT by default. */
  purpose: PurposeOfUse;
  /** The categories of information a referral carries (42 CFR 2.31(a)(3)): the condition and the screen that found it. */
  categories: InformationCategory[];
  /** The network's statement wording and 2.32 notice. */
  policy: ConsentPolicy;
};

export const DEFAULT_REFERRAL_DISCLOSURE: ReferralDisclosure = {
  purpose: 'TREAT',
  categories: ['diagnosis', 'screening-results'],
  policy: DEFAULT_CONSENT_POLICY,
};

export type GateInput = {
  disclosureId: string;
  clientId: string;
  providerId: string;
  /**
   * A treating provider relationship (42 CFR 2.11): the client agreed to be evaluated or
   * treated by the provider and the provider agreed. A specialist who has not accepted a
   * referral of the client has none; one who accepted an earlier referral that is not declined,
   * cancelled or failed has one.
   */
  treatingRelationship: boolean;
  consents: readonly ConsentCopy[];
  events: readonly ConsentClientEvent[];
  disclosedBy: { userId: string; role: string };
  at: Date;
};

/** The one consent rule's answer for sending this referral to its outside provider now. */
export function consentGate(input: GateInput, disclosure: ReferralDisclosure): DisclosureDecision {
  const request: DisclosureRequest = {
    requestId: input.disclosureId,
    clientId: input.clientId,
    at: input.at.toISOString(),
    recipient: { recipientId: input.providerId, kind: 'provider', treatingRelationship: input.treatingRelationship },
    purpose: disclosure.purpose,
    categories: [...disclosure.categories],
    disclosedBy: input.disclosedBy,
    basis: { kind: 'consent' },
  };
  const consents = input.consents.map((copy) => consentOf(copy, input.clientId));
  // No requests for restriction reach this service yet (docs/domain/dual-diagnosis.md#known-gaps).
  return decideDisclosure(request, consents, [], { events: input.events, policy: disclosure.policy });
}

/**
 * The reason a held referral shows first: the nearest miss (a consent that would cover but
 * for its state, relationship, purpose or information) before "names another recipient".
 */
export function mainReason(reasons: readonly Reason[]): Reason {
  const misses = reasons.filter((reason) => reason.code !== 'ask-for-consent');
  return misses.find((reason) => reason.code !== 'consent-for-other-recipient') ?? misses[0] ?? reasons[0]!;
}
