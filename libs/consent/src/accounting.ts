// The accounting of disclosures a client may ask for: 42 CFR 2.25 (since the 2024 rule; 2.24
// now covers intermediaries' lists of disclosures) for the 3 years before the request, and
// HIPAA 45 CFR 164.528 for 6 years where the programme is also a covered entity. The client may
// ask for a shorter period (2.25(a), 164.528(a)(3)). Each entry carries what 164.528(b)(2) asks:
// the date, the recipient, what was disclosed and the purpose, and here also the legal basis.
//
// Safer reading: every recorded disclosure in the period is listed, whatever its basis (2.25(a)
// asks only for consented ones, 2.25(b) for TPO ones only through an electronic health record;
// the client learning of more is not a harm), and the period is closed at both ends.
import { type DisclosureRecord } from './disclosure.js';

export const ACCOUNTING_RULES = {
  'part-2': { years: 3, citation: '42 CFR 2.25' },
  hipaa: { years: 6, citation: '45 CFR 164.528(b)(1)' },
} as const;
export type AccountingRule = keyof typeof ACCOUNTING_RULES;

export type AccountingRequest = {
  clientId: string;
  /** When the client asked (ISO instant). */
  requestedAt: string;
  rule: AccountingRule;
  /** A shorter period the client chose: YYYY-MM-DD, from the start of that day. Ignored when it would lengthen the period. */
  from?: string;
};

export type AccountingEntry = Pick<DisclosureRecord, 'disclosureId' | 'disclosedAt' | 'recipient' | 'purpose' | 'categories' | 'basis'>;

export type Accounting = {
  clientId: string;
  citation: string;
  /** Both ends inclusive: from the start (00:00 UTC) of the day N years before the request's day, to the request's instant. */
  period: { from: string; to: string; fromInclusive: true; toInclusive: true };
  entries: AccountingEntry[];
};

/**
 * The day `years` before `date` (UTC). 29 February goes to 28 February: the earlier day, so the
 * period is never shorter than the rule gives.
 */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y - years, m - 1, 1));
  const lastDay = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The client's disclosures in the period, oldest first. */
export function accountingOfDisclosures(records: readonly DisclosureRecord[], request: AccountingRequest): Accounting {
  const rule = ACCOUNTING_RULES[request.rule];
  const to = Date.parse(request.requestedAt);
  const requestDay = new Date(to).toISOString().slice(0, 10);
  const earliest = yearsBefore(requestDay, rule.years);
  const fromDay = request.from !== undefined && request.from > earliest ? request.from : earliest;
  const from = Date.parse(`${fromDay}T00:00:00.000Z`);
  const entries = records
    .filter((r) => r.clientId === request.clientId)
    .filter((r) => {
      const t = Date.parse(r.disclosedAt);
      return t >= from && t <= to;
    })
    .sort((a, b) => Date.parse(a.disclosedAt) - Date.parse(b.disclosedAt))
    .map(({ disclosureId, disclosedAt, recipient, purpose, categories, basis }) => ({
      disclosureId,
      disclosedAt,
      recipient,
      purpose,
      categories,
      basis,
    }));
  return {
    clientId: request.clientId,
    citation: rule.citation,
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), fromInclusive: true, toInclusive: true },
    entries,
  };
}
