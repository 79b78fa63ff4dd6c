import { type CalendarDate, DISCHARGE_DISPOSITIONS, type DischargeDisposition, lateEntryOf, startsAfter } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { dayOf, todayAtSite } from './calendar.js';
import { type CloseForDischarge } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type PlanFacts, isActivated } from './plan.js';
import { type PlanRules } from './rules.js';
import { type Sobriety, sobriety } from './sobriety.js';
import { isGoalClosed } from './structure.js';
import { type ValidationProblem, refuseIfInvalid, requireFactDate, requireOneOf } from './validation.js';

// Discharge readiness and the `completed` disposition
// (docs/domain/dates-and-discharge.md#the-completed-discharge): `dischargeSobrietyDays`
// consecutive sober days backed by evidence (a negative test and attendance in each of the
// last weeks, sobriety.ts) AND every programme goal closed (achieved, not achieved or
// cancelled); a `completed` discharge also needs a signed plan (both signatures) with at least
// one goal achieved. Readiness is always read on the discharge's own day, which the date rule
// keeps on or before today, so a date ahead can never make a client ready. While the criteria
// are unmet the programme is lengthened rather than ended; a discharge before then takes
// another disposition. Medication for addiction treatment is no condition: a client on
// buprenorphine or methadone completes like any other.

/** One condition of a `completed` discharge that does not hold yet, in ids and numbers only. */
export type UnmetDischargeCondition =
  | { condition: 'sober-days'; needed: number; actual: number }
  | {
      condition: 'sobriety-evidence';
      weeksWithoutEvidence: { from: CalendarDate; to: CalendarDate; negativeTests: number; attendedSessions: number }[];
    }
  | { condition: 'goals-closed'; openGoalIds: string[] }
  | { condition: 'plan-signed'; missingSignatures: string[] }
  | { condition: 'goal-achieved' };

/** Every condition, met or not, with the ids of the evidence it rests on. */
export type ReadinessCondition = {
  condition: UnmetDischargeCondition['condition'];
  met: boolean;
  /** Tests, sessions, goals or signatures (as `<kind>:<id>`) the answer rests on. */
  evidence: string[];
};

export type DischargeReadiness = {
  /** Every condition of a `completed` discharge holds on the day asked about. */
  ready: boolean;
  /** Sober days evidence backs (sobriety.ts `evidencedDays`). */
  soberDays: number;
  /** Calendar days since the later of admission and the last use episode. */
  calendarSoberDays: number;
  soberSince: CalendarDate;
  /** How many goals are still proposed or active. */
  openGoals: number;
  openGoalIds: string[];
  conditions: ReadinessCondition[];
  /** Each condition that does not hold, empty when ready. */
  unmet: UnmetDischargeCondition[];
  /** The same, in words, for a person reading the answer. */
  reasons: string[];
};

const SIGNERS = ['clinician', 'client'] as const;

/**
 * Every condition as it stood on `day`, not as it stands now: a goal achieved or a signature
 * given after a back-dated discharge's day does not count for it. A goal whose status changed
 * after that day counts as still open, since what it was then is not kept.
 */
export function dischargeReadiness(
  plan: Pick<
    PlanFacts,
    'startDate' | 'drugTests' | 'selfReports' | 'relapses' | 'medications' | 'sessions' | 'goals' | 'signatures' | 'activatedOn'
  >,
  day: Date | CalendarDate,
  rules: Pick<PlanRules, 'dischargeSobrietyDays' | 'detectionWindows' | 'sobrietyEvidence'>,
  /** The plan's sobriety on that day, when the caller has it already (the plan read shows both). */
  soberOnDay?: Sobriety,
): DischargeReadiness {
  const onDay = dayOf(day);
  const sober = soberOnDay ?? sobriety(plan, onDay, rules);
  const goals = plan.goals.map((goal) =>
    goal.statusSince !== undefined && goal.statusSince > onDay ? { ...goal, status: 'active' as const } : goal,
  );
  const openGoalIds = goals.filter((goal) => !isGoalClosed(goal)).map((goal) => goal.goalId);
  const achievedIds = goals.filter((goal) => goal.status === 'achieved').map((goal) => goal.goalId);
  const signedAfter = (signer: (typeof SIGNERS)[number]) =>
    plan.signatures[signer] === undefined || plan.signatures[signer]!.signedOn > onDay;
  const missingSignatures = !isActivated(plan) || plan.activatedOn! > onDay ? SIGNERS.filter(signedAfter) : [];
  const weeksWithoutEvidence = sober.evidenceWeeks
    .filter((week) => !week.met)
    .map((week) => ({
      from: week.from,
      to: week.to,
      negativeTests: week.negativeTestIds.length,
      attendedSessions: week.attendedSessionIds.length,
    }));
  const weekEvidence = sober.evidenceWeeks.flatMap((week) => [
    ...week.negativeTestIds.map((id) => `drug-test:${id}`),
    ...week.attendedSessionIds.map((id) => `session:${id}`),
  ]);
  const checks: [UnmetDischargeCondition, boolean, string[]][] = [
    [
      { condition: 'sober-days', needed: rules.dischargeSobrietyDays, actual: sober.evidencedDays },
      sober.evidencedDays >= rules.dischargeSobrietyDays,
      sober.lastUseEpisode ? sober.lastUseEpisode.facts.map((fact) => `${fact.source}:${fact.id}`) : [],
    ],
    [{ condition: 'sobriety-evidence', weeksWithoutEvidence }, weeksWithoutEvidence.length === 0, [...new Set(weekEvidence)]],
    [{ condition: 'goals-closed', openGoalIds }, openGoalIds.length === 0, goals.map((goal) => `goal:${goal.goalId}`)],
    [
      { condition: 'plan-signed', missingSignatures },
      missingSignatures.length === 0,
      SIGNERS.filter((signer) => !signedAfter(signer)).map((signer) => `signature:${signer}`),
    ],
    [{ condition: 'goal-achieved' }, achievedIds.length > 0, achievedIds.map((id) => `goal:${id}`)],
  ];
  const unmet = checks.filter(([, met]) => !met).map(([condition]) => condition);
  return {
    ready: unmet.length === 0,
    soberDays: sober.evidencedDays,
    calendarSoberDays: sober.days,
    soberSince: sober.since,
    openGoals: openGoalIds.length,
    openGoalIds,
    conditions: checks.map(([condition, met, evidence]) => ({ condition: condition.condition, met, evidence })),
    unmet,
    reasons: unmet.map(describe),
  };
}

function describe(unmet: UnmetDischargeCondition): string {
  switch (unmet.condition) {
    case 'sober-days':
      return `${unmet.actual} consecutive sober days backed by evidence of the ${unmet.needed} needed`;
    case 'sobriety-evidence':
      return `no negative test or no attended session in the weeks ${unmet.weeksWithoutEvidence.map((week) => `${week.from}–${week.to}`).join(', ')}`;
    case 'goals-closed':
      return `goals still open: ${unmet.openGoalIds.join(', ')}`;
    case 'plan-signed':
      return `the plan is not signed by the ${unmet.missingSignatures.join(' and the ')}`;
    case 'goal-achieved':
      return 'no goal has been achieved';
  }
}

/** `completed` only when ready; any other disposition is the clinician's call and always allowed. */
export function checkDischargeDisposition(readiness: DischargeReadiness, disposition: DischargeDisposition): void {
  if (disposition !== 'completed' || readiness.ready) return;
  throw new RuleBroken(
    `the client does not meet the criteria for a completed discharge (${readiness.reasons.join('; ')}): ` +
      `extend the programme and wait, or discharge with another disposition (${DISCHARGE_DISPOSITIONS.filter((d) => d !== 'completed').join(', ')})`,
    'not-ready-for-completed-discharge',
    { unmet: readiness.unmet, readiness },
  );
}

/**
 * The plan's part of a discharge, decided with the ledger's in one command: the same date rule
 * as the ledger (fact-dates.ts), and the completed-discharge conditions on that date. A plan
 * already closed by this same discharge (a follow-up heard back from the bus) changes nothing.
 */
export function closeForDischarge(command: CloseForDischarge, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { disposition, lateEntryReason } = command.data;
  const today = todayAtSite(plan, now, rules);
  const date = command.data.date ?? today;
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'disposition', disposition, DISCHARGE_DISPOSITIONS);
  const dated = requireFactDate(problems, { date, lateEntryReason }, { today, rules, field: 'date', what: 'the discharge' });
  // A client admitted for a later start who never began is discharged on the day it is known.
  if (dated && date < plan.startDate && !startsAfter(plan.startDate, today)) {
    problems.push({ field: 'date', message: `the plan started on ${plan.startDate}: the discharge cannot be earlier` });
  }
  refuseIfInvalid('the plan cannot be closed for discharge', 'invalid-discharge', problems);
  checkDischargeDisposition(dischargeReadiness(plan, date, rules), disposition);
  return [
    {
      type: 'PlanClosed',
      data: { planId: plan.planId, disposition, date, ...lateEntryOf({ date, lateEntryReason }, today), closedAt: now.toISOString() },
    },
  ];
}
