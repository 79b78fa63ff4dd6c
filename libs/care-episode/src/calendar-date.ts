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
 * The UTC day of an instant. Used only where a command leaves its date out; a writer serving
 * a site far from UTC should pass the site's local day explicitly.
 */
export function calendarDateOf(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10);
}
