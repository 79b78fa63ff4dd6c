import {
  ACCOUNTING_RULES,
  type AccountingRule,
  DISCLOSURE_RECORDED,
  type DisclosureRecordedData,
  type RecordedBasis,
  accountingOfDisclosures as accountingPeriodOf,
  isPurposeOfUse,
  purposesOfLegacyForm,
} from '@continuum/consent';
import { type EventReference, type StoredEvent, isAboutClient, referenceTo } from './stored-event.js';

// Accounting of disclosures (docs/domain/compliance.md#accounting-of-disclosures): what a client
// may ask for, as of a given moment. 42 CFR 2.25 (as amended in 2024; 2.24 now covers
// intermediaries) gives the client the disclosures of the 3 years before the request, or a
// shorter period the client chooses; HIPAA 45 CFR 164.528 those of the 6 years before it, where
// the programme is also a covered entity. The period is the one rule's
// (@continuum/consent accountingOfDisclosures): from 00:00 UTC of the day N years before the
// request's day to the request instant, both ends inclusive.
//
// The source is every `DisclosureRecorded` in every stream: the one shape every discloser now
// appends (@continuum/consent disclosureRecorded: basis, carrier, recipient kind, notice,
// consent copy), and the older dual-diagnosis shape still in the stores (recipientId,
// information codes, consentId; the basis and categories were added to it later, optionally).

/** The older dual-diagnosis DisclosureRecorded, as referral streams still hold it. */
type ReferralDisclosureData = {
  disclosureId: string;
  referralId: string;
  clientId: string;
  recipientId: string;
  information: string[];
  purpose: string;
  consentId?: string;
  disclosedAt: string;
  redisclosureNotice?: string;
  categories?: string[];
  basis?: RecordedBasis;
  consentCopy?: { consentId: string; scope: string };
  disclosedBy?: { userId: string; role: string };
};

export const DISCLOSURE_EVENT_TYPE = DISCLOSURE_RECORDED;

/** 42 CFR 2.25(a): 3 years; 45 CFR 164.528(b)(1): 6 years (the one rule's figures). */
export const PART_2_ACCOUNTING_YEARS = ACCOUNTING_RULES['part-2'].years;
export const HIPAA_ACCOUNTING_YEARS = ACCOUNTING_RULES.hipaa.years;

/** The legal basis the disclosure was made on, with its citation. */
export type AccountedBasis =
  | RecordedBasis
  /** A disclosure recorded before bases were: the record names a consent, so it was made under it. */
  | { kind: 'consent'; citation: string; consentId: string; recordedBeforeBases: true }
  /** Neither a basis nor a consent on the record: said plainly rather than guessed. */
  | { kind: 'not-recorded'; citation: null };

export type AccountedDisclosure = {
  disclosureId: string;
  /** When the information left the programme (ISO 8601). */
  date: string;
  recipient: { recipientId: string; kind?: string; viaIntermediaryId?: string };
  /** The purpose as an HL7 v3 PurposeOfUse code (an old record's purpose translated), or as recorded when it has none. */
  purpose: string;
  /** What was disclosed: categories of information (42 CFR 2.31(a)(3)), and an old referral's codes. */
  categories: string[];
  information?: string[];
  basis: AccountedBasis;
  /** 42 CFR 2.32(b): the consent whose copy, or scope explained, went with it. */
  consentCopy?: { consentId: string; scope: string };
  /** 42 CFR 2.32(a): whether the notice went with it. */
  hasRedisclosureNotice: boolean;
  /** What carried it out, and the stream it is recorded in. */
  carriedBy: { kind: string; id: string };
  /** The site whose records were disclosed, and who disclosed them. */
  siteId: string;
  disclosedBy: { userId: string; role: string };
  event: EventReference;
};

export type AccountingPeriod = { from: string; to: string; fromInclusive: true; toInclusive: true };

export type AccountingPart = { citation: string; period: AccountingPeriod; disclosures: AccountedDisclosure[] };

export type DisclosureAccounting = {
  clientId: string;
  /** The moment the accounting is made for (the request): disclosures recorded later are not in it. */
  asOf: string;
  /** A shorter period the client chose (YYYY-MM-DD, from 00:00 UTC of that day), when they chose one. */
  from?: string;
  /** 42 CFR 2.25: the 3 years before the request (or the client's shorter period). */
  part2: AccountingPart;
  /** 45 CFR 164.528: the 6 years before the request (or the client's shorter period), where it applies. */
  hipaa: AccountingPart;
  lastEventUsed: EventReference | null;
};

export type DisclosureFold = {
  clientId: string;
  asOf: string;
  asOfMs: number;
  from?: string;
  disclosures: AccountedDisclosure[];
  lastEvent?: EventReference;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function startDisclosureAccounting(clientId: string, asOf: Date, from?: string): DisclosureFold {
  const asOfMs = asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError('the accounting needs a valid instant: give it as ISO 8601, e.g. 2026-03-01T12:00:00Z');
  if (from !== undefined && (!DAY.test(from) || Number.isNaN(Date.parse(`${from}T00:00:00.000Z`)))) {
    throw new RangeError('a shorter period starts on a day: give it as YYYY-MM-DD, e.g. 2025-01-01');
  }
  if (from !== undefined && Date.parse(`${from}T00:00:00.000Z`) > asOfMs) {
    throw new RangeError(`a shorter period ends at the request (${asOf.toISOString()}): it cannot start after it`);
  }
  return { clientId, asOf: asOf.toISOString(), asOfMs, ...(from === undefined ? {} : { from }), disclosures: [] };
}

/** Folds one event in global order; anything but the client's disclosures recorded by `asOf` leaves the fold unchanged. */
export function foldDisclosure(fold: DisclosureFold, event: StoredEvent): DisclosureFold {
  if (event.type !== DISCLOSURE_EVENT_TYPE || typeof event.data !== 'object' || event.data === null) return fold;
  if (!isAboutClient(event, fold.clientId) || Date.parse(event.recordedAt) > fold.asOfMs) return fold;
  const accounted = accountedDisclosureOf(event);
  if (accounted === undefined) return fold;
  fold.lastEvent = referenceTo(event);
  fold.disclosures.push(accounted);
  return fold;
}

/** A DisclosureRecorded of either shape as one accounting entry; undefined for data that is neither. */
export function accountedDisclosureOf(event: StoredEvent): AccountedDisclosure | undefined {
  const data = event.data as Record<string, unknown>;
  if (typeof data.recipient === 'object' && data.recipient !== null && typeof data.carriedBy === 'object') {
    return ofGatewayRecord(data as unknown as DisclosureRecordedData, event);
  }
  if (typeof data.recipientId === 'string' && typeof data.referralId === 'string') {
    return ofReferralRecord(data as unknown as ReferralDisclosureData, event);
  }
  return undefined;
}

function ofGatewayRecord(data: DisclosureRecordedData, event: StoredEvent): AccountedDisclosure {
  const { recipientId, kind, viaIntermediaryId } = data.recipient;
  return {
    disclosureId: data.disclosureId,
    date: data.disclosedAt,
    recipient: viaIntermediaryId === undefined ? { recipientId, kind } : { recipientId, kind, viaIntermediaryId },
    purpose: data.purpose,
    categories: [...data.categories],
    basis: structuredClone(data.basis),
    ...(data.consentCopy === undefined ? {} : { consentCopy: { ...data.consentCopy } }),
    hasRedisclosureNotice: typeof data.notice === 'string' && data.notice.length > 0,
    carriedBy: { ...data.carriedBy },
    siteId: data.siteId ?? event.metadata.siteId,
    disclosedBy: { ...(data.disclosedBy ?? event.metadata.actor) },
    event: referenceTo(event),
  };
}

function ofReferralRecord(data: ReferralDisclosureData, event: StoredEvent): AccountedDisclosure {
  const actor = data.disclosedBy ?? event.metadata.actor;
  return {
    disclosureId: data.disclosureId,
    date: data.disclosedAt,
    // A dual-diagnosis referral goes to a specialist provider.
    recipient: { recipientId: data.recipientId, kind: 'provider' },
    purpose: isPurposeOfUse(data.purpose) ? data.purpose : (purposesOfLegacyForm([data.purpose])[0] ?? data.purpose),
    categories: [...(data.categories ?? [])],
    information: [...data.information],
    basis: basisOfReferralRecord(data),
    ...(data.consentCopy === undefined ? {} : { consentCopy: { ...data.consentCopy } }),
    hasRedisclosureNotice: typeof data.redisclosureNotice === 'string' && data.redisclosureNotice.length > 0,
    carriedBy: { kind: 'referral', id: data.referralId },
    siteId: event.metadata.siteId,
    disclosedBy: { userId: actor.userId, role: actor.role },
    event: referenceTo(event),
  };
}

function basisOfReferralRecord(data: ReferralDisclosureData): AccountedBasis {
  if (data.basis !== undefined) return structuredClone(data.basis);
  // Recorded before bases were: dual diagnosis sent a referral only under a consent (42 CFR 2.31, 2.33).
  if (data.consentId !== undefined)
    return { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: data.consentId, recordedBeforeBases: true };
  return { kind: 'not-recorded', citation: null };
}

export function answerDisclosureAccounting(fold: DisclosureFold): DisclosureAccounting {
  const byDate = [...fold.disclosures].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const part = (rule: AccountingRule): AccountingPart => {
    const period = periodOf(fold, rule);
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    const inPeriod = (disclosure: AccountedDisclosure) => {
      const at = Date.parse(disclosure.date);
      return at >= from && at <= to;
    };
    return { citation: ACCOUNTING_RULES[rule].citation, period, disclosures: byDate.filter(inPeriod) };
  };
  return {
    clientId: fold.clientId,
    asOf: fold.asOf,
    ...(fold.from === undefined ? {} : { from: fold.from }),
    part2: part('part-2'),
    hipaa: part('hipaa'),
    lastEventUsed: fold.lastEvent ?? null,
  };
}

/**
 * The rule's period, as the one rule states it: every end computed by @continuum/consent
 * (asked with no records, it answers the period alone).
 */
function periodOf(fold: DisclosureFold, rule: AccountingRule): AccountingPeriod {
  return accountingPeriodOf([], {
    clientId: fold.clientId,
    requestedAt: fold.asOf,
    rule,
    ...(fold.from === undefined ? {} : { from: fold.from }),
  }).period;
}

/** The whole accounting over events already in hand. */
export function accountingOfDisclosures(
  clientId: string,
  asOf: Date,
  events: Iterable<StoredEvent>,
  options: { from?: string } = {},
): DisclosureAccounting {
  let fold = startDisclosureAccounting(clientId, asOf, options.from);
  for (const event of events) fold = foldDisclosure(fold, event);
  return answerDisclosureAccounting(fold);
}
