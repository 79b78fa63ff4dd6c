// The Part 2 consent gate (42 CFR 2.31, 2.33): a referral goes to a provider outside the
// programme only while an active consent names that provider and lists the referral's
// purpose. This service keeps its own copy of the client's consents (from intake's
// ConsentGranted / ConsentRevoked), so the gate needs no call to intake at send time.

/** What a consent says about who may receive and why, as intake published it (ids and codes only). */
export type ConsentCopy = {
  consentId: string;
  recipients: Array<{ kind: 'named'; recipientId: string } | { kind: 'treating-providers' }>;
  purposes: string[];
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event' };
  signedOn: string;
  grantedAt: string;
  /** From when no disclosure may rely on it; absent while not revoked. */
  revokedFrom?: string;
};

export type ConsentGateDecision =
  { isCovered: true; consentId: string } | { isCovered: false; reasonCode: ConsentGapReason; explanation: string };

export type ConsentGapReason =
  | 'no-consent'
  | 'consent-expired'
  | 'consent-revoked'
  | 'consent-for-other-recipient'
  | 'consent-for-other-purpose'
  | 'consent-not-yet-signed';

const startOfDate = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/** Same rule as intake's: signed by then, not expired (a consent ends at the start of its expiry date), not revoked. */
export function isConsentActive(consent: ConsentCopy, at: Date): boolean {
  const t = at.getTime();
  if (t < startOfDate(consent.signedOn)) return false;
  if (consent.expiry.kind === 'date' && t >= startOfDate(consent.expiry.expiresOn)) return false;
  if (consent.revokedFrom !== undefined && t >= Date.parse(consent.revokedFrom)) return false;
  return true;
}

// A general designation ("my treating providers") covers only recipients that already treat
// the client (42 CFR 2.31(a)(4)(ii)); a specialist receiving a referral does not yet, so only
// a consent that names the provider covers it.
const namesRecipient = (consent: ConsentCopy, recipientId: string) =>
  consent.recipients.some((recipient) => recipient.kind === 'named' && recipient.recipientId === recipientId);

/**
 * Whether a disclosure to `recipientId` for `purpose` at `at` is covered, and if not, the
 * nearest miss, so that the person waiting knows which consent to ask the client for.
 */
export function consentGate(consents: readonly ConsentCopy[], recipientId: string, purpose: string, at: Date): ConsentGateDecision {
  const covering = consents.find(
    (consent) => isConsentActive(consent, at) && namesRecipient(consent, recipientId) && consent.purposes.includes(purpose),
  );
  if (covering) return { isCovered: true, consentId: covering.consentId };

  const ask = `Ask the client to sign a Part 2 consent naming provider ${recipientId} for the purpose "${purpose}" at intake; the referral is sent as soon as it is recorded.`;
  const forRecipient = consents.filter((consent) => namesRecipient(consent, recipientId));
  const revoked = forRecipient.find((consent) => consent.revokedFrom !== undefined && at.getTime() >= Date.parse(consent.revokedFrom));
  if (revoked) {
    return {
      isCovered: false,
      reasonCode: 'consent-revoked',
      explanation: `The client revoked consent ${revoked.consentId} for provider ${recipientId}: no further disclosure may rely on it. ${ask}`,
    };
  }
  const expired = forRecipient.find((consent) => consent.expiry.kind === 'date' && at.getTime() >= startOfDate(consent.expiry.expiresOn));
  if (expired) {
    return {
      isCovered: false,
      reasonCode: 'consent-expired',
      explanation: `Consent ${expired.consentId} for provider ${recipientId} expired: it ran until ${(expired.expiry as { expiresOn: string }).expiresOn}. ${ask}`,
    };
  }
  const notYet = forRecipient.find((consent) => at.getTime() < startOfDate(consent.signedOn));
  if (notYet) {
    return {
      isCovered: false,
      reasonCode: 'consent-not-yet-signed',
      explanation: `Consent ${notYet.consentId} for provider ${recipientId} is dated ${notYet.signedOn} and does not cover a disclosure before then: send the referral again on or after that date.`,
    };
  }
  const otherPurpose = forRecipient.find((consent) => isConsentActive(consent, at));
  if (otherPurpose) {
    return {
      isCovered: false,
      reasonCode: 'consent-for-other-purpose',
      explanation: `Consent ${otherPurpose.consentId} names provider ${recipientId} only for ${otherPurpose.purposes.join(', ')}, not "${purpose}". ${ask}`,
    };
  }
  if (consents.some((consent) => isConsentActive(consent, at))) {
    return {
      isCovered: false,
      reasonCode: 'consent-for-other-recipient',
      explanation: `The client's active consents do not name provider ${recipientId}. ${ask}`,
    };
  }
  return {
    isCovered: false,
    reasonCode: 'no-consent',
    explanation: `The client has no active Part 2 consent for provider ${recipientId}. ${ask}`,
  };
}
