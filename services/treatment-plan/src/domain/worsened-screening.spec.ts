import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import { type OpenPlan } from './plan.js';
import { reviewNeeded } from './worsened-screening.js';
import {
  IOP,
  WORSENED_PHQ9,
  activePlan,
  dayOfPlan,
  discharge,
  draftPlan,
  historyOf,
  on,
  planAfter,
  recommendReview,
  review,
  revise,
} from './testing/plan-fixtures.js';

// A screening that worsened during treatment asks for a plan review and a step-up to consider,
// with the measure as evidence, never a level change (docs/domain/treatment-plan.md#worsened-screenings).

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(steps));
const recommendedDay = dayOfPlan(15);

describe('a worsened screening on an open plan', () => {
  it('recommends a review with the screening as evidence and the level a step-up would start from', () =>
    given(...activePlan())
      .when(recommendReview(), on(recommendedDay))
      .then({
        type: 'ReviewRecommended',
        data: {
          planId: 'episode-1',
          screeningId: 'screening-2',
          ...WORSENED_PHQ9,
          reasons: ['score-up', 'band-up'],
          evidence: [{ kind: 'screening', id: 'screening-2' }],
          currentLevel: IOP,
          screenedAt: '2026-01-20T10:00:00.000Z',
          recommendedOn: recommendedDay,
        },
      }));

  it('takes a new suicide risk without scores before it or a band', () =>
    given(...draftPlan())
      .when(
        recommendReview({
          instrument: 'C-SSRS',
          score: 3,
          band: undefined,
          previousScore: undefined,
          previousBand: undefined,
          reasons: ['new-suicide-risk'],
        }),
        on(recommendedDay),
      )
      .thenMatches({ type: 'ReviewRecommended', data: { instrument: 'C-SSRS', reasons: ['new-suicide-risk'] } }));

  it('recommends nothing more for the same screening heard again', () =>
    given(...activePlan(), [recommendReview(), recommendedDay])
      .when(recommendReview(), on(recommendedDay))
      .thenNothingHappens());

  it('never changes the level: the plan stays where the ledger put it', () => {
    const plan = planAfter([...activePlan(), [recommendReview(), recommendedDay]]) as OpenPlan;
    expect(plan).toMatchObject({ status: 'active', level: IOP, levelHistory: [{ level: IOP }] });
  });

  it('refuses a recommendation without its screening, score or reasons, naming each', () =>
    given(...activePlan())
      .when(recommendReview({ screeningId: '', score: -1, reasons: ['felt-worse' as 'score-up'], screenedAt: 'today' }))
      .thenThrows(
        /screeningId: .*score: give the score as a whole number.*reasons\[0\]: use one of score-up, band-up, new-suicide-risk.*screenedAt: /,
        'invalid-review-recommendation',
      ));

  it('refuses an empty list of reasons', () =>
    given(...activePlan())
      .when(recommendReview({ reasons: [] }))
      .thenThrows(/reasons: name at least one of/, 'invalid-review-recommendation'));

  it('records nothing on a plan closed at discharge', () =>
    given(...activePlan(), discharge('administrative'))
      .when(recommendReview())
      .thenThrows(/closed at discharge/, 'plan-closed'));
});

describe('whether a review is needed', () => {
  it('is needed from the recommendation on, with the review-and-consider-step-up suggestion', () => {
    const plan = planAfter([...activePlan(), [recommendReview(), recommendedDay]]) as OpenPlan;
    expect(reviewNeeded(plan)).toMatchObject({
      isReviewNeeded: true,
      since: recommendedDay,
      suggestion: 'review-and-consider-step-up',
      currentLevel: IOP,
      recommendations: [{ screeningId: 'screening-2', evidence: [{ kind: 'screening', id: 'screening-2' }] }],
    });
  });

  it('is answered by a review on or after the recommendation', () => {
    const plan = planAfter([...activePlan(), [recommendReview(), recommendedDay], [review(), dayOfPlan(16)]]) as OpenPlan;
    expect(reviewNeeded(plan)).toMatchObject({ isReviewNeeded: false, since: null, suggestion: null, recommendations: [] });
    expect(plan.reviewRecommendations).toMatchObject([{ screeningId: 'screening-2', answeredOn: dayOfPlan(16) }]);
  });

  it('is answered by a revision, on a draft plan too', () => {
    const plan = planAfter([...draftPlan(), [recommendReview(), recommendedDay], [revise('worsening-scores'), recommendedDay]]) as OpenPlan;
    expect(reviewNeeded(plan).isReviewNeeded).toBe(false);
  });

  it('is not answered by a review dated before the worsening (a late entry)', () => {
    const plan = planAfter([
      ...activePlan(),
      [recommendReview(), recommendedDay],
      [review({ reviewedOn: dayOfPlan(14) }), recommendedDay],
    ]) as OpenPlan;
    expect(reviewNeeded(plan)).toMatchObject({ isReviewNeeded: true, since: recommendedDay });
  });
});
