import {
  type ClientEvent as ConsentClientEvent,
  type ConsentCopy,
  type ConsentPolicy,
  DEFAULT_CONSENT_POLICY,
  type DisclosureDecision,
  type DisclosureRequest,
  type InformationCategory,
  type PublishedRestriction,
  type PurposeOfUse,
  consentFromCopy,
  decideDisclosure,
  restrictionFromCopy,
} from '@continuum/consent';

// The Part 2 consent gate: a referral goes to a provider outside the programme only as the
// network's one consent rule allows (@continuum/consent's decideDisclosure,
// docs/domain/part-2-consent-rule.md#the-disclosure-rule). This service keeps its own copy of
// the client's consents (from intake's ConsentGranted / ConsentRevoked) and of the events
// consents expire on (discharge from treatment-plan, end of aftercare from aftercare), so the
// gate needs no call to another service at send time.

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
  /** The client's agreed requests for restriction (42 CFR 2.26), copied from intake's RestrictionAgreed. */
  restrictions: readonly PublishedRestriction[];
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
  const consents = input.consents.map((copy) => consentFromCopy(copy, input.clientId));
  const restrictions = input.restrictions.map(restrictionFromCopy);
  return decideDisclosure(request, consents, restrictions, { events: input.events, policy: disclosure.policy });
}
