import { type CalendarDate, addDays, calendarDateOf, siteToday } from '@continuum/care-episode';
import { type PlanRules } from './rules.js';

export { addDays, daysBetween, mondayOf } from '@continuum/care-episode';

// Day arithmetic on 'YYYY-MM-DD' calendar dates. Every clinical date in a plan (sessions,
// tests, reviews, weeks) is a calendar day, so the rules count whole days and never depend
// on the hour a command happened to arrive.

const startOf = (date: CalendarDate): number => Date.parse(`${date}T00:00:00.000Z`);

/** The day of an instant (UTC), or the day itself when given one. */
export function dayOf(value: Date | CalendarDate): CalendarDate {
  return typeof value === 'string' ? value : calendarDateOf(value);
}

/** Days told per policy, site and minute: each dated command and each plan read asks again, and formatting a day in a zone is costly. */
const siteDays = new WeakMap<PlanRules['factDates'], Map<string, CalendarDate>>();
const SITE_DAYS_KEPT = 256;

/**
 * Today on the calendar of the plan's site: the day a fact may be dated at the latest. The day
 * is the same throughout a minute (every time zone's offset in use is whole minutes), so it is
 * worked out once per site and minute.
 */
export function todayAtSite(plan: { siteId: string }, now: Date, rules: Pick<PlanRules, 'factDates'>): CalendarDate {
  let days = siteDays.get(rules.factDates);
  if (!days) siteDays.set(rules.factDates, (days = new Map()));
  const key = `${plan.siteId}@${Math.floor(now.getTime() / 60_000)}`;
  let day = days.get(key);
  if (day === undefined) {
    day = siteToday(now, plan.siteId, rules.factDates);
    if (days.size >= SITE_DAYS_KEPT) days.delete(days.keys().next().value!);
    days.set(key, day);
  }
  return day;
}

/** Weeks of attendance run Monday to Sunday. */
export function isMonday(date: CalendarDate): boolean {
  return new Date(startOf(date)).getUTCDay() === 1;
}

/** Weeks whose days are kept: every read of a plan asks for the same few weeks again. */
const WEEKS_KEPT = 4096;
const weekDays = new Map<CalendarDate, readonly CalendarDate[]>();

/** The seven days of the week that starts on `weekStart`, Monday first (computed once per week, the list frozen). */
export function daysOfWeek(weekStart: CalendarDate): readonly CalendarDate[] {
  let days = weekDays.get(weekStart);
  if (!days) {
    days = Object.freeze(Array.from({ length: 7 }, (_, offset) => addDays(weekStart, offset)));
    if (weekDays.size >= WEEKS_KEPT) weekDays.delete(weekDays.keys().next().value!);
    weekDays.set(weekStart, days);
  }
  return days;
}
