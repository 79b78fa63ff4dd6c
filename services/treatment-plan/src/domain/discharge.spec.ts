import { deciderSpec } from '#continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { checkDischargeDisposition, dischargeReadiness } from './discharge.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import {
  START,
  type Step,
  activePlan,
  changeGoalStatus,
  dayOfPlan,
  discharge,
  drugTest,
  historyOf,
  on,
  planAfter,
  relapse,
  session,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
/** The plan's one goal achieved on the start day: only sobriety decides readiness. */
const goalsClosed = (): Step[] => [...activePlan(), changeGoalStatus('goal-1', 'achieved')];

function readinessOn(steps: Step[], day: string) {
  const plan = planAfter(steps);
  if (plan.status === 'not-created') throw new Error('no plan');
  return dischargeReadiness(plan, day, DEFAULT_PLAN_RULES);
}

describe('discharge readiness', () => {
  it('is not ready on day 29 of sobriety, and is on day 30', () => {
    expect(readinessOn(goalsClosed(), dayOfPlan(29))).toEqual({
      ready: false,
      soberDays: 29,
      openGoals: 0,
      openGoalIds: [],
      reasons: ['29 consecutive sober days of the 30 needed'],
    });
    expect(readinessOn(goalsClosed(), dayOfPlan(30))).toEqual({ ready: true, soberDays: 30, openGoals: 0, openGoalIds: [], reasons: [] });
  });

  it('counts the 30 days from the last use, not from admission', () => {
    const relapsed = [...goalsClosed(), drugTest('test-1', dayOfPlan(20), 'positive')];
    expect(readinessOn(relapsed, dayOfPlan(49))).toMatchObject({ ready: false, soberDays: 29 });
    expect(readinessOn(relapsed, dayOfPlan(50))).toMatchObject({ ready: true, soberDays: 30 });
  });

  it('is not ready while a goal is open, however long the client has been sober', () => {
    expect(readinessOn(activePlan(), dayOfPlan(60))).toEqual({
      ready: false,
      soberDays: 60,
      openGoals: 1,
      openGoalIds: ['goal-1'],
      reasons: ['goals still open: goal-1'],
    });
  });

  it('treats not-achieved and cancelled goals as closed', () => {
    const steps = [...activePlan(), changeGoalStatus('goal-1', 'not-achieved', 'moved-away')];
    expect(readinessOn(steps, dayOfPlan(30))).toMatchObject({ ready: true, openGoals: 0 });
  });

  it('names both reasons when neither criterion is met', () => {
    expect(readinessOn(activePlan(), dayOfPlan(10)).reasons).toEqual(['10 consecutive sober days of the 30 needed', 'goals still open: goal-1']);
  });

  it('takes the sober days from the network’s rules', () => {
    const plan = planAfter(goalsClosed());
    if (plan.status === 'not-created') throw new Error('no plan');
    expect(dischargeReadiness(plan, dayOfPlan(45), planRules({ dischargeSobrietyDays: 60 }))).toMatchObject({ ready: false, soberDays: 45 });
  });
});

describe('the discharge disposition', () => {
  const notReady = dischargeReadiness({ startDate: START, drugTests: [], selfReports: [], relapses: [], goals: [] }, dayOfPlan(29), DEFAULT_PLAN_RULES);

  it('refuses `completed` before the criteria are met, telling the clinician what else to do', () => {
    expect(() => checkDischargeDisposition(notReady, 'completed')).toThrow(
      /does not meet the criteria for a completed discharge \(29 consecutive sober days of the 30 needed\): extend the programme and wait, or discharge with another disposition \(against-advice, administrative, transferred-out, other\)/,
    );
  });

  it('allows every other disposition at any time', () => {
    for (const disposition of ['against-advice', 'administrative', 'transferred-out', 'other'] as const) {
      expect(() => checkDischargeDisposition(notReady, disposition)).not.toThrow();
    }
  });
});

describe('closing the plan for discharge', () => {
  it('closes a ready plan as completed', () =>
    given(...goalsClosed())
      .when(discharge('completed'), on(dayOfPlan(30)))
      .then({ type: 'PlanClosed', data: { planId: 'episode-1', disposition: 'completed', date: dayOfPlan(30), closedAt: on(dayOfPlan(30)).toISOString() } }));

  it('refuses a completed discharge on day 29', () =>
    given(...goalsClosed()).when(discharge('completed'), on(dayOfPlan(29))).thenThrows(/29 consecutive sober days of the 30 needed/, 'not-ready-for-completed-discharge'));

  it('refuses a completed discharge while a goal is open', () =>
    given(...activePlan()).when(discharge('completed'), on(dayOfPlan(40))).thenThrows(/goals still open: goal-1/, 'not-ready-for-completed-discharge'));

  it('judges readiness on the discharge date given', () =>
    given(...goalsClosed()).when(discharge('completed', dayOfPlan(29)), on(dayOfPlan(31))).thenThrows(/29 consecutive sober days/, 'not-ready-for-completed-discharge'));

  it('closes against advice while the criteria are unmet', () =>
    given(...activePlan(), relapse('relapse-1', dayOfPlan(5)))
      .when(discharge('against-advice'), on(dayOfPlan(6)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'against-advice', date: dayOfPlan(6) } }));

  it('refuses an unknown disposition and a date after today', () =>
    given(...activePlan())
      .when(discharge('graduated' as never, dayOfPlan(7)), on(dayOfPlan(6)))
      .thenThrows(/disposition: use one of completed, .*date: a discharge is recorded on or after its day/s, 'invalid-discharge'));

  it('accepts nothing once closed, not even a session from before the discharge', () =>
    given(...activePlan(), discharge('administrative', dayOfPlan(6))).when(session('late', dayOfPlan(5), 3), on(dayOfPlan(7))).thenThrows(/closed at discharge/, 'plan-closed'));

  it('uses the network’s sobriety rule for the completed disposition', () =>
    deciderSpec(treatmentPlanDecider(planRules({ dischargeSobrietyDays: 20 })))
      .given(...historyOf(goalsClosed()))
      .when(discharge('completed'), on(dayOfPlan(20)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'completed' } }));
});
