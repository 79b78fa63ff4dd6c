import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import { type Plan } from './plan.js';
import { sobriety, sobrietyStreak } from './sobriety.js';
import {
  START,
  type Step,
  createPlan,
  dayOfPlan,
  drugTest,
  historyOf,
  on,
  planAfter,
  relapse,
  selfReport,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));

function created(steps: Step[]): Exclude<Plan, { status: 'not-created' }> {
  const plan = planAfter(steps);
  if (plan.status === 'not-created') throw new Error('the steps created no plan');
  return plan;
}

describe('recording drug tests', () => {
  it('records a test with its result and substances', () =>
    given(createPlan())
      .when(drugTest('test-1', START, 'positive', ['opioids', 'alcohol']), on(START))
      .then({
        type: 'DrugTestRecorded',
        data: { planId: 'episode-1', testId: 'test-1', date: START, result: 'positive', substanceCodes: ['opioids', 'alcohol'] },
      }));

  it('records the same test once', () =>
    given(createPlan(), drugTest('test-1', START, 'negative'))
      .when(drugTest('test-1', START, 'negative'), on(START))
      .thenNothingHappens());

  it('asks a positive test for the substances it was positive for', () =>
    given(createPlan())
      .when(drugTest('test-1', START, 'positive', []), on(START))
      .thenThrows(/substanceCodes: a positive test names the substances/, 'invalid-drug-test'));

  it('refuses an unknown result and a test dated in the future', () =>
    given(createPlan())
      .when(drugTest('test-1', dayOfPlan(1), 'inconclusive' as never), on(START))
      .thenThrows(
        /date: the drug test \(its collection day\) is recorded once it has happened.*result: use one of negative, positive, dilute, refused/s,
        'invalid-drug-test',
      ));
});

describe('recording self-reports', () => {
  it('records a report of use with the last-use day', () =>
    given(createPlan())
      .when(selfReport({ date: dayOfPlan(3), used: true, lastUseDate: dayOfPlan(1), substanceCodes: ['cannabis'] }), on(dayOfPlan(3)))
      .then({
        type: 'SelfReportRecorded',
        data: {
          planId: 'episode-1',
          reportId: 'report-1',
          date: dayOfPlan(3),
          used: true,
          lastUseDate: dayOfPlan(1),
          substanceCodes: ['cannabis'],
        },
      }));

  it('refuses a last use after the report itself', () =>
    given(createPlan())
      .when(selfReport({ date: dayOfPlan(3), used: true, lastUseDate: dayOfPlan(4) }), on(dayOfPlan(5)))
      .thenThrows(/lastUseDate: the last use cannot be after the report itself/, 'invalid-self-report'));

  it('records the same report once', () =>
    given(createPlan(), selfReport({ date: START }))
      .when(selfReport({ date: START }))
      .thenNothingHappens());
});

describe('the sobriety streak', () => {
  it('counts whole days from the plan’s start when no use is known', () => {
    const plan = created([createPlan()]);
    expect(sobrietyStreak(plan, START)).toBe(0);
    expect(sobrietyStreak(plan, dayOfPlan(29))).toBe(29);
    expect(sobrietyStreak(plan, on(dayOfPlan(30)))).toBe(30);
  });

  it('starts again from a positive test', () => {
    const plan = created([createPlan(), drugTest('test-1', dayOfPlan(10), 'positive')]);
    expect(sobrietyStreak(plan, dayOfPlan(10))).toBe(0);
    expect(sobriety(plan, dayOfPlan(15))).toMatchObject({
      days: 5,
      since: dayOfPlan(10),
      lastUse: { source: 'positive-test', id: 'test-1' },
    });
  });

  it('treats a refused test as use, so that refusing cannot protect a streak', () => {
    const plan = created([createPlan(), drugTest('test-1', dayOfPlan(10), 'refused')]);
    expect(sobriety(plan, dayOfPlan(12))).toMatchObject({ days: 2, lastUse: { source: 'refused-test' } });
  });

  it('does not break the streak on a dilute test, but notes it', () => {
    const plan = created([createPlan(), drugTest('test-1', dayOfPlan(10), 'dilute'), drugTest('test-2', dayOfPlan(11), 'negative')]);
    const streak = sobriety(plan, dayOfPlan(12));
    expect(streak).toMatchObject({ days: 12, since: START, diluteTestIds: ['test-1'] });
    expect(streak.lastUse).toBeUndefined();
  });

  it('does not break the streak on a negative test', () => {
    expect(sobrietyStreak(created([createPlan(), drugTest('test-1', dayOfPlan(10), 'negative')]), dayOfPlan(12))).toBe(12);
  });

  it('counts from the last use a client reports, or from the report when no day is given', () => {
    expect(
      sobrietyStreak(created([createPlan(), selfReport({ date: dayOfPlan(5), used: true, lastUseDate: dayOfPlan(3) })]), dayOfPlan(10)),
    ).toBe(7);
    expect(sobrietyStreak(created([createPlan(), selfReport({ date: dayOfPlan(5), used: true })]), dayOfPlan(10))).toBe(5);
    expect(sobrietyStreak(created([createPlan(), selfReport({ date: dayOfPlan(5), used: false })]), dayOfPlan(10))).toBe(10);
  });

  it('counts from the admission, not from a last use before it that the client reports', () => {
    const plan = created([createPlan(), selfReport({ date: START, used: false, lastUseDate: '2025-12-20' })]);
    expect(sobrietyStreak(plan, dayOfPlan(10))).toBe(10);
  });

  it('starts again from a relapse', () => {
    expect(sobrietyStreak(created([createPlan(), relapse('relapse-1', dayOfPlan(20))]), dayOfPlan(21))).toBe(1);
  });

  it('answers as of an earlier day, ignoring what came later', () => {
    const plan = created([createPlan(), drugTest('test-1', dayOfPlan(10), 'positive')]);
    expect(sobrietyStreak(plan, dayOfPlan(8))).toBe(8);
  });
});
