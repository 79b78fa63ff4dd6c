import { type AftercarePlan, initialAftercarePlan } from './plan.js';
import { checkInsDue, missedCheckIns, outcomeAt } from './queries.js';
import { aftercareRules } from './rules.js';
import {
  CLIENT_ID,
  DUE,
  PLAN_ID,
  SITE_ID,
  barc10Totalling,
  checkIn,
  createPlan,
  endContinuingCare,
  missed,
  onDay,
  planAfter,
  unreachableAt,
} from './testing/aftercare-fixtures.js';

const ids = { planId: PLAN_ID, clientId: CLIENT_ID, siteId: SITE_ID };
const created = () => planAfter([createPlan()]);

describe('check-ins due in a week', () => {
  it('lists a check-in due on the first day of the week', () => {
    expect(checkInsDue(created(), '2026-01-22')).toEqual([{ ...ids, day: 7, dueDate: DUE.day7 }]);
  });

  it('lists a check-in due on the seventh day of the week', () => {
    expect(checkInsDue(created(), '2026-01-16')).toEqual([{ ...ids, day: 7, dueDate: DUE.day7 }]);
  });

  it('leaves out a check-in due the day after the week', () => {
    expect(checkInsDue(created(), '2026-01-15')).toEqual([]);
  });

  it('leaves out a check-in already recorded', () => {
    expect(checkInsDue(planAfter([createPlan(), [checkIn({ date: '2026-01-20' }), onDay(5)]]), '2026-01-19')).toEqual([]);
  });

  it('lists nothing once continuing care ended, and nothing for a plan that does not exist', () => {
    const ended = planAfter([createPlan(), [endContinuingCare({ reason: 'client-declined' }), onDay(2)]]);
    expect(checkInsDue(ended, '2026-01-19')).toEqual([]);
    expect(checkInsDue(initialAftercarePlan, '2026-01-19')).toEqual([]);
  });
});

describe('missed check-ins', () => {
  it('are none while the grace days last', () => {
    expect(missedCheckIns(created(), '2026-01-29')).toEqual([]);
  });

  it('include one past its grace days that the scheduler has not marked yet', () => {
    expect(missedCheckIns(created(), '2026-01-30')).toEqual([
      { ...ids, day: 7, dueDate: DUE.day7, lastDayToRecord: '2026-01-29', isMarked: false },
    ]);
  });

  it("use the network's grace days", () => {
    expect(missedCheckIns(created(), '2026-01-23', aftercareRules({ graceDays: 0 }))).toHaveLength(1);
  });

  it('include the ones marked missed, and not one recorded late', () => {
    const plan = planAfter([
      createPlan(),
      [missed(DUE.day7), onDay(15)],
      [missed(DUE.day30), onDay(38)],
      [checkIn({ dueDate: DUE.day30 }), onDay(40)],
    ]);
    expect(missedCheckIns(plan, '2026-03-01')).toEqual([
      { ...ids, day: 7, dueDate: DUE.day7, lastDayToRecord: '2026-01-29', isMarked: true },
    ]);
  });

  it('after continuing care ended, are only those marked while it ran', () => {
    const plan = planAfter([createPlan(), [missed(DUE.day7), onDay(15)], [endContinuingCare({ reason: 'client-declined' }), onDay(20)]]);
    expect(missedCheckIns(plan, '2026-12-01').map((c) => c.dueDate)).toEqual([DUE.day7]);
  });
});

describe('the outcome at 30, 90, 180 and 365 days', () => {
  const followedUp = (): AftercarePlan =>
    planAfter([
      createPlan(),
      [checkIn({ outcome: 'abstinent', barc10: barc10Totalling(48) }), onDay(7)],
      [checkIn({ dueDate: DUE.day30, outcome: 'lapse', barc10: barc10Totalling(44) }), onDay(31)],
      [unreachableAt(DUE.day120), onDay(121)],
      [checkIn({ dueDate: DUE.day210, outcome: 'abstinent', barc10: barc10Totalling(50) }), onDay(212)],
    ]);

  it('at 30 days is the day-30 check-in, recorded on day 31', () => {
    expect(outcomeAt(followedUp(), 30)).toEqual({
      atDay: 30,
      checkInDay: 30,
      dueDate: DUE.day30,
      date: '2026-02-15',
      outcome: 'lapse',
      barc10Total: 44,
      isStrongRecoveryCapital: false,
    });
  });

  it('at 90 days is the latest check-in scheduled before it, day 30', () => {
    expect(outcomeAt(followedUp(), 90)).toMatchObject({ atDay: 90, checkInDay: 30, outcome: 'lapse' });
  });

  it('at 180 days is the day-120 check-in, at which the client could not be reached', () => {
    expect(outcomeAt(followedUp(), 180)).toMatchObject({
      checkInDay: 120,
      outcome: 'unreachable',
      barc10Total: null,
      isStrongRecoveryCapital: null,
    });
  });

  it('at 365 days is the latest recorded check-in, when the day-300 one was missed', () => {
    expect(outcomeAt(followedUp(), 365)).toMatchObject({
      checkInDay: 210,
      outcome: 'abstinent',
      barc10Total: 50,
      isStrongRecoveryCapital: true,
    });
  });

  it('is unknown when no check-in up to that day was recorded', () => {
    expect(outcomeAt(planAfter([createPlan(), [missed(DUE.day7), onDay(15)]]), 30)).toBeUndefined();
    expect(outcomeAt(initialAftercarePlan, 30)).toBeUndefined();
  });
});
