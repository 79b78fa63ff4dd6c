import { type CalendarDate, type LevelOfCare, lateEntryOf, minimumWeeklyHours } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { addDays, dayOf, daysOfWeek, isMonday, mondayOf, todayAtSite } from './calendar.js';
import { type CloseWeek, type RecordSession } from './commands.js';
import { type PlanEvent } from './events.js';
import { levelKeyOf } from './length-of-stay.js';
import { type OpenPlan, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireFactDate, requireText } from './validation.js';

// Sessions and the weekly dose (docs/domain/treatment-plan.md#attendance-and-weekly-hours): attended hours per
// week, Monday to Sunday, against the minimum of the level the plan recorded for that week.

const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

export function recordSession(command: RecordSession, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { sessionId, date, hours, attended, kind, lateEntryReason } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'sessionId', sessionId, 'give the session an id');
  if (
    requireDate(problems, 'date', date, {
      notBefore: {
        date: plan.startDate,
        message: `the plan started on ${plan.startDate}: a session before it belongs to another programme`,
      },
    })
  ) {
    requireFactDate(problems, { date, lateEntryReason }, { today, rules, field: 'date', what: 'the session' });
  }
  if (!(typeof hours === 'number' && Number.isFinite(hours) && hours > 0 && hours <= 24)) {
    problems.push({ field: 'hours', message: 'give the session length in hours, more than 0 and at most 24' });
  }
  if (typeof attended !== 'boolean') problems.push({ field: 'attended', message: 'say whether the client attended (true or false)' });
  if (kind !== undefined) requireText(problems, 'kind', kind, 'give the session kind as a code, or leave it out');
  refuseIfInvalid('the session cannot be recorded', 'invalid-session', problems);
  // The same session twice (a resent sheet, a redelivered message) is recorded once.
  if (plan.sessions.some((session) => session.sessionId === sessionId) || plan.enteredInError.some((entry) => entry.id === sessionId))
    return [];
  const data = {
    planId: plan.planId,
    sessionId,
    date,
    hours,
    ...(kind === undefined ? {} : { kind }),
    ...lateEntryOf({ date, lateEntryReason }, today),
  };
  return [attended ? { type: 'SessionAttended', data } : { type: 'SessionMissed', data }];
}

/** Hours attended in the week starting `weekStart` (a Monday), to the hundredth of an hour. */
export function weeklyHours(plan: Pick<PlanFacts, 'sessions'>, weekStart: CalendarDate): number {
  const weekEnd = addDays(weekStart, 6);
  const hours = plan.sessions
    .filter((session) => session.attended && session.date >= weekStart && session.date <= weekEnd)
    .reduce((sum, session) => sum + session.hours, 0);
  return roundHours(hours);
}

/** Sessions of this kind are individual therapy (codes.ts INTERVENTION_KINDS). */
export const INDIVIDUAL_SESSION_KIND = 'individual-therapy';

/** Individual-therapy sessions attended in the week starting `weekStart`. */
export function weeklyIndividualSessions(plan: Pick<PlanFacts, 'sessions'>, weekStart: CalendarDate): number {
  const weekEnd = addDays(weekStart, 6);
  return plan.sessions.filter(
    (session) => session.attended && session.kind === INDIVIDUAL_SESSION_KIND && session.date >= weekStart && session.date <= weekEnd,
  ).length;
}

/**
 * The individual sessions a week asks for, beside its hours: the programme's weekly figure for
 * the level of the week's last day in treatment (`individualSessionsPerWeek`, default 2 for
 * IOP), in proportion to the days of the week in treatment, rounded down; undefined when the
 * level asks for none.
 */
export function weeklyIndividualMinimum(
  plan: Pick<PlanFacts, 'levelHistory' | 'startDate'> & { closedOn?: CalendarDate },
  weekStart: CalendarDate,
  rules: Pick<PlanRules, 'individualSessionsPerWeek'>,
): number | undefined {
  const daysInTreatment = daysOfWeek(weekStart).filter(
    (day) => day >= plan.startDate && (plan.closedOn === undefined || day <= plan.closedOn),
  );
  if (daysInTreatment.length === 0) return undefined;
  const perWeek = rules.individualSessionsPerWeek[levelKeyOf(levelOn(plan, daysInTreatment.at(-1)!))];
  if (perWeek === undefined) return undefined;
  return Math.floor((perWeek * daysInTreatment.length) / 7);
}

/** The level the plan recorded on a day: the latest level that took effect on or before it. */
export function levelOn(plan: Pick<PlanFacts, 'levelHistory'>, day: CalendarDate): LevelOfCare {
  let level = plan.levelHistory[0]!.level;
  for (const period of plan.levelHistory) if (period.effectiveDate <= day) level = period.level;
  return level;
}

export type WeeklyMinimum = {
  /** The hours the week asks for. */
  minimum: number;
  /** The level on the week's last day in treatment: the one an alert names. */
  level: LevelOfCare;
};

/**
 * The minimum a week asks for, or undefined when none of its days has one (outpatient sets
 * a ceiling, not a floor, so it never raises an under-dosed alert).
 *
 * A week in which the level changed, or in which the plan started or closed, asks for each
 * day's share of its level's weekly minimum: a client admitted to IOP on a Thursday cannot
 * have had nine hours by Sunday, and a step-up to PHP on a Friday does not make the whole
 * week owe twenty. A full week at one level asks for exactly that level's minimum.
 */
export function weeklyMinimum(
  plan: Pick<PlanFacts, 'levelHistory' | 'population' | 'startDate'> & { closedOn?: CalendarDate },
  weekStart: CalendarDate,
  rules: Pick<PlanRules, 'levels'>,
): WeeklyMinimum | undefined {
  const daysInTreatment = daysOfWeek(weekStart).filter(
    (day) => day >= plan.startDate && (plan.closedOn === undefined || day <= plan.closedOn),
  );
  if (daysInTreatment.length === 0) return undefined;
  const dailyMinimums = daysInTreatment.map((day) => minimumWeeklyHours(levelOn(plan, day), plan.population, rules.levels));
  if (dailyMinimums.every((minimum) => minimum === undefined)) return undefined;
  const sum = dailyMinimums.reduce<number>((total, minimum) => total + (minimum ?? 0), 0);
  return { minimum: roundHours(sum / 7), level: levelOn(plan, daysInTreatment.at(-1)!) };
}

/** Every week of the plan that is over, asks for a minimum, and is not yet closed, oldest first: the weeks the scheduler closes. */
export function weeksToClose(plan: OpenPlan, today: CalendarDate, rules: Pick<PlanRules, 'levels'>): CalendarDate[] {
  const lastOver = addDays(mondayOf(today), -7);
  const closed = new Set(plan.closedWeeks.map((week) => week.weekStart));
  const weeks: CalendarDate[] = [];
  for (let week = mondayOf(plan.startDate); week <= lastOver; week = addDays(week, 7)) {
    if (!closed.has(week) && weeklyMinimum(plan, week, rules) !== undefined) weeks.push(week);
  }
  return weeks;
}

/**
 * The scheduler closes each week once it is over. Once per week: a repeat changes nothing,
 * and so does a week whose levels set no minimum. A session recorded late for a week
 * already closed counts in `weeklyHours` but does not reopen the week's verdict.
 */
export function closeWeek(command: CloseWeek, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { weekStart } = command.data;
  const problems: ValidationProblem[] = [];
  if (requireDate(problems, 'weekStart', weekStart) && !isMonday(weekStart)) {
    problems.push({
      field: 'weekStart',
      message: `weeks run Monday to Sunday: give the Monday the week starts on (${weekStart} is not a Monday)`,
    });
  }
  refuseIfInvalid('the week cannot be closed', 'invalid-week', problems);
  const weekEnd = addDays(weekStart, 6);
  if (dayOf(now) <= weekEnd) {
    throw new RuleBroken(`the week of ${weekStart} runs until ${weekEnd}: close it from ${addDays(weekEnd, 1)} on`, 'week-not-over', {
      weekStart,
    });
  }
  if (weekEnd < plan.startDate) {
    throw new RuleBroken(
      `the plan started on ${plan.startDate}, after the week of ${weekStart}: close only weeks of the plan`,
      'week-before-plan',
      { weekStart },
    );
  }
  if (plan.closedWeeks.some((week) => week.weekStart === weekStart)) return [];
  const required = weeklyMinimum(plan, weekStart, rules);
  if (!required) return [];
  const hours = weeklyHours(plan, weekStart);
  const individualMinimum = weeklyIndividualMinimum(plan, weekStart, rules);
  const data = {
    planId: plan.planId,
    weekStart,
    hours,
    minimum: required.minimum,
    level: required.level,
    ...(individualMinimum === undefined
      ? {}
      : { individualSessions: weeklyIndividualSessions(plan, weekStart), individualSessionsMinimum: individualMinimum }),
  };
  return [hours >= required.minimum ? { type: 'WeekDoseMet', data } : { type: 'WeekUnderDosed', data }];
}

/** One week's attendance as the plan view and the weeks list show it: hours and individual sessions against the level's minimums. */
export function weekAttendance(
  plan: Pick<PlanFacts, 'sessions' | 'levelHistory' | 'population' | 'startDate'> & { closedOn?: CalendarDate },
  weekStart: CalendarDate,
  rules: Pick<PlanRules, 'levels' | 'individualSessionsPerWeek'>,
) {
  return {
    weekStart,
    hours: weeklyHours(plan, weekStart),
    minimum: weeklyMinimum(plan, weekStart, rules)?.minimum ?? null,
    individualSessions: weeklyIndividualSessions(plan, weekStart),
    individualSessionsMinimum: weeklyIndividualMinimum(plan, weekStart, rules) ?? null,
  };
}

/** The Mondays from `from`'s week to `to`'s week, both included, oldest first. */
export function mondaysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const weeks: CalendarDate[] = [];
  for (let week = mondayOf(from); week <= to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}
