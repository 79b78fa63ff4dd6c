import { type CalendarDate, type LevelOfCare, levelOf } from '@continuum/care-episode';
import { todayAtSite } from './calendar.js';
import { WORSENING_REASONS, screeningMeasureOf } from './codes.js';
import { type RecommendReview } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type PlanFacts, type ReviewRecommendation } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, isBlank, refuseIfInvalid, requireOneOf, requireText } from './validation.js';

// Measurement during treatment (docs/domain/treatment-plan.md#worsened-screenings): when intake
// finds a screening worse than the client's last one — a score up by its margin, a severity band
// up, a new suicide risk — the plan records that a review is needed and a step-up should be
// considered, with the screening as evidence. It is advice: the level changes only when a
// clinician changes it on the ledger. A review or a revision answers it.

export function recommendReview(command: RecommendReview, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { screeningId, instrument, score, band, previousScore, previousBand, reasons, screenedAt } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'screeningId', screeningId, 'give the id of the screening that worsened');
  requireText(problems, 'instrument', instrument, 'give the instrument code, e.g. PHQ-9');
  requireScore(problems, 'score', score);
  if (previousScore !== undefined) requireScore(problems, 'previousScore', previousScore);
  if (band !== undefined) requireText(problems, 'band', band, 'give the severity band as a code, or leave it out');
  if (previousBand !== undefined)
    requireText(problems, 'previousBand', previousBand, 'give the earlier severity band as a code, or leave it out');
  if (!Array.isArray(reasons) || reasons.length === 0)
    problems.push({ field: 'reasons', message: `name at least one of ${WORSENING_REASONS.join(', ')}` });
  else reasons.forEach((reason, index) => requireOneOf(problems, `reasons[${index}]`, reason, WORSENING_REASONS));
  if (isBlank(screenedAt) || Number.isNaN(Date.parse(screenedAt)))
    problems.push({ field: 'screenedAt', message: 'give the instant intake recorded the screening (ISO 8601)' });
  refuseIfInvalid('the review cannot be recommended', 'invalid-review-recommendation', problems);
  // The same screening heard again (a redelivery around the inbox) recommends nothing more.
  if (plan.reviewRecommendations.some((recommendation) => recommendation.screeningId === screeningId)) return [];
  return [
    {
      type: 'ReviewRecommended',
      data: {
        planId: plan.planId,
        ...screeningMeasureOf(command.data),
        evidence: [{ kind: 'screening', id: screeningId }],
        currentLevel: levelOf(plan.level),
        screenedAt,
        recommendedOn: todayAtSite(plan, now, rules),
      },
    },
  ];
}

/** What the plan view and the lists show: whether a review is needed, since when, and on what evidence. */
export type ReviewNeeded = {
  isReviewNeeded: boolean;
  /** The oldest recommendation not yet answered by a review or a revision. */
  since: CalendarDate | null;
  /** `review-and-consider-step-up` while needed: advice, never a level change. */
  suggestion: 'review-and-consider-step-up' | null;
  /** The level a step-up would start from. */
  currentLevel: LevelOfCare;
  /** The open recommendations, oldest first, each with its measure. */
  recommendations: ReviewRecommendation[];
};

export function reviewNeeded(plan: Pick<PlanFacts, 'reviewRecommendations' | 'level'>): ReviewNeeded {
  const open = plan.reviewRecommendations.filter((recommendation) => recommendation.answeredOn === undefined);
  return {
    isReviewNeeded: open.length > 0,
    since: open[0]?.recommendedOn ?? null,
    suggestion: open.length > 0 ? 'review-and-consider-step-up' : null,
    currentLevel: plan.level,
    recommendations: open,
  };
}

function requireScore(problems: ValidationProblem[], field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    problems.push({ field, message: 'give the score as a whole number, 0 or more' });
}
