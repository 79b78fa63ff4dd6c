import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import { dischargeReadiness } from './discharge.js';
import { DEFAULT_PLAN_RULES } from './rules.js';
import { sobriety } from './sobriety.js';
import { weeklyHours } from './attendance.js';
import {
  START,
  type Step,
  activePlan,
  changeGoalStatus,
  closeWeek,
  createPlan,
  dayOfPlan,
  drugTest,
  historyOf,
  markInError,
  on,
  planAfter,
  session,
  weeklyEvidence,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));

describe('marking a test or a session entered-in-error', () => {
  it('records the correction with its reason, keeping the original event in the history', () => {
    const events = historyOf([
      createPlan(),
      drugTest('test-1', dayOfPlan(2), 'positive'),
      [markInError('drug-test', 'test-1'), dayOfPlan(3)],
    ]);
    expect(events.map((event) => event.type)).toEqual(['PlanDrafted', 'DrugTestRecorded', 'EntryMarkedInError']);
    expect(events[2]).toEqual({
      type: 'EntryMarkedInError',
      data: {
        planId: 'episode-1',
        kind: 'drug-test',
        id: 'test-1',
        reasonCode: 'wrong-client',
        markedBy: 'nurse-3',
        markedOn: dayOfPlan(3),
      },
    });
  });

  it('gives the streak back: a positive recorded for the wrong client no longer counts', () => {
    const plan = planAfter([createPlan(), drugTest('test-1', dayOfPlan(2), 'positive'), markInError('drug-test', 'test-1')]);
    if (plan.status === 'not-created') throw new Error('no plan');
    expect(plan.drugTests).toEqual([]);
    expect(plan.enteredInError).toMatchObject([{ kind: 'drug-test', id: 'test-1' }]);
    expect(sobriety(plan, dayOfPlan(10)).days).toBe(10);
  });

  it('takes a negative test and a session out of the evidence and the weekly hours', () => {
    const steps: Step[] = [...activePlan(), changeGoalStatus('goal-1', 'achieved'), ...weeklyEvidence(3, 30)];
    const corrected = planAfter([
      ...steps,
      markInError('drug-test', 'negative-17', 'duplicate'),
      markInError('session', 'session-3', 'wrong-date'),
    ]);
    if (corrected.status === 'not-created') throw new Error('no plan');
    expect(dischargeReadiness(corrected, dayOfPlan(30), DEFAULT_PLAN_RULES)).toMatchObject({ ready: false, soberDays: 7 });
    expect(weeklyHours(corrected, START)).toBe(0);
  });

  it('changes nothing when the same entry is marked again, and a re-sent test with the id stays out', () => {
    given(createPlan(), drugTest('test-1', START, 'positive'), markInError('drug-test', 'test-1'))
      .when(markInError('drug-test', 'test-1'), on(dayOfPlan(1)))
      .thenNothingHappens();
    given(createPlan(), drugTest('test-1', START, 'positive'), markInError('drug-test', 'test-1'))
      .when(drugTest('test-1', START, 'positive'), on(START))
      .thenNothingHappens();
  });

  it('refuses an entry the plan does not hold, and an unknown kind or reason', () => {
    given(createPlan())
      .when(markInError('session', 'session-9'), on(START))
      .thenThrows(/has no session session-9/, 'unknown-entry');
    given(createPlan())
      .when(markInError('relapse' as never, 'relapse-1', 'typo'), on(START))
      .thenThrows(/kind: use one of drug-test, session.*reasonCode: use one of/s, 'invalid-correction');
  });

  it('does not reopen a week already closed', () => {
    const steps: Step[] = [createPlan(), session('s1', dayOfPlan(1), 9), closeWeek(START)];
    given(...steps)
      .when(markInError('session', 's1'), on(dayOfPlan(8)))
      .thenMatches({ type: 'EntryMarkedInError' });
  });
});
