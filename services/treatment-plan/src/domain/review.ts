import { RuleBroken } from '@continuum/decider';
import { addDays, dayOf, todayAtSite } from './calendar.js';
import { PLAN_SIGNERS, type PlanSigner } from './codes.js';
import { type FlagOverdueReview, type ReviewPlan, type RevisePlan, type SignPlan } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type Plan, isActivated } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireOneOf, requireText } from './validation.js';

// Signing and the review cycle. A plan is a draft until both the clinician and the client
// sign it (in either order); from activation it is reviewed every `reviewIntervalDays`, and
// a review not done by its due date is flagged overdue once.

const otherSigner = (signer: PlanSigner): PlanSigner => (signer === 'clinician' ? 'client' : 'clinician');

export function signPlan(command: SignPlan, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { signer } = command.data;
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'signer', signer, PLAN_SIGNERS);
  requireText(problems, 'signedBy', command.data.signedBy, 'give the id of the person signing');
  refuseIfInvalid('the signature cannot be recorded', 'invalid-signature', problems);
  // A repeated signature (a resent form, a redelivered message) changes nothing.
  if (plan.signatures[signer]) return [];
  // A signature agrees to a plan's content: an empty plan would be agreed to blindly.
  if (plan.goals.length === 0) {
    throw new RuleBroken(
      'the plan has no goals yet: add at least one problem and a goal for it before the plan is signed',
      'plan-incomplete',
    );
  }
  const today = dayOf(now);
  // The client signs on the form; the event records the client by id, never by name.
  const signedBy = signer === 'client' ? plan.clientId : command.data.signedBy;
  const events: PlanEvent[] = [{ type: 'PlanSigned', data: { planId: plan.planId, signer, signedBy, signedOn: today } }];
  if (plan.signatures[otherSigner(signer)]) {
    events.push({
      type: 'PlanActivated',
      data: { planId: plan.planId, activatedOn: today, nextReviewDue: addDays(today, rules.reviewIntervalDays) },
    });
  }
  return events;
}

export function reviewPlan(command: ReviewPlan, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { reviewedBy, outcomeCode } = command.data;
  if (!isActivated(plan)) {
    throw new RuleBroken(
      'the plan is still a draft: reviews start once the clinician and the client have signed it; to change a draft after a relapse, revise it (RevisePlan)',
      'plan-not-active',
    );
  }
  const today = todayAtSite(plan, now, rules);
  const reviewedOn = command.data.reviewedOn ?? today;
  const earliest = plan.lastReviewedOn ?? plan.activatedOn!;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'reviewedBy', reviewedBy, 'give the id of the reviewing clinician');
  requireText(problems, 'outcomeCode', outcomeCode, 'give the review outcome as a code');
  requireDate(problems, 'reviewedOn', reviewedOn, {
    notAfter: { date: today, message: `a review cannot be dated after today (${today})` },
    notBefore: { date: earliest, message: `the plan was last activated or reviewed on ${earliest}: date the review on or after it` },
  });
  refuseIfInvalid('the review cannot be recorded', 'invalid-review', problems);
  return [
    {
      type: 'PlanReviewed',
      data: { planId: plan.planId, reviewedBy, outcomeCode, reviewedOn, nextReviewDue: addDays(reviewedOn, rules.reviewIntervalDays) },
    },
  ];
}

export function revisePlan(command: RevisePlan, plan: OpenPlan, now: Date): PlanEvent[] {
  const { revisedBy, reasonCode } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'revisedBy', revisedBy, 'give the id of the revising clinician');
  requireText(problems, 'reasonCode', reasonCode, 'give the reason for the revision as a code');
  refuseIfInvalid('the revision cannot be recorded', 'invalid-revision', problems);
  return [{ type: 'PlanRevised', data: { planId: plan.planId, revisedBy, reasonCode, revisedOn: dayOf(now) } }];
}

/** Overdue from the day after the due date, until the plan is reviewed. */
export function isReviewOverdue(plan: Plan, today: Date | string): boolean {
  if (plan.status === 'not-created' || plan.status === 'closed' || plan.nextReviewDue === undefined) return false;
  return dayOf(today) > plan.nextReviewDue;
}

/** The due date of an overdue review not yet flagged (the one the scheduler flags), else undefined. */
export function overdueReviewToFlag(plan: OpenPlan, today: Date | string): string | undefined {
  const due = plan.nextReviewDue;
  if (due === undefined || !isReviewOverdue(plan, today) || plan.overdueReviewsFlagged.includes(due)) return undefined;
  return due;
}

/**
 * The scheduler's check. It repeats itself (every run, every restart), so anything but a
 * first, real overdue review is nothing: a stale due date (the plan was reviewed since), a
 * review not yet due, a due date already flagged.
 */
export function flagOverdueReview(command: FlagOverdueReview, plan: OpenPlan, now: Date): PlanEvent[] {
  const { dueDate } = command.data;
  const problems: ValidationProblem[] = [];
  requireDate(problems, 'dueDate', dueDate);
  refuseIfInvalid('the overdue review cannot be flagged', 'invalid-overdue-review', problems);
  if (overdueReviewToFlag(plan, now) !== dueDate) return [];
  return [{ type: 'PlanReviewOverdue', data: { planId: plan.planId, dueDate, flaggedOn: dayOf(now) } }];
}
