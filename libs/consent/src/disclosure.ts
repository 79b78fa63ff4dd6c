// The disclosure gateway's rule: may this send of Part 2 records leave the network now, and on
// what legal basis? Allowed under an active consent that covers the recipient, the purpose and
// every category (42 CFR 2.31, 2.33); under a bona fide medical emergency (2.51), never held; or
// under a court order of subpart E (2.61–2.67). Held awaiting consent when only a consent is
// missing; refused when nothing can make it lawful as asked (a restriction, a subpoena alone,
// an incomplete emergency record). Every answer says why, citing the section.
import {
  COUNSELLING_NOTES,
  type Consent,
  type ConsentForm,
  type ConsentPolicy,
  type ConsentRecipient,
  type InformationCategory,
} from './consent.js';
import { type ClientEvent, consentStateAt } from './consent-state.js';
import { type PurposeOfUse, isPurposeOfUse, purposeCovers, tpoFamilyOf } from './purpose-of-use.js';
import { type RecipientKind, type Restriction, restrictionsBroken } from './restrictions.js';

export type DisclosureRecipient = {
  recipientId: string;
  kind: RecipientKind;
  /**
   * A treating provider relationship as 42 CFR 2.11 defines it: the client agreed to be
   * diagnosed, evaluated or treated by the recipient and the recipient agreed to do so, whether
   * or not they have met. A specialist who has not yet accepted a referral has none.
   */
  treatingRelationship?: boolean;
  /** Sent through an intermediary (42 CFR 2.11, 2.24): its id. */
  viaIntermediaryId?: string;
  /** For a criminal-justice recipient: whether they monitor the client's progress (42 CFR 2.35(a)(1)). */
  monitorsProgress?: boolean;
};

/** A court order under subpart E: it authorises a disclosure, within its scope (42 CFR 2.61, 2.64(e), 2.65(e)). */
export type CourtOrder = {
  orderId: string;
  court: string;
  section: '2.64' | '2.65' | '2.66' | '2.67';
  /** YYYY-MM-DD */
  issuedOn: string;
  /** The categories the order authorises; SUD counselling notes only if it names them. */
  authorisedCategories: InformationCategory[];
  /** Who may receive, when the order limits it. */
  authorisedRecipientIds?: string[];
  /** YYYY-MM-DD: the order no longer authorises from the start of this date. */
  expiresOn?: string;
};

export type DisclosureBasisClaim =
  | { kind: 'consent' }
  /** 42 CFR 2.51: to medical personnel, for a bona fide medical emergency in which the client's prior consent cannot be obtained. */
  | { kind: 'medical-emergency'; recipientName: string; affiliation: string; natureOfEmergency: string; consentObtainable: boolean }
  | { kind: 'court-order'; order: CourtOrder }
  /** A subpoena, warrant or similar mandate without a subpart E order. */
  | { kind: 'subpoena'; reference: string };

export type DisclosureRequest = {
  requestId: string;
  clientId: string;
  /** When the send would happen (ISO instant). */
  at: string;
  recipient: DisclosureRecipient;
  purpose: PurposeOfUse;
  categories: InformationCategory[];
  /** The services the information pertains to (for the paid-in-full restriction). */
  serviceIds?: string[];
  disclosedBy: { userId: string; role: string };
  basis: DisclosureBasisClaim;
};

export type DisclosureContext = {
  /** What has happened to the client that consents may expire on or become revocable by. */
  events: readonly ClientEvent[];
  policy: ConsentPolicy;
};

export type Reason = { code: string; citation: string; explanation: string };

export type RecordedBasis =
  | { kind: 'consent'; citation: string; consentId: string }
  | {
      kind: 'medical-emergency';
      citation: string;
      /** 42 CFR 2.51(c): the medical personnel, their affiliation, who disclosed, when, and the nature of the emergency. */
      recipientName: string;
      affiliation: string;
      natureOfEmergency: string;
    }
  | { kind: 'court-order'; citation: string; orderId: string; court: string; section: CourtOrder['section']; issuedOn: string };

/** What the gateway records for each disclosure (the accounting, 42 CFR 2.25, lists these). */
export type DisclosureRecord = {
  disclosureId: string;
  clientId: string;
  disclosedAt: string;
  recipient: { recipientId: string; kind: RecipientKind; viaIntermediaryId?: string };
  purpose: PurposeOfUse;
  categories: InformationCategory[];
  basis: RecordedBasis;
  disclosedBy: { userId: string; role: string };
  /** The written statement sent with it (42 CFR 2.32(a)). */
  notice: string;
  /** 42 CFR 2.32(b): the consent whose copy, or whose scope explained, goes with the disclosure. */
  consentCopy?: { consentId: string; scope: string };
};

export type DisclosureDecision =
  | { outcome: 'allow'; reasons: Reason[]; record: DisclosureRecord }
  | { outcome: 'hold-awaiting-consent'; reasons: Reason[] }
  | { outcome: 'refuse'; reasons: Reason[] };

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
const startOfDate = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
const refuse = (...reasons: Reason[]): DisclosureDecision => ({ outcome: 'refuse', reasons });

/**
 * May `request` go out now, and why. `consents` and `restrictions` are the client's, as the
 * deciding service holds them; `context` carries the client's events and the network policy.
 */
export function decideDisclosure(
  request: DisclosureRequest,
  consents: readonly Consent[],
  restrictions: readonly Restriction[],
  context: DisclosureContext,
): DisclosureDecision {
  const invalid = invalidRequest(request);
  if (invalid) return refuse(invalid);
  switch (request.basis.kind) {
    case 'subpoena':
      // 42 CFR 2.61: a subpoena or similar mandate alone does not authorise a disclosure; only an
      // order under subpart E does (2.64 or 2.65 for a patient's records), or the client's consent.
      return refuse({
        code: 'subpoena-alone',
        citation: '42 CFR 2.61, 2.64, 2.65',
        explanation: `A subpoena (${request.basis.reference}) does not authorise disclosing Part 2 records: it needs a court order under 42 CFR 2.64 or 2.65, or the client's written consent.`,
      });
    case 'court-order':
      return decideUnderCourtOrder(request, request.basis.order, context.policy);
    case 'medical-emergency':
      return decideEmergency(request, request.basis, context.policy);
    case 'consent':
      return decideUnderConsent(request, consents, restrictions, context);
  }
}

function invalidRequest(request: DisclosureRequest): Reason | undefined {
  const problems: string[] = [];
  if (Number.isNaN(Date.parse(request.at))) problems.push('the time of the disclosure');
  if (!isPurposeOfUse(request.purpose)) problems.push('a PurposeOfUse code');
  if (!Array.isArray(request.categories) || request.categories.length === 0) problems.push('the categories of information sent');
  if (isBlank(request.recipient?.recipientId)) problems.push('the recipient');
  if (problems.length === 0) return undefined;
  return { code: 'invalid-request', citation: '42 CFR 2.13(a)', explanation: `A disclosure must state ${problems.join(', ')}.` };
}

function decideUnderCourtOrder(request: DisclosureRequest, order: CourtOrder, policy: ConsentPolicy): DisclosureDecision {
  const t = Date.parse(request.at);
  const reasons: Reason[] = [];
  const citation = `42 CFR ${order.section}`;
  if (isBlank(order.orderId) || isBlank(order.court) || !['2.64', '2.65', '2.66', '2.67'].includes(order.section)) {
    reasons.push({
      code: 'order-incomplete',
      citation: '42 CFR 2.61',
      explanation: 'Record the court, the order and the section of subpart E it was made under.',
    });
  } else if (Number.isNaN(startOfDate(order.issuedOn)) || startOfDate(order.issuedOn) > t) {
    reasons.push({
      code: 'order-not-yet-issued',
      citation,
      explanation: `Order ${order.orderId} is dated ${order.issuedOn}: it does not authorise a disclosure before then.`,
    });
  } else if (order.expiresOn !== undefined && t >= startOfDate(order.expiresOn)) {
    reasons.push({
      code: 'order-expired',
      citation,
      explanation: `Order ${order.orderId} authorised disclosures until ${order.expiresOn}.`,
    });
  }
  // 2.64(e), 2.65(e): only the parts of the record essential to the order's purpose, to those who need them.
  const outside = request.categories.filter((c) => !order.authorisedCategories.includes(c));
  if (outside.length > 0) {
    reasons.push({
      code: 'outside-order',
      citation: `${citation}(e)`,
      explanation: `Order ${order.orderId} does not authorise ${outside.join(', ')}.${outside.includes(COUNSELLING_NOTES) ? ' SUD counselling notes only under an order that names them (42 CFR 2.63).' : ''}`,
    });
  }
  if (order.authorisedRecipientIds !== undefined && !order.authorisedRecipientIds.includes(request.recipient.recipientId)) {
    reasons.push({
      code: 'recipient-outside-order',
      citation: `${citation}(e)`,
      explanation: `Order ${order.orderId} does not name recipient ${request.recipient.recipientId}.`,
    });
  }
  if (reasons.length > 0) return refuse(...reasons);
  const reason: Reason = {
    code: 'court-order',
    citation,
    explanation: `Authorised by order ${order.orderId} of ${order.court} under 42 CFR ${order.section}.`,
  };
  return {
    outcome: 'allow',
    reasons: [reason],
    record: recordOf(
      request,
      { kind: 'court-order', citation, orderId: order.orderId, court: order.court, section: order.section, issuedOn: order.issuedOn },
      policy,
    ),
  };
}

function decideEmergency(
  request: DisclosureRequest,
  basis: Extract<DisclosureBasisClaim, { kind: 'medical-emergency' }>,
  policy: ConsentPolicy,
): DisclosureDecision {
  // Never held: an emergency either goes out now or is refused with what to fix.
  const reasons: Reason[] = [];
  if (request.recipient.kind !== 'provider') {
    reasons.push({
      code: 'not-medical-personnel',
      citation: '42 CFR 2.51(a)',
      explanation: 'A medical-emergency disclosure goes only to medical personnel.',
    });
  }
  if (basis.consentObtainable !== false) {
    reasons.push({
      code: 'consent-obtainable',
      citation: '42 CFR 2.51(a)',
      explanation: "The emergency path is for when the client's prior written consent cannot be obtained: ask for consent instead.",
    });
  }
  const missing = (
    [
      ['recipientName', 'the name of the medical personnel'],
      ['affiliation', 'their affiliation with a health care facility'],
      ['natureOfEmergency', 'the nature of the emergency'],
    ] as const
  ).filter(([field]) => isBlank(basis[field]));
  if (missing.length > 0 || isBlank(request.disclosedBy?.userId)) {
    const what = [...missing.map(([, label]) => label), ...(isBlank(request.disclosedBy?.userId) ? ['who is disclosing'] : [])];
    reasons.push({ code: 'emergency-record-incomplete', citation: '42 CFR 2.51(c)', explanation: `Record ${what.join(', ')}.` });
  }
  // Safer reading: counselling notes need a consent of their own (2.31(b)); an emergency does
  // not need them, so the send goes without them.
  if (request.categories.includes(COUNSELLING_NOTES)) {
    reasons.push({
      code: 'counselling-notes',
      citation: '42 CFR 2.31(b)',
      explanation: 'SUD counselling notes are not sent in an emergency: send the disclosure without them.',
    });
  }
  if (reasons.length > 0) return refuse(...reasons);
  const citation = '42 CFR 2.51';
  return {
    outcome: 'allow',
    reasons: [{ code: 'medical-emergency', citation, explanation: `Bona fide medical emergency: ${basis.natureOfEmergency.trim()}.` }],
    record: recordOf(
      request,
      {
        kind: 'medical-emergency',
        citation,
        recipientName: basis.recipientName.trim(),
        affiliation: basis.affiliation.trim(),
        natureOfEmergency: basis.natureOfEmergency.trim(),
      },
      policy,
    ),
  };
}

function decideUnderConsent(
  request: DisclosureRequest,
  consents: readonly Consent[],
  restrictions: readonly Restriction[],
  context: DisclosureContext,
): DisclosureDecision {
  const includesNotes = request.categories.includes(COUNSELLING_NOTES);
  if (includesNotes && request.categories.length > 1) {
    return refuse({
      code: 'counselling-notes-separate',
      citation: '42 CFR 2.31(b)',
      explanation: 'SUD counselling notes go only under a consent of their own: send them as a disclosure of their own.',
    });
  }
  const breaches = restrictionsBroken(
    {
      at: request.at,
      recipient: request.recipient,
      purpose: request.purpose,
      categories: request.categories,
      serviceIds: request.serviceIds,
    },
    restrictions.filter((r) => r.clientId === request.clientId),
  );
  if (breaches.length > 0) return refuse(...breaches.map(({ code, citation, explanation }) => ({ code, citation, explanation })));

  const at = new Date(request.at);
  const misses: Reason[] = [];
  for (const consent of consents.filter((c) => c.form.clientId === request.clientId)) {
    const miss = whyNotCovered(consent, request, at, context.events);
    if (miss === undefined) {
      const citation = consent.form.criminalJustice ? '42 CFR 2.31, 2.35' : '42 CFR 2.31, 2.33';
      return {
        outcome: 'allow',
        reasons: [{ code: 'consent', citation, explanation: `Covered by consent ${consent.form.consentId}.` }],
        record: {
          ...recordOf(request, { kind: 'consent', citation, consentId: consent.form.consentId }, context.policy),
          consentCopy: { consentId: consent.form.consentId, scope: explainConsentScope(consent.form) },
        },
      };
    }
    misses.push(miss);
  }
  if (misses.length === 0) {
    misses.push({
      code: 'no-consent',
      citation: '42 CFR 2.33(a)',
      explanation: 'The client has no Part 2 consent on record for this disclosure.',
    });
  }
  return { outcome: 'hold-awaiting-consent', reasons: [...misses, askFor(request)] };
}

function askFor(request: DisclosureRequest): Reason {
  const what = request.categories.includes(COUNSELLING_NOTES) ? 'a consent of its own naming SUD counselling notes' : 'a Part 2 consent';
  return {
    code: 'ask-for-consent',
    citation: '42 CFR 2.31(a)',
    explanation: `Ask the client for ${what} covering recipient ${request.recipient.recipientId}, purpose ${request.purpose} and ${request.categories.join(', ')}; the send waits until it is recorded.`,
  };
}

/** Why this consent does not cover the request, or undefined when it does. */
export function whyNotCovered(consent: Consent, request: DisclosureRequest, at: Date, events: readonly ClientEvent[]): Reason | undefined {
  const form = consent.form;
  const id = form.consentId;
  const state = consentStateAt(consent, at, events);
  switch (state.status) {
    case 'not-yet-active':
      return {
        code: 'consent-not-yet-active',
        citation: state.citation,
        explanation: `Consent ${id} covers disclosures only from ${state.from}.`,
      };
    case 'revoked':
      return {
        code: 'consent-revoked',
        citation: state.citation,
        explanation: `The client revoked consent ${id}; the revocation was received ${state.since}: nothing sent from then relies on it (disclosures before stay lawful).`,
      };
    case 'expired':
      return {
        code: state.by === 'event' ? 'consent-expired-by-event' : 'consent-expired',
        citation: state.citation,
        explanation:
          state.by === 'event' && form.expiry.kind === 'event'
            ? `Consent ${id} expired on ${form.expiry.event} (${form.expiry.description}), which happened ${state.since}.`
            : `Consent ${id} expired ${state.since}.`,
      };
    case 'active':
      break;
  }
  if (!form.purposes.some((p) => purposeCovers(p, request.purpose))) {
    return {
      code: 'consent-for-other-purpose',
      citation: '42 CFR 2.31(a)(5)',
      explanation: `Consent ${id} is for ${form.purposes.join(', ')}, not ${request.purpose}.`,
    };
  }
  const notes = request.categories.includes(COUNSELLING_NOTES);
  if (notes && !form.information.categories.includes(COUNSELLING_NOTES)) {
    return {
      code: 'counselling-notes-need-own-consent',
      citation: '42 CFR 2.31(b)',
      explanation: `Consent ${id} does not name SUD counselling notes.`,
    };
  }
  const outside = request.categories.filter((c) => !form.information.categories.includes(c));
  if (outside.length > 0) {
    return {
      code: 'consent-for-other-information',
      citation: '42 CFR 2.31(a)(3)',
      explanation: `Consent ${id} does not cover ${outside.join(', ')}.`,
    };
  }
  return whyRecipientNotCovered(form, request);
}

function whyRecipientNotCovered(form: ConsentForm, request: DisclosureRequest): Reason | undefined {
  const id = form.consentId;
  const recipient = request.recipient;
  if (form.criminalJustice) {
    // 42 CFR 2.35(a)(1): only those in the criminal justice system who need the information to monitor the client's progress.
    if (recipient.kind !== 'criminal-justice' || recipient.monitorsProgress !== true) {
      return {
        code: 'not-monitoring-progress',
        citation: '42 CFR 2.35(a)(1)',
        explanation: `Consent ${id} is a criminal-justice consent: it covers only those in the criminal justice system who monitor the client's progress.`,
      };
    }
  }
  if (form.recipients.some((designated) => designates(designated, request))) return undefined;
  if (recipient.viaIntermediaryId !== undefined) {
    return {
      code: 'intermediary-not-named',
      citation: '42 CFR 2.31(a)(4)(ii)',
      explanation: `Consent ${id} does not name intermediary ${recipient.viaIntermediaryId} with recipient ${recipient.recipientId} among its participants (by name, or as a participant with a treating provider relationship).`,
    };
  }
  const general = form.recipients.find((r) => r.kind === 'general' && r.designation === 'treating-providers');
  if (general && recipient.kind === 'provider' && recipient.treatingRelationship !== true) {
    return {
      code: 'no-treating-relationship',
      citation: '42 CFR 2.31(a)(4)(i), 2.11',
      explanation: `Consent ${id} designates "my treating providers"; provider ${recipient.recipientId} has no treating provider relationship with the client yet (both must have agreed to the evaluation or treatment). Name the provider on a consent, or send once the provider has accepted.`,
    };
  }
  return {
    code: 'consent-for-other-recipient',
    citation: '42 CFR 2.31(a)(4)',
    explanation: `Consent ${id} does not name or designate recipient ${recipient.recipientId}.`,
  };
}

const DESIGNATED_KIND = {
  'treating-providers': 'provider',
  'health-plans': 'health-plan',
  'third-party-payers': 'third-party-payer',
  'program-operations': 'program-operations',
} as const;

/** Whether one recipient entry of a consent covers the request's recipient. */
function designates(designated: ConsentRecipient, request: DisclosureRequest): boolean {
  const recipient = request.recipient;
  if (designated.kind === 'intermediary') {
    // 42 CFR 2.31(a)(4)(ii): the intermediary by name, and its participant by name or as one with a treating provider relationship.
    if (recipient.viaIntermediaryId !== designated.intermediaryId) return false;
    return designated.participants.kind === 'named'
      ? designated.participants.participantIds.includes(recipient.recipientId)
      : recipient.treatingRelationship === true;
  }
  // Notwithstanding (a)(4)(i), a send through an intermediary needs the intermediary named (2.31(a)(4)(ii)).
  if (recipient.viaIntermediaryId !== undefined) return false;
  if (designated.kind === 'named') return designated.recipientId === recipient.recipientId;
  // 42 CFR 2.31(a)(4)(i): a general designation, on a consent whose purposes are all TPO (validated), for a TPO purpose.
  if (tpoFamilyOf(request.purpose) === null || DESIGNATED_KIND[designated.designation] !== recipient.kind) return false;
  return designated.designation !== 'treating-providers' || recipient.treatingRelationship === true;
}

/** 42 CFR 2.32(b): a clear explanation of the consent's scope, to accompany a disclosure made under it. */
export function explainConsentScope(form: ConsentForm): string {
  const recipients = form.recipients.map((r) =>
    r.kind === 'named'
      ? r.name
      : r.kind === 'general'
        ? `general designation: ${r.designation}`
        : `${r.name} (intermediary) for ${r.participants.kind === 'named' ? r.participants.participantIds.join(', ') : 'participants with a treating provider relationship'}`,
  );
  const expiry =
    form.expiry.kind === 'date'
      ? `until ${form.expiry.expiresOn}`
      : form.expiry.kind === 'event'
        ? `until ${form.expiry.description}`
        : 'no expiry';
  return [
    `Consent ${form.consentId}, signed ${form.signedOn}${form.criminalJustice ? ' (42 CFR 2.35)' : ''}`,
    `information: ${form.information.description} [${form.information.categories.join(', ')}]`,
    `recipients: ${recipients.join('; ')}`,
    `purposes: ${form.purposeDescription} [${form.purposes.join(', ')}]`,
    expiry,
  ].join('; ');
}

function recordOf(request: DisclosureRequest, basis: RecordedBasis, policy: ConsentPolicy): DisclosureRecord {
  const { recipientId, kind, viaIntermediaryId } = request.recipient;
  return {
    disclosureId: request.requestId,
    clientId: request.clientId,
    disclosedAt: new Date(request.at).toISOString(),
    recipient: viaIntermediaryId === undefined ? { recipientId, kind } : { recipientId, kind, viaIntermediaryId },
    purpose: request.purpose,
    categories: [...request.categories],
    basis,
    disclosedBy: request.disclosedBy,
    // Sent with every disclosure, the safer reading (2.32(a) requires it for consented ones).
    notice: policy.disclosureNotice,
  };
}

/**
 * The reason a held send shows first: the nearest miss (a consent that would cover but for its
 * state, relationship, purpose or information) before "names another recipient", never "ask for consent".
 */
export function mainReason(reasons: readonly Reason[]): Reason {
  const misses = reasons.filter((reason) => reason.code !== 'ask-for-consent');
  return misses.find((reason) => reason.code !== 'consent-for-other-recipient') ?? misses[0] ?? reasons[0]!;
}

/** Every reason with its section, as the caller reads it in a refusal or a hold. */
export const explainReasons = (reasons: readonly Pick<Reason, 'explanation' | 'citation'>[]) =>
  reasons.map((reason) => `${reason.explanation} (${reason.citation})`).join(' ');
