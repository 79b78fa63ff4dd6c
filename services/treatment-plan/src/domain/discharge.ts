import { type CalendarDate, DISCHARGE_DISPOSITIONS, type DischargeDisposition } from '#continuum/care-episode';
import { RuleBroken } from '#continuum/decider';
import { dayOf } from './calendar.js';
import { type CloseForDischarge } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import { sobrietyStreak } from './sobriety.js';
import { isGoalClosed } from './structure.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireOneOf } from './validation.js';

// Discharge readiness (DOMAIN.md): `dischargeSobrietyDays` consecutive sober days AND every
// goal closed (achieved, not achieved or cancelled). A plan with no goals has none open.
// While the criteria are unmet the programme is lengthened rather than ended; a discharge
// before then is possible but is not `completed`.

export type DischargeReadiness = {
  ready: boolean;
  soberDays: number;
  /** How many goals are still proposed or active. */
  openGoals: number;
  openGoalIds: string[];
  /** Why the client is not ready yet; empty when ready. Ids and numbers only. */
  reasons: string[];
};

export function dischargeReadiness(
  plan: Pick<PlanFacts, 'startDate' | 'drugTests' | 'selfReports' | 'relapses' | 'goals'>,
  today: Date | CalendarDate,
  rules: Pick<PlanRules, 'dischargeSobrietyDays'>,
): DischargeReadiness {
  const soberDays = sobrietyStreak(plan, today);
  const openGoalIds = plan.goals.filter((goal) => !isGoalClosed(goal)).map((goal) => goal.goalId);
  const reasons: string[] = [];
  if (soberDays < rules.dischargeSobrietyDays) {
    reasons.push(`${soberDays} consecutive sober days of the ${rules.dischargeSobrietyDays} needed`);
  }
  if (openGoalIds.length > 0) reasons.push(`goals still open: ${openGoalIds.join(', ')}`);
  return { ready: reasons.length === 0, soberDays, openGoals: openGoalIds.length, openGoalIds, reasons };
}

/** `completed` only when ready; any other disposition is the clinician's call and always allowed. */
export function checkDischargeDisposition(readiness: DischargeReadiness, disposition: DischargeDisposition): void {
  if (disposition !== 'completed' || readiness.ready) return;
  throw new RuleBroken(
    `the client does not meet the criteria for a completed discharge (${readiness.reasons.join('; ')}): ` +
      `extend the programme and wait, or discharge with another disposition (${DISCHARGE_DISPOSITIONS.filter((d) => d !== 'completed').join(', ')})`,
    'not-ready-for-completed-discharge',
    { readiness },
  );
}

export function closeForDischarge(command: CloseForDischarge, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { disposition } = command.data;
  const today = dayOf(now);
  const date = command.data.date ?? today;
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'disposition', disposition, DISCHARGE_DISPOSITIONS);
  requireDate(problems, 'date', date, {
    notAfter: { date: today, message: `a discharge is recorded on or after its day: the date is after today (${today})` },
    notBefore: { date: plan.startDate, message: `the plan started on ${plan.startDate}: the discharge cannot be earlier` },
  });
  refuseIfInvalid('the plan cannot be closed for discharge', 'invalid-discharge', problems);
  checkDischargeDisposition(dischargeReadiness(plan, date, rules), disposition);
  return [{ type: 'PlanClosed', data: { planId: plan.planId, disposition, date, closedAt: now.toISOString() } }];
}
