import { type CalendarDate } from '@continuum/care-episode';
import { addDays } from './calendar-days.js';
import { lastDayToRecord } from './decide-check-ins.js';
import { type CheckInOutcome, type ScheduledCheckIn } from './events.js';
import { type AftercarePlan } from './plan.js';
import { type AftercareRules, DEFAULT_AFTERCARE_RULES } from './rules.js';

// Questions the projections and the scheduler ask of one plan. Pure: the day is an input.

export type DueCheckIn = ScheduledCheckIn & { planId: string; clientId: string; siteId: string };

/** Check-ins not yet recorded or missed that fall due in the week from `weekStart` (seven days). */
export function checkInsDue(plan: AftercarePlan, weekStart: CalendarDate): DueCheckIn[] {
  if (plan.status !== 'active') return [];
  const weekEnd = addDays(weekStart, 6);
  return plan.checkIns
    .filter((checkIn) => checkIn.status === 'scheduled' && checkIn.dueDate >= weekStart && checkIn.dueDate <= weekEnd)
    .map(({ day, dueDate }) => ({ day, dueDate, planId: plan.planId, clientId: plan.clientId, siteId: plan.siteId }));
}

export type MissedCheckIn = DueCheckIn & {
  /** The last day it could have been recorded. */
  lastDayToRecord: CalendarDate;
  /**
   * False while the scheduler has not yet marked it: send MarkCheckInMissed for these.
   * True once CheckInMissed (and its outreach task) is recorded.
   */
  isMarked: boolean;
};

/**
 * Check-ins whose grace days ran out before `today` without a record: those already marked
 * missed and those the scheduler still has to mark. After continuing care ended, only the
 * ones marked while it ran.
 */
export function missedCheckIns(
  plan: AftercarePlan,
  today: CalendarDate,
  rules: Pick<AftercareRules, 'graceDays'> = DEFAULT_AFTERCARE_RULES,
): MissedCheckIn[] {
  if (plan.status === 'none') return [];
  return plan.checkIns.flatMap((checkIn) => {
    const lastDay = lastDayToRecord(checkIn.dueDate, rules);
    const isMarked = checkIn.status === 'missed';
    const isOverdue = plan.status === 'active' && checkIn.status === 'scheduled' && today > lastDay;
    if (!isMarked && !isOverdue) return [];
    const { day, dueDate } = checkIn;
    return [{ day, dueDate, planId: plan.planId, clientId: plan.clientId, siteId: plan.siteId, lastDayToRecord: lastDay, isMarked }];
  });
}

/** The days after discharge at which the network reports outcomes (docs/domain/aftercare.md#outcome-reports). */
export const OUTCOME_DAYS = [30, 90, 180, 365] as const;
export type OutcomeDay = (typeof OUTCOME_DAYS)[number];

export type OutcomeAt = {
  /** The reporting day asked about. */
  atDay: OutcomeDay;
  /** The check-in that answers: the latest recorded one scheduled on or before that day. */
  checkInDay: number;
  dueDate: CalendarDate;
  date: CalendarDate;
  outcome: CheckInOutcome;
  /** Null when the client could not be reached. */
  barc10Total: number | null;
  isStrongRecoveryCapital: boolean | null;
};

/**
 * The client's outcome `day` days after discharge: the latest recorded check-in scheduled on
 * or before that day (the day-300 check-in answers for day 365). Undefined when no check-in
 * up to that day was recorded, which a report counts as unknown, not as abstinent.
 */
export function outcomeAt(plan: AftercarePlan, day: OutcomeDay): OutcomeAt | undefined {
  if (plan.status === 'none') return undefined;
  const answering = plan.checkIns.filter((checkIn) => checkIn.status === 'recorded' && checkIn.day <= day).at(-1);
  if (!answering || answering.status !== 'recorded') return undefined;
  return {
    atDay: day,
    checkInDay: answering.day,
    dueDate: answering.dueDate,
    date: answering.date,
    outcome: answering.outcome,
    barc10Total: answering.barc10?.total ?? null,
    isStrongRecoveryCapital: answering.barc10?.isStrongRecoveryCapital ?? null,
  };
}
