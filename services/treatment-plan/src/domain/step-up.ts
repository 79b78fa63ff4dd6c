import { type CalendarDate } from '@continuum/care-episode';
import { dayOf, daysBetween } from './calendar.js';
import { type PlanEvent, type StepUpReason } from './events.js';
import { type OpenPlan, type PlanFacts, evolve } from './plan.js';
import { type PlanRules } from './rules.js';

// Repeated relapse suggests a step-up (docs/domain/treatment-plan.md#step-up-recommendation):
// `relapsesForStepUp` positive tests or
// relapses within the `relapseWindowDays` that end today. It is a recommendation for the
// clinician, never a level change: only the clinician changes the level, on the ledger.
// Refused tests and self-reports shorten the streak but do not count here: a step-up is a
// clinical decision and is recommended on confirmed use.

export type StepUpRecommendation = { recommended: boolean; reasons: StepUpReason[]; windowDays: number };

/** Whether `date` lies in the window of `windowDays` days that ends on `today` (today included). */
function isWithinWindow(date: CalendarDate, today: CalendarDate, windowDays: number): boolean {
  const age = daysBetween(date, today);
  return age >= 0 && age < windowDays;
}

export function stepUpRecommended(
  plan: Pick<PlanFacts, 'drugTests' | 'relapses'>,
  now: Date | CalendarDate,
  rules: Pick<PlanRules, 'relapseWindowDays' | 'relapsesForStepUp'>,
): StepUpRecommendation {
  const today = dayOf(now);
  const windowDays = rules.relapseWindowDays;
  const positiveTests = plan.drugTests.filter((test) => test.result === 'positive' && isWithinWindow(test.date, today, windowDays));
  const countedTestIds = new Set(positiveTests.map((test) => test.testId));
  // A relapse evidenced by a positive test already counted is the same use, counted once.
  const relapses = plan.relapses.filter(
    (relapse) =>
      isWithinWindow(relapse.date, today, windowDays) &&
      !relapse.evidence.some((evidence) => evidence.kind === 'drug-test' && countedTestIds.has(evidence.id)),
  );
  const reasons: StepUpReason[] = [
    ...positiveTests.map((test): StepUpReason => ({ kind: 'positive-test', id: test.testId, date: test.date })),
    ...relapses.map((relapse): StepUpReason => ({ kind: 'relapse', id: relapse.relapseId, date: relapse.date })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return { recommended: reasons.length >= rules.relapsesForStepUp, reasons, windowDays };
}

/**
 * The StepUpRecommended event when `recorded` (a positive test or a relapse) tips the plan
 * over the threshold. Once per window: after a recommendation, the next comes only once a
 * whole window has passed, so a third positive test in the same fortnight adds no alert.
 */
export function stepUpIfTipped(plan: OpenPlan, recorded: PlanEvent, now: Date, rules: PlanRules): PlanEvent[] {
  const after = evolve(plan, recorded);
  if (after.status === 'not-created') return [];
  const today = dayOf(now);
  const { recommended, reasons, windowDays } = stepUpRecommended(after, today, rules);
  if (!recommended) return [];
  const recordedId =
    recorded.type === 'DrugTestRecorded' ? recorded.data.testId : recorded.type === 'RelapseRecorded' ? recorded.data.relapseId : undefined;
  if (!reasons.some((reason) => reason.id === recordedId)) return [];
  if (plan.stepUpRecommendations.some((earlier) => isWithinWindow(earlier.recommendedOn, today, windowDays))) return [];
  return [
    { type: 'StepUpRecommended', data: { planId: plan.planId, currentLevel: plan.level, reasons, windowDays, recommendedOn: today } },
  ];
}
