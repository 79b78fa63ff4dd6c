import { type CalendarDate } from '#continuum/care-episode';

// Aftercare counts in whole days from the discharge day (day 7, day 30…), on calendar dates
// 'YYYY-MM-DD' as the care-episode ledger keeps them. UTC arithmetic on the date alone, so a
// daylight-saving change never moves a check-in.

const DAY_MS = 24 * 60 * 60 * 1000;

const startOf = (date: CalendarDate) => Date.parse(`${date}T00:00:00.000Z`);

/** The date `days` after `date` (before it, for a negative number). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(startOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`: 0 on the same day, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((startOf(to) - startOf(from)) / DAY_MS);
}

/** The Monday of the week a day falls in (the day itself when it is a Monday): "due this week" runs Monday to Sunday. */
export function mondayOf(date: CalendarDate): CalendarDate {
  const weekday = new Date(startOf(date)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
