import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import { dischargeReadiness } from './discharge.js';
import { DEFAULT_PLAN_RULES } from './rules.js';
import {
  START,
  type Step,
  activePlan,
  addProblem,
  changeGoalStatus,
  dayOfPlan,
  historyOf,
  integratedCareGoal,
  on,
  planAfter,
  requestReferral,
  weeklyEvidence,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const today = on(dayOfPlan(10));

describe('requesting a dual-diagnosis referral', () => {
  it('requests a referral with the episode, client and site, for the dual-diagnosis service', () =>
    given(...activePlan())
      .when(requestReferral(), today)
      .then({
        type: 'DualDiagnosisReferralRequested',
        data: {
          planId: 'episode-1',
          requestId: 'request-1',
          episodeId: 'episode-1',
          clientId: 'client-1',
          siteId: 'site-north',
          specialty: 'psychiatric-evaluation',
          urgency: 'urgent',
          conditionCode: 'depression',
          requestedAt: today.toISOString(),
        },
      }));

  it('requests once per request id', () =>
    given(...activePlan(), requestReferral())
      .when(requestReferral())
      .thenNothingHappens());

  it('refuses an unknown specialty or urgency, naming each', () =>
    given(...activePlan())
      .when(requestReferral({ specialty: 'dermatology' as never, urgency: 'whenever' as never }), today)
      .thenThrows(
        /specialty: use one of psychiatric-evaluation, .*urgency: use one of emergent, urgent, routine/s,
        'invalid-referral-request',
      ));

  it('can be requested from a draft plan', () =>
    given(...activePlan().slice(0, 3))
      .when(requestReferral(), on(START))
      .thenMatches({ type: 'DualDiagnosisReferralRequested' }));
});

describe('the integrated-care goal from a completed referral', () => {
  it('adds a proposed integrated-care goal under a new problem for the condition', () => {
    given(...activePlan())
      .when(integratedCareGoal(), today)
      .then({
        type: 'IntegratedCareGoalAdded',
        data: {
          planId: 'episode-1',
          referralId: 'referral-1',
          goalId: 'integrated-care-referral-1',
          problemId: 'condition-referral-1',
          problemAdded: true,
          conditionCode: 'depression',
          conditionConfirmed: true,
          recommendationCodes: ['ssri-trial'],
          targetDate: dayOfPlan(40),
        },
      });
    expect(planAfter([...activePlan(), [integratedCareGoal(), dayOfPlan(10)]])).toMatchObject({
      problems: [{ problemId: 'problem-1' }, { problemId: 'condition-referral-1', code: 'depression' }],
      goals: [
        { goalId: 'goal-1' },
        { goalId: 'integrated-care-referral-1', code: 'integrated-care', status: 'proposed', referralId: 'referral-1' },
      ],
    });
  });

  it('ties the goal to the plan’s problem for that condition when there is one', () =>
    given(...activePlan(), addProblem({ problemId: 'problem-mood', code: 'depression' }))
      .when(integratedCareGoal(), today)
      .thenMatches({ type: 'IntegratedCareGoalAdded', data: { problemId: 'problem-mood', problemAdded: false } }));

  it('adds the goal also when the condition was not confirmed, saying so', () =>
    given(...activePlan())
      .when(integratedCareGoal({ conditionConfirmed: false, recommendationCodes: [] }), today)
      .thenMatches({ type: 'IntegratedCareGoalAdded', data: { conditionConfirmed: false, recommendationCodes: [] } }));

  it('adds one goal per referral, however often the outcome is delivered', () =>
    given(...activePlan(), integratedCareGoal())
      .when(integratedCareGoal(), today)
      .thenNothingHappens());

  it('keeps the client from a completed discharge until the goal is closed', () => {
    const steps: Step[] = [
      ...activePlan(),
      changeGoalStatus('goal-1', 'achieved'),
      [integratedCareGoal(), dayOfPlan(10)],
      ...weeklyEvidence(12, 40),
    ];
    const plan = planAfter(steps);
    if (plan.status === 'not-created') throw new Error('no plan');
    expect(dischargeReadiness(plan, dayOfPlan(40), DEFAULT_PLAN_RULES)).toMatchObject({
      ready: false,
      openGoalIds: ['integrated-care-referral-1'],
    });
    const closed = planAfter([...steps, changeGoalStatus('integrated-care-referral-1', 'achieved')]);
    if (closed.status === 'not-created') throw new Error('no plan');
    expect(dischargeReadiness(closed, dayOfPlan(40), DEFAULT_PLAN_RULES)).toMatchObject({ ready: true });
  });
});
