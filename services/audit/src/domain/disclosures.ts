import { type EventReference, STREAM_PREFIXES, type StoredEvent, isAboutClient, referenceTo } from './stored-event.js';

// Accounting of disclosures (docs/domain/compliance.md#accounting-of-disclosures): what a client
// may ask for, as of a
// given moment. 42 CFR 2.25 gives the client the list of the Part 2 consented disclosures
// of the last 3 years; HIPAA 164.528 an accounting of the disclosures of the last 6 years.
// The source is dual-diagnosis's `DisclosureRecorded` in `referral-<id>` streams, the one
// event recorded at the moment a referral's information leaves the programme.

/**
 * dual-diagnosis's DisclosureRecorded (services/dual-diagnosis/src/domain/referral.ts, which
 * the audit may not import): what was disclosed as codes, to whom, why, under which consent.
 */
export type DisclosureRecordedData = {
  disclosureId: string;
  referralId: string;
  clientId: string;
  recipientId: string;
  information: string[];
  purpose: string;
  consentId?: string;
  disclosedAt: string;
  redisclosureNotice?: string;
};

export const DISCLOSURE_EVENT_TYPE = 'DisclosureRecorded';
export const DISCLOSURE_STREAM_PREFIX = STREAM_PREFIXES.referral;

/** 42 CFR 2.25: the Part 2 consented disclosures of the last 3 years. */
export const PART_2_ACCOUNTING_YEARS = 3;
/** HIPAA 164.528(a): every disclosure of the last 6 years. */
export const HIPAA_ACCOUNTING_YEARS = 6;

export type AccountedDisclosure = {
  disclosureId: string;
  /** When the information left the programme (ISO 8601). */
  date: string;
  recipientId: string;
  /** What was disclosed, as codes. */
  information: string[];
  purpose: string;
  /** The Part 2 consent the disclosure relied on; absent for a disclosure made without one. */
  consentId?: string;
  referralId: string;
  /** The site whose records were disclosed, and who disclosed them. */
  siteId: string;
  disclosedBy: { userId: string; role: string };
  hasRedisclosureNotice: boolean;
  event: EventReference;
};

export type DisclosureAccounting = {
  clientId: string;
  /** The moment the accounting is made for: disclosures recorded later are not in it. */
  asOf: string;
  /** Consented (Part 2) disclosures dated on or after `since` (asOf minus 3 years). */
  part2: { since: string; disclosures: AccountedDisclosure[] };
  /** Every disclosure dated on or after `since` (asOf minus 6 years). */
  all: { since: string; disclosures: AccountedDisclosure[] };
  lastEventUsed: EventReference | null;
};

export type DisclosureFold = {
  clientId: string;
  asOf: string;
  asOfMs: number;
  disclosures: AccountedDisclosure[];
  lastEvent?: EventReference;
};

export function startDisclosureAccounting(clientId: string, asOf: Date): DisclosureFold {
  const asOfMs = asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError('the accounting needs a valid instant: give it as ISO 8601, e.g. 2026-03-01T12:00:00Z');
  return { clientId, asOf: asOf.toISOString(), asOfMs, disclosures: [] };
}

/** Folds one event in global order; anything but the client's disclosures recorded by `asOf` leaves the fold unchanged. */
export function foldDisclosure(fold: DisclosureFold, event: StoredEvent): DisclosureFold {
  if (event.type !== DISCLOSURE_EVENT_TYPE || !event.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) return fold;
  if (!isAboutClient(event, fold.clientId) || Date.parse(event.recordedAt) > fold.asOfMs) return fold;
  const data = event.data as DisclosureRecordedData;
  fold.lastEvent = referenceTo(event);
  fold.disclosures.push({
    disclosureId: data.disclosureId,
    date: data.disclosedAt,
    recipientId: data.recipientId,
    information: [...data.information],
    purpose: data.purpose,
    ...(data.consentId ? { consentId: data.consentId } : {}),
    referralId: data.referralId,
    siteId: event.metadata.siteId,
    disclosedBy: { userId: event.metadata.actor.userId, role: event.metadata.actor.role },
    hasRedisclosureNotice: typeof data.redisclosureNotice === 'string' && data.redisclosureNotice.length > 0,
    event: referenceTo(event),
  });
  return fold;
}

export function answerDisclosureAccounting(fold: DisclosureFold): DisclosureAccounting {
  const part2Since = yearsBefore(fold.asOfMs, PART_2_ACCOUNTING_YEARS);
  const allSince = yearsBefore(fold.asOfMs, HIPAA_ACCOUNTING_YEARS);
  const dated = (since: Date) => (disclosure: AccountedDisclosure) => {
    const at = Date.parse(disclosure.date);
    return at >= since.getTime() && at <= fold.asOfMs;
  };
  const byDate = [...fold.disclosures].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  return {
    clientId: fold.clientId,
    asOf: fold.asOf,
    part2: {
      since: part2Since.toISOString(),
      disclosures: byDate.filter((disclosure) => disclosure.consentId !== undefined).filter(dated(part2Since)),
    },
    all: { since: allSince.toISOString(), disclosures: byDate.filter(dated(allSince)) },
    lastEventUsed: fold.lastEvent ?? null,
  };
}

/** The whole accounting over events already in hand. */
export function accountingOfDisclosures(clientId: string, asOf: Date, events: Iterable<StoredEvent>): DisclosureAccounting {
  let fold = startDisclosureAccounting(clientId, asOf);
  for (const event of events) fold = foldDisclosure(fold, event);
  return answerDisclosureAccounting(fold);
}

/** The same calendar instant `years` earlier (UTC); 29 February falls back to 1 March, the later day, so the window never grows. */
function yearsBefore(ms: number, years: number): Date {
  const start = new Date(ms);
  start.setUTCFullYear(start.getUTCFullYear() - years);
  return start;
}
