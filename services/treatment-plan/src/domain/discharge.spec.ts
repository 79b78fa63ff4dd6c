import { deciderSpec } from '@continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { checkDischargeDisposition, dischargeReadiness } from './discharge.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import {
  START,
  type Step,
  activePlan,
  changeGoalStatus,
  createPlan,
  dayOfPlan,
  discharge,
  draftPlan,
  drugTest,
  IOP,
  levelChange,
  historyOf,
  on,
  planAfter,
  relapse,
  session,
  sign,
  weeklyEvidence,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
/**
 * The plan's one goal achieved on the start day, and a negative test and a session each week
 * through `through`: only the sober days decide readiness.
 */
const goalsClosed = (through = 30): Step[] => [...activePlan(), changeGoalStatus('goal-1', 'achieved'), ...weeklyEvidence(3, through)];

function readinessOn(steps: Step[], day: string) {
  const plan = planAfter(steps);
  if (plan.status === 'not-created') throw new Error('no plan');
  return dischargeReadiness(plan, day, DEFAULT_PLAN_RULES);
}

describe('discharge readiness', () => {
  it('is not ready on day 29 of sobriety, and is on day 30', () => {
    expect(readinessOn(goalsClosed(), dayOfPlan(29))).toMatchObject({
      ready: false,
      soberDays: 29,
      calendarSoberDays: 29,
      soberSince: START,
      openGoals: 0,
      openGoalIds: [],
      unmet: [{ condition: 'sober-days', needed: 30, actual: 29 }],
      reasons: ['29 consecutive sober days backed by evidence of the 30 needed'],
    });
    expect(readinessOn(goalsClosed(), dayOfPlan(30))).toMatchObject({
      ready: true,
      soberDays: 30,
      openGoals: 0,
      openGoalIds: [],
      unmet: [],
      reasons: [],
    });
  });

  it('lists every condition with met or unmet and the ids of its evidence', () => {
    expect(readinessOn(goalsClosed(), dayOfPlan(30)).conditions).toEqual([
      { condition: 'sober-days', met: true, evidence: [] },
      {
        condition: 'sobriety-evidence',
        met: true,
        evidence: [
          'drug-test:negative-24',
          'session:session-24',
          'drug-test:negative-17',
          'session:session-17',
          'drug-test:negative-10',
          'session:session-10',
          'drug-test:negative-3',
          'session:session-3',
        ],
      },
      { condition: 'goals-closed', met: true, evidence: ['goal:goal-1'] },
      { condition: 'plan-signed', met: true, evidence: ['signature:clinician', 'signature:client'] },
      { condition: 'goal-achieved', met: true, evidence: ['goal:goal-1'] },
    ]);
  });

  it('is not ready from the calendar alone: 31 days after admission with no test and no session, nothing backs a sober day', () => {
    const steps = [...activePlan(), changeGoalStatus('goal-1', 'achieved')];
    const readiness = readinessOn(steps, dayOfPlan(31));
    expect(readiness).toMatchObject({ ready: false, soberDays: 0, calendarSoberDays: 31 });
    expect(readiness.unmet).toEqual([
      { condition: 'sober-days', needed: 30, actual: 0 },
      {
        condition: 'sobriety-evidence',
        weeksWithoutEvidence: [
          { from: dayOfPlan(25), to: dayOfPlan(31), negativeTests: 0, attendedSessions: 0 },
          { from: dayOfPlan(18), to: dayOfPlan(24), negativeTests: 0, attendedSessions: 0 },
          { from: dayOfPlan(11), to: dayOfPlan(17), negativeTests: 0, attendedSessions: 0 },
          { from: dayOfPlan(4), to: dayOfPlan(10), negativeTests: 0, attendedSessions: 0 },
        ],
      },
    ]);
  });

  it('counts sober days only back to the latest week without a negative test, and a week with tests but no attendance is unmet', () => {
    const missingWeek = [...activePlan(), changeGoalStatus('goal-1', 'achieved'), ...weeklyEvidence(3, 10), ...weeklyEvidence(24, 30)];
    expect(readinessOn(missingWeek, dayOfPlan(30))).toMatchObject({
      ready: false,
      soberDays: 7,
      calendarSoberDays: 30,
      unmet: [
        { condition: 'sober-days', needed: 30, actual: 7 },
        { condition: 'sobriety-evidence', weeksWithoutEvidence: [{ from: dayOfPlan(17), to: dayOfPlan(23) }] },
      ],
    });
    const testsOnly = [
      ...activePlan(),
      changeGoalStatus('goal-1', 'achieved'),
      ...[3, 10, 17, 24].map((day) => drugTest(`n-${day}`, dayOfPlan(day), 'negative')),
    ];
    expect(readinessOn(testsOnly, dayOfPlan(30))).toMatchObject({ ready: false, soberDays: 0 });
  });

  it('does not count a negative test from the day of the last use as evidence of the days after it', () => {
    const steps = [...goalsClosed(24), drugTest('test-1', dayOfPlan(24), 'positive'), ...weeklyEvidence(31, 55)];
    // The negative of day 24 is the same day as the use: the span 24–30 after it has no negative.
    expect(readinessOn(steps, dayOfPlan(30)).calendarSoberDays).toBe(6);
    expect(readinessOn(steps, dayOfPlan(30)).unmet).toContainEqual({
      condition: 'sobriety-evidence',
      weeksWithoutEvidence: [{ from: dayOfPlan(24), to: dayOfPlan(30), negativeTests: 0, attendedSessions: 0 }],
    });
  });

  it('counts the 30 days from the last use, not from admission', () => {
    const relapsed = [...goalsClosed(17), drugTest('test-1', dayOfPlan(20), 'positive'), ...weeklyEvidence(24, 50)];
    expect(readinessOn(relapsed, dayOfPlan(49))).toMatchObject({ ready: false, soberDays: 29 });
    expect(readinessOn(relapsed, dayOfPlan(50))).toMatchObject({ ready: true, soberDays: 30 });
  });

  it('is not ready while a goal is open, however long the client has been sober', () => {
    expect(readinessOn([...activePlan(), ...weeklyEvidence(3, 60)], dayOfPlan(60))).toMatchObject({
      ready: false,
      soberDays: 60,
      openGoals: 1,
      openGoalIds: ['goal-1'],
      unmet: [{ condition: 'goals-closed', openGoalIds: ['goal-1'] }, { condition: 'goal-achieved' }],
      reasons: ['goals still open: goal-1', 'no goal has been achieved'],
    });
  });

  it('treats not-achieved and cancelled goals as closed, but a completed discharge still needs one achieved', () => {
    const steps = [...activePlan(), changeGoalStatus('goal-1', 'not-achieved', 'moved-away'), ...weeklyEvidence(3, 30)];
    expect(readinessOn(steps, dayOfPlan(30))).toMatchObject({ ready: false, openGoals: 0, unmet: [{ condition: 'goal-achieved' }] });
  });

  it('is not ready on a plan signed by the clinician alone, naming the missing signature', () => {
    const steps = [...draftPlan(), sign('clinician'), changeGoalStatus('goal-1', 'achieved'), ...weeklyEvidence(3, 30)];
    expect(readinessOn(steps, dayOfPlan(30))).toMatchObject({
      ready: false,
      unmet: [{ condition: 'plan-signed', missingSignatures: ['client'] }],
      reasons: ['the plan is not signed by the client'],
    });
  });

  it('is not ready on an unsigned draft, naming both signatures', () => {
    expect(readinessOn([...draftPlan(), changeGoalStatus('goal-1', 'achieved'), ...weeklyEvidence(3, 30)], dayOfPlan(30)).unmet).toEqual([
      { condition: 'plan-signed', missingSignatures: ['clinician', 'client'] },
    ]);
  });

  it('names every unmet condition at once', () => {
    expect(readinessOn(draftPlan(), dayOfPlan(10)).reasons).toEqual([
      '0 consecutive sober days backed by evidence of the 30 needed',
      `no negative test or no attended session in the weeks ${dayOfPlan(4)}–${dayOfPlan(10)}, ${dayOfPlan(-3)}–${dayOfPlan(3)}`,
      'goals still open: goal-1',
      'the plan is not signed by the clinician and the client',
      'no goal has been achieved',
    ]);
  });

  it('takes the sober days from the network’s rules', () => {
    const plan = planAfter(goalsClosed(45));
    if (plan.status === 'not-created') throw new Error('no plan');
    expect(dischargeReadiness(plan, dayOfPlan(45), planRules({ dischargeSobrietyDays: 60 }))).toMatchObject({
      ready: false,
      soberDays: 45,
    });
  });
});

describe('the discharge disposition', () => {
  const signed = { clinician: { signedBy: 'clinician-7', signedOn: START }, client: { signedBy: 'client-1', signedOn: START } };
  const achieved = [
    { goalId: 'goal-1', problemId: 'problem-1', code: 'abstinence', targetDate: dayOfPlan(60), status: 'achieved' as const },
  ];
  const notReady = dischargeReadiness(
    {
      startDate: START,
      drugTests: [],
      selfReports: [],
      relapses: [],
      medications: [],
      sessions: [],
      goals: achieved,
      signatures: signed,
      activatedOn: START,
    },
    dayOfPlan(29),
    DEFAULT_PLAN_RULES,
  );

  it('refuses `completed` before the criteria are met, telling the clinician what else to do', () => {
    expect(() => checkDischargeDisposition(notReady, 'completed')).toThrow(
      /does not meet the criteria for a completed discharge \(0 consecutive sober days backed by evidence of the 30 needed; no negative test or no attended session in the weeks .*\): extend the programme and wait, or discharge with another disposition \(against-advice, administrative, transferred-out, other\)/,
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
      .then({
        type: 'PlanClosed',
        data: { planId: 'episode-1', disposition: 'completed', date: dayOfPlan(30), closedAt: on(dayOfPlan(30)).toISOString() },
      }));

  it('refuses a completed discharge on day 29', () =>
    given(...goalsClosed())
      .when(discharge('completed'), on(dayOfPlan(29)))
      .thenThrows(/29 consecutive sober days backed by evidence of the 30 needed/, 'not-ready-for-completed-discharge'));

  it('refuses a completed discharge while a goal is open', () =>
    given(...activePlan())
      .when(discharge('completed'), on(dayOfPlan(40)))
      .thenThrows(/goals still open: goal-1/, 'not-ready-for-completed-discharge'));

  it('judges readiness on the discharge date given', () =>
    given(...goalsClosed())
      .when(
        { type: 'CloseForDischarge', data: { disposition: 'completed', date: dayOfPlan(29), lateEntryReason: 'documented-late' } },
        on(dayOfPlan(31)),
      )
      .thenThrows(/29 consecutive sober days/, 'not-ready-for-completed-discharge'));

  it('closes against advice while the criteria are unmet', () =>
    given(...activePlan(), relapse('relapse-1', dayOfPlan(5)))
      .when(discharge('against-advice'), on(dayOfPlan(6)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'against-advice', date: dayOfPlan(6) } }));

  it('refuses an unknown disposition and a date after today', () =>
    given(...activePlan())
      .when(discharge('graduated' as never, dayOfPlan(7)), on(dayOfPlan(6)))
      .thenThrows(
        /disposition: use one of completed, .*date: the discharge is recorded once it has happened: 2026-01-12 is after today \(2026-01-11\)/s,
        'invalid-discharge',
      ));

  it('refuses a completed discharge dated ahead even when the client would be ready by then', () =>
    given(...goalsClosed())
      .when(discharge('completed', dayOfPlan(30)), on(dayOfPlan(29)))
      .thenThrows(/is after today/, 'invalid-discharge'));

  it('refuses a completed discharge on a plan the client has not signed, listing it', () => {
    const thrown = given(...draftPlan(), sign('clinician'), changeGoalStatus('goal-1', 'achieved')).when(
      discharge('completed'),
      on(dayOfPlan(30)),
    );
    thrown.thenThrows(/the plan is not signed by the client/, 'not-ready-for-completed-discharge');
  });

  it('refuses a completed discharge when no goal was achieved, listing it', () =>
    given(...activePlan(), changeGoalStatus('goal-1', 'cancelled', 'moved-away'))
      .when(discharge('completed'), on(dayOfPlan(30)))
      .thenThrows(/no goal has been achieved/, 'not-ready-for-completed-discharge'));

  it('closes a back-dated discharge with its late-entry reason, judging readiness on that day', () =>
    given(...goalsClosed())
      .when(
        { type: 'CloseForDischarge', data: { disposition: 'completed', date: dayOfPlan(30), lateEntryReason: 'documented-late' } },
        on(dayOfPlan(32)),
      )
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'completed', date: dayOfPlan(30), lateEntryReason: 'documented-late' } }));

  it('refuses a back-dated discharge without a late-entry reason', () =>
    given(...activePlan())
      .when(discharge('administrative', dayOfPlan(5)), on(dayOfPlan(6)))
      .thenThrows(/lateEntryReason: the discharge is dated/, 'invalid-discharge'));

  it('closes, dated today, a plan whose programme has not begun yet (admitted for a later start)', () =>
    spec
      .given(...historyOf([createPlan({ startDate: dayOfPlan(3) })]))
      .when(discharge('administrative'), on(dayOfPlan(1)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'administrative', date: dayOfPlan(1) } }));

  it('changes nothing when the same discharge is heard back after it closed the plan', () =>
    given(...activePlan(), [discharge('administrative', dayOfPlan(6)), dayOfPlan(6)])
      .when(discharge('administrative', dayOfPlan(6)), on(dayOfPlan(7)))
      .thenNothingHappens());

  it('refuses a different discharge on a closed plan', () =>
    given(...activePlan(), [discharge('administrative', dayOfPlan(6)), dayOfPlan(6)])
      .when(discharge('against-advice', dayOfPlan(6)), on(dayOfPlan(7)))
      .thenThrows(/closed at discharge/, 'plan-closed'));

  it('accepts nothing once closed, not even a session from before the discharge', () =>
    given(...activePlan(), discharge('administrative', dayOfPlan(6)))
      .when(session('late', dayOfPlan(5), 3), on(dayOfPlan(7)))
      .thenThrows(/closed at discharge/, 'plan-closed'));

  it('uses the network’s sobriety rule for the completed disposition', () =>
    deciderSpec(treatmentPlanDecider(planRules({ dischargeSobrietyDays: 20 })))
      .given(...historyOf(goalsClosed()))
      .when(discharge('completed'), on(dayOfPlan(20)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'completed' } }));
});

describe('readiness on the discharge day, not as the plan stands now', () => {
  it('does not count a goal achieved after the discharge day for a back-dated completed discharge', () => {
    const achievedLate: Step[] = [...activePlan(), ...weeklyEvidence(4, 31), [changeGoalStatus('goal-1', 'achieved'), dayOfPlan(31)]];
    expect(readinessOn(achievedLate, dayOfPlan(30))).toMatchObject({
      ready: false,
      openGoalIds: ['goal-1'],
      unmet: [{ condition: 'goals-closed' }, { condition: 'goal-achieved' }],
    });
    expect(readinessOn(achievedLate, dayOfPlan(31))).toMatchObject({ ready: true });
    given(...achievedLate)
      .when(
        { type: 'CloseForDischarge', data: { disposition: 'completed', date: dayOfPlan(30), lateEntryReason: 'documented-late' } },
        on(dayOfPlan(32)),
      )
      .thenThrows(/goals still open: goal-1; no goal has been achieved/, 'not-ready-for-completed-discharge');
  });

  it('does not count a signature given after the discharge day', () => {
    const signedLate: Step[] = [
      ...draftPlan(),
      sign('clinician'),
      changeGoalStatus('goal-1', 'achieved'),
      ...weeklyEvidence(4, 31),
      [sign('client'), dayOfPlan(31)],
    ];
    expect(readinessOn(signedLate, dayOfPlan(30)).unmet).toEqual([{ condition: 'plan-signed', missingSignatures: ['client'] }]);
    expect(readinessOn(signedLate, dayOfPlan(31)).ready).toBe(true);
  });
});

describe('an episode whose plan this store never drafted', () => {
  const noPlan = deciderSpec(treatmentPlan).given();

  it('follows a level change, a transfer and a non-completed discharge with nothing', () => {
    noPlan.when(levelChange(IOP, START)).thenNothingHappens();
    noPlan.when({ type: 'RecordSiteTransfer', data: { toSiteId: 'site-south', effectiveDate: START } }).thenNothingHappens();
    noPlan.when(discharge('administrative')).thenNothingHappens();
  });

  it('refuses a completed discharge: there is no plan to show it was completed', () =>
    noPlan
      .when(discharge('completed'))
      .thenThrows(/has no treatment plan: discharge with another disposition/, 'not-ready-for-completed-discharge'));

  it('refuses anything else, saying the plan is drafted when the episode opens', () =>
    noPlan.when(session('s1', START, 3)).thenThrows(/there is no treatment plan here yet/, 'plan-not-created'));
});
