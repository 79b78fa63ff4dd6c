import { type CalendarDate, calendarDateOf } from '#continuum/care-episode';

// Day arithmetic on 'YYYY-MM-DD' calendar dates. Every clinical date in a plan (sessions,
// tests, reviews, weeks) is a calendar day, so the rules count whole days and never depend
// on the hour a command happened to arrive.

const MILLISECONDS_PER_DAY = 86_400_000;

const startOf = (date: CalendarDate): number => Date.parse(`${date}T00:00:00.000Z`);

/** The day of an instant (UTC), or the day itself when given one. */
export function dayOf(value: Date | CalendarDate): CalendarDate {
  return typeof value === 'string' ? value : calendarDateOf(value);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return calendarDateOf(new Date(startOf(date) + days * MILLISECONDS_PER_DAY));
}

/** Whole days from `from` to `to`: 0 on the same day, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((startOf(to) - startOf(from)) / MILLISECONDS_PER_DAY);
}

/** Weeks of attendance run Monday to Sunday. */
export function isMonday(date: CalendarDate): boolean {
  return new Date(startOf(date)).getUTCDay() === 1;
}

/** The Monday of the week a day falls in (the day itself when it is a Monday). */
export function mondayOf(date: CalendarDate): CalendarDate {
  const weekday = new Date(startOf(date)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** The seven days of the week that starts on `weekStart`, Monday first. */
export function daysOfWeek(weekStart: CalendarDate): CalendarDate[] {
  return Array.from({ length: 7 }, (_, offset) => addDays(weekStart, offset));
}
