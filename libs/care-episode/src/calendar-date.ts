// Clinical dates in the ledger (start, effective, through, discharge) are calendar days,
// 'YYYY-MM-DD': a level of care changes on a day, not at an instant. ISO strings of one
// format compare correctly as strings, which keeps the rules free of Date arithmetic.

export type CalendarDate = string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  // Rejects days that do not exist (2026-02-30), which Date would roll over into March.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

/**
 * The UTC day of an instant: for stamps of when something was recorded. The day a fact
 * happened at a site is `siteToday` (fact-dates.ts), on the site's own calendar.
 */
export function calendarDateOf(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10);
}

// Day arithmetic in UTC on the date alone, so a daylight-saving change never moves a clinical day.
const MILLISECONDS_PER_DAY = 86_400_000;

const startOf = (date: CalendarDate): number => Date.parse(`${date}T00:00:00.000Z`);

/** The date `days` after `date` (before it, for a negative number). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return calendarDateOf(new Date(startOf(date) + days * MILLISECONDS_PER_DAY));
}

/** Whole days from `from` to `to`: 0 on the same day, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((startOf(to) - startOf(from)) / MILLISECONDS_PER_DAY);
}

/** The Monday of the week a day falls in (the day itself when it is a Monday): the network's weeks run Monday to Sunday. */
export function mondayOf(date: CalendarDate): CalendarDate {
  const weekday = new Date(startOf(date)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
