import { type CalendarDate, addDays, isCalendarDate } from './calendar-date.js';

// One date rule for facts that happened — a specimen collected, a session attended, a level
// changed, a site transfer, a discharge — read by the care-episode ledger and the treatment
// plan alike, so that the two can never disagree about whether a day is acceptable.
//
// - A fact is never dated after today, and "today" is the day on the site's own calendar:
//   at 21:00 in a site west of UTC it is still the site's day, not tomorrow's UTC day.
// - A fact dated before today is a late entry (back-dating): accepted only within the
//   network's window and with a coded reason, which the event records. Outside the window the
//   record is refused: the correction belongs in a new, dated entry a reviewer can see.
//
// Planned dates (appointments, planned end dates, authorisation through-dates, consent expiry,
// goal targets, medication starts) are not facts and keep their own rules.

/** Why a fact is recorded after its day. Codes only: the explanation, if any, is a document elsewhere. */
export const LATE_ENTRY_REASONS = [
  /** Written up after the day (a group's attendance sheet entered the next morning). */
  'documented-late',
  /** A laboratory result that arrived after the specimen's collection day. */
  'result-received-late',
  /** The record system could not be used on the day. */
  'system-unavailable',
  /** Copied from a paper record kept on the day. */
  'transcribed-from-paper',
] as const;
export type LateEntryReason = (typeof LATE_ENTRY_REASONS)[number];

export type FactDatePolicy = {
  /** IANA time zone of each site, e.g. `{ 'site-north': 'America/Chicago' }`. */
  siteTimeZones: Readonly<Record<string, string>>;
  /** For a site not listed. */
  defaultTimeZone: string;
  /** How many days before today a fact may still be dated, with a late-entry reason. */
  lateEntryWindowDays: number;
};

/**
 * Fourteen days covers a laboratory's confirmation of a specimen (typically 3–10 days) and a
 * late attendance sheet, while keeping a back-dated entry close enough to its day to be checked.
 * A network may narrow or widen it; every late entry still names its reason.
 */
export const DEFAULT_FACT_DATE_POLICY: FactDatePolicy = Object.freeze({
  siteTimeZones: Object.freeze({}),
  defaultTimeZone: 'UTC',
  lateEntryWindowDays: 14,
});

export function factDatePolicy(overrides: Partial<FactDatePolicy> = {}): FactDatePolicy {
  const policy = { ...DEFAULT_FACT_DATE_POLICY, ...overrides };
  for (const zone of [policy.defaultTimeZone, ...Object.values(policy.siteTimeZones)]) requireTimeZone(zone);
  if (!Number.isInteger(policy.lateEntryWindowDays) || policy.lateEntryWindowDays < 0) {
    throw new RangeError(`the late-entry window is a whole number of days, 0 or more, not ${String(policy.lateEntryWindowDays)}`);
  }
  return policy;
}

/** Throws a RangeError naming the zone when the runtime does not know it. */
export function requireTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
  } catch {
    throw new RangeError(`${zone} is not an IANA time zone (e.g. America/Chicago, Europe/London, UTC)`);
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in a time zone. */
export function calendarDateIn(instant: Date, timeZone: string): CalendarDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** Today on the site's calendar. */
export function siteToday(instant: Date, siteId: string, policy: FactDatePolicy): CalendarDate {
  return calendarDateIn(instant, policy.siteTimeZones[siteId] ?? policy.defaultTimeZone);
}

/**
 * An episode (or its plan) admitted for a start date still ahead: it may be discharged dated
 * today, before that start, since the client never began and no timeline runs backwards.
 */
export function startsAfter(startDate: CalendarDate, today: CalendarDate): boolean {
  return startDate > today;
}

/** A fact's date as a caller gives it: the day, and why it is recorded late when it is. */
export type FactDate = { date: CalendarDate; lateEntryReason?: string };

/** A problem with a fact's date, in the shape the plan's form validation collects. */
export type FactDateProblem = { field: string; message: string };

/**
 * The problems with a fact's date under the policy (empty when none), so a form is answered
 * with every problem at once. `what` names the fact in the message ("the session").
 */
export function factDateProblems(
  fact: FactDate,
  { today, policy, field, what }: { today: CalendarDate; policy: FactDatePolicy; field: string; what: string },
): FactDateProblem[] {
  if (!isCalendarDate(fact.date)) return [{ field, message: 'give a calendar date as YYYY-MM-DD' }];
  if (fact.date > today) {
    return [{ field, message: `${what} is recorded once it has happened: ${fact.date} is after today (${today}) at the site` }];
  }
  const reasonField = 'lateEntryReason';
  if (fact.date === today) {
    return fact.lateEntryReason === undefined ? [] : [{ field: reasonField, message: `${what} is dated today: leave lateEntryReason out` }];
  }
  const earliest = addDays(today, -policy.lateEntryWindowDays);
  if (fact.date < earliest) {
    return [
      {
        field,
        message:
          `${what} is dated ${fact.date}, more than ${policy.lateEntryWindowDays} days before today (${today}), the earliest a late entry may be dated is ${earliest}: ` +
          'record what happened as a correction dated today and reference the original record',
      },
    ];
  }
  if (fact.lateEntryReason === undefined || !(LATE_ENTRY_REASONS as readonly string[]).includes(fact.lateEntryReason)) {
    return [
      {
        field: reasonField,
        message: `${what} is dated ${fact.date}, before today (${today}): a late entry names why, one of ${LATE_ENTRY_REASONS.join(', ')}`,
      },
    ];
  }
  return [];
}

/** The late-entry part an event records: the reason when the fact is dated before today, else nothing. */
export function lateEntryOf(fact: FactDate, today: CalendarDate): { lateEntryReason: LateEntryReason } | Record<string, never> {
  return fact.date < today && fact.lateEntryReason !== undefined ? { lateEntryReason: fact.lateEntryReason as LateEntryReason } : {};
}
