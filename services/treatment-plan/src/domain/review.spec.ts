import { deciderSpec } from '@continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { isReviewOverdue } from './review.js';
import { planRules } from './rules.js';
import {
  START,
  activePlan,
  createPlan,
  dayOfPlan,
  draftPlan,
  flagOverdueReview,
  historyOf,
  on,
  planAfter,
  relapse,
  review,
  revise,
  sign,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(steps));
const firstReviewDue = dayOfPlan(30);

describe('signing', () => {
  it('records the first signature and keeps the plan a draft', () => {
    given(...draftPlan())
      .when(sign('client'), on(START))
      .then({ type: 'PlanSigned', data: { planId: 'episode-1', signer: 'client', signedBy: 'client-1', signedOn: START } });
    expect(planAfter([...draftPlan(), sign('client')])).toMatchObject({ status: 'draft' });
  });

  it.each([
    ['clinician then client', 'clinician', 'client'],
    ['client then clinician', 'client', 'clinician'],
  ] as const)('activates the plan on the second signature (%s), with the first review due 30 days later', (_order, first, second) =>
    given(...draftPlan(), sign(first))
      .when(sign(second), on(dayOfPlan(2)))
      .thenMatches(
        { type: 'PlanSigned', data: { signer: second, signedOn: dayOfPlan(2) } },
        { type: 'PlanActivated', data: { activatedOn: dayOfPlan(2), nextReviewDue: dayOfPlan(32) } },
      ),
  );

  it('makes the plan active once both have signed', () => {
    expect(planAfter(activePlan())).toMatchObject({ status: 'active', activatedOn: START, nextReviewDue: firstReviewDue });
  });

  it('does nothing when the same party signs again', () =>
    given(...draftPlan(), sign('clinician'))
      .when(sign('clinician'))
      .thenNothingHappens());

  it('does nothing when an active plan is signed again', () =>
    given(...activePlan())
      .when(sign('client'))
      .thenNothingHappens());

  it('refuses to sign a plan with no goals, saying what to add', () =>
    given(createPlan())
      .when(sign('clinician'), on(START))
      .thenThrows(/no goals yet: add at least one problem and a goal/, 'plan-incomplete'));

  it('takes the review interval from the network’s rules', () =>
    deciderSpec(treatmentPlanDecider(planRules({ reviewIntervalDays: 14 })))
      .given(...historyOf([...draftPlan(), sign('clinician')]))
      .when(sign('client'), on(START))
      .thenMatches({ type: 'PlanSigned' }, { type: 'PlanActivated', data: { nextReviewDue: dayOfPlan(14) } }));
});

describe('reviews', () => {
  it('records a review and sets the next one an interval after it', () =>
    given(...activePlan())
      .when(review(), on(dayOfPlan(28)))
      .then({
        type: 'PlanReviewed',
        data: {
          planId: 'episode-1',
          reviewedBy: 'clinician-7',
          outcomeCode: 'continue',
          reviewedOn: dayOfPlan(28),
          nextReviewDue: dayOfPlan(58),
        },
      }));

  it('refuses to review a draft, saying to get it signed first', () =>
    given(...draftPlan())
      .when(review(), on(START))
      .thenThrows(/still a draft: reviews start once the clinician and the client have signed/, 'plan-not-active'));

  it('refuses a review dated in the future or before the last one', () => {
    given(...activePlan())
      .when(review({ reviewedOn: dayOfPlan(3) }), on(dayOfPlan(2)))
      .thenThrows(/reviewedOn: a review cannot be dated after today/, 'invalid-review');
    given(...activePlan(), [review(), dayOfPlan(10)])
      .when(review({ reviewedOn: dayOfPlan(9) }), on(dayOfPlan(20)))
      .thenThrows(/last activated or reviewed on 2026-01-15/, 'invalid-review');
  });
});

describe('overdue reviews', () => {
  const dayAfterDue = on(dayOfPlan(31));

  it('is not overdue on its due date, and is from the day after', () => {
    const plan = planAfter(activePlan());
    expect(isReviewOverdue(plan, firstReviewDue)).toBe(false);
    expect(isReviewOverdue(plan, dayOfPlan(31))).toBe(true);
  });

  it('flags a review not done by its due date', () =>
    given(...activePlan())
      .when(flagOverdueReview(firstReviewDue), dayAfterDue)
      .then({ type: 'PlanReviewOverdue', data: { planId: 'episode-1', dueDate: firstReviewDue, flaggedOn: dayOfPlan(31) } }));

  it('does nothing on the due date itself', () =>
    given(...activePlan())
      .when(flagOverdueReview(firstReviewDue), on(firstReviewDue))
      .thenNothingHappens());

  it('flags each due date once, however often the scheduler asks', () =>
    given(...activePlan(), [flagOverdueReview(firstReviewDue), dayOfPlan(31)])
      .when(flagOverdueReview(firstReviewDue), on(dayOfPlan(35)))
      .thenNothingHappens());

  it('does nothing once the plan was reviewed, even late', () =>
    given(...activePlan(), [review(), dayOfPlan(33)])
      .when(flagOverdueReview(firstReviewDue), on(dayOfPlan(34)))
      .thenNothingHappens());

  it('flags the next due date after a review when that one passes too', () =>
    given(...activePlan(), [review(), dayOfPlan(28)], [flagOverdueReview(firstReviewDue), dayOfPlan(40)])
      .when(flagOverdueReview(dayOfPlan(58)), on(dayOfPlan(59)))
      .thenMatches({ type: 'PlanReviewOverdue', data: { dueDate: dayOfPlan(58) } }));

  it('does nothing for a draft, which has no review due', () =>
    given(...draftPlan())
      .when(flagOverdueReview(firstReviewDue), dayAfterDue)
      .thenNothingHappens());
});

describe('revision after a relapse', () => {
  const relapsed = () => [...activePlan(), relapse('relapse-1', dayOfPlan(12))];

  it('puts the plan into revision-required', () => {
    expect(planAfter(relapsed())).toMatchObject({ status: 'revision-required', revisionRequiredBy: 'relapse-1' });
  });

  it('returns to active after a review', () => {
    expect(planAfter([...relapsed(), [review(), dayOfPlan(13)]])).toMatchObject({
      status: 'active',
      lastReviewedOn: dayOfPlan(13),
      nextReviewDue: dayOfPlan(43),
    });
  });

  it('returns to active after a revision, keeping the review cycle', () => {
    const plan = planAfter([...relapsed(), [revise(), dayOfPlan(13)]]);
    expect(plan).toMatchObject({ status: 'active', nextReviewDue: firstReviewDue });
    expect(plan).not.toHaveProperty('revisionRequiredBy');
  });

  it('returns a draft that relapsed to draft after a revision', () => {
    expect(planAfter([...draftPlan(), relapse('relapse-1', START), revise()])).toMatchObject({ status: 'draft' });
  });

  it('stays revision-required when signed before the revision', () => {
    expect(planAfter([...draftPlan(), relapse('relapse-1', START), sign('clinician'), sign('client')])).toMatchObject({
      status: 'revision-required',
      activatedOn: START,
    });
  });

  it('refuses a revision without a reason', () =>
    given(...relapsed())
      .when(revise(''), on(dayOfPlan(13)))
      .thenThrows(/reasonCode: give the reason for the revision/, 'invalid-revision'));
});
