import { type CalendarDate } from '@continuum/care-episode';
import { dayOf, daysBetween } from './calendar.js';
import { type PlanEvent, type StepUpReason } from './events.js';
import { type OpenPlan, type PlanFacts, evolve } from './plan.js';
import { type PlanRules } from './rules.js';
import { useEpisodes } from './use-episodes.js';

// Repeated relapse suggests a step-up (docs/domain/treatment-plan.md#step-up-recommendation):
// `relapsesForStepUp` use episodes (use-episodes.ts) with a positive test or a relapse within
// the `relapseWindowDays` that end today. Episodes, not results: two positives of one drink
// are one use. It is a recommendation for the clinician, never a level change: only the
// clinician changes the level, on the ledger. Refused tests and self-reports shorten the
// streak but do not count here: a step-up is a clinical decision and is recommended on
// confirmed use. A positive only for prescribed medication is no use and never counts: MAT
// is not a reason to change the level.

export type StepUpRecommendation = { recommended: boolean; reasons: StepUpReason[]; windowDays: number; episodes: number };

/** Whether `date` lies in the window of `windowDays` days that ends on `today` (today included). */
function isWithinWindow(date: CalendarDate, today: CalendarDate, windowDays: number): boolean {
  const age = daysBetween(date, today);
  return age >= 0 && age < windowDays;
}

export function stepUpRecommended(
  plan: Pick<PlanFacts, 'drugTests' | 'relapses' | 'selfReports' | 'medications'>,
  now: Date | CalendarDate,
  rules: Pick<PlanRules, 'relapseWindowDays' | 'relapsesForStepUp' | 'detectionWindows'>,
): StepUpRecommendation {
  const today = dayOf(now);
  const windowDays = rules.relapseWindowDays;
  const counted = useEpisodes(plan, today, rules)
    .map((episode) =>
      episode.facts.filter(
        (fact) => (fact.source === 'positive-test' || fact.source === 'relapse') && isWithinWindow(fact.date, today, windowDays),
      ),
    )
    .filter((facts) => facts.length > 0);
  const reasons = counted
    .flat()
    .map((fact): StepUpReason => ({ kind: fact.source as StepUpReason['kind'], id: fact.id, date: fact.date }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return { recommended: counted.length >= rules.relapsesForStepUp, reasons, windowDays, episodes: counted.length };
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
    recorded.type === 'DrugTestRecorded' || recorded.type === 'DrugTestConfirmed'
      ? recorded.data.testId
      : recorded.type === 'RelapseRecorded'
        ? recorded.data.relapseId
        : undefined;
  if (!reasons.some((reason) => reason.id === recordedId)) return [];
  if (plan.stepUpRecommendations.some((earlier) => isWithinWindow(earlier.recommendedOn, today, windowDays))) return [];
  return [
    { type: 'StepUpRecommended', data: { planId: plan.planId, currentLevel: plan.level, reasons, windowDays, recommendedOn: today } },
  ];
}
