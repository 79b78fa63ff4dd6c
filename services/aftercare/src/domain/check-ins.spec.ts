import { deciderSpec } from '@continuum/testing';
import { aftercareDecider } from './decide.js';
import { aftercareRules } from './rules.js';
import {
  CLIENT_ID,
  DUE,
  type HistoryStep,
  PLAN_ID,
  barc10Totalling,
  checkIn,
  createPlan,
  historyOf,
  missed,
  onDay,
  unreachableAt,
} from './testing/aftercare-fixtures.js';

const spec = deciderSpec(aftercareDecider());
const given = (...steps: HistoryStep[]) => spec.given(...historyOf(steps));
const ids = { planId: PLAN_ID, clientId: CLIENT_ID };

describe('recording a check-in', () => {
  it('records the outcome with the BARC-10 total computed from the answers', () => {
    const answers = barc10Totalling(52);
    given(createPlan())
      .when(checkIn({ dueDate: DUE.day7, outcome: 'abstinent', barc10: answers }), onDay(8))
      .then({
        type: 'CheckInRecorded',
        data: {
          ...ids,
          dueDate: DUE.day7,
          day: 7,
          date: '2026-01-23',
          outcome: 'abstinent',
          barc10: { answers, total: 52, isStrongRecoveryCapital: true },
          recordedAt: onDay(8).toISOString(),
        },
      });
  });

  it('flags 47 as strong recovery capital and 46 not', () => {
    given(createPlan())
      .when(checkIn({ barc10: barc10Totalling(47) }), onDay(7))
      .thenMatches({
        type: 'CheckInRecorded',
        data: { barc10: { total: 47, isStrongRecoveryCapital: true } },
      });
    given(createPlan())
      .when(checkIn({ barc10: barc10Totalling(46) }), onDay(7))
      .thenMatches({
        type: 'CheckInRecorded',
        data: { barc10: { total: 46, isStrongRecoveryCapital: false } },
      });
  });

  it('takes the date the check-in took place, earlier than the due date', () =>
    given(createPlan())
      .when(checkIn({ dueDate: DUE.day30, date: '2026-02-10' }), onDay(30))
      .thenMatches({
        type: 'CheckInRecorded',
        data: { dueDate: DUE.day30, day: 30, date: '2026-02-10' },
      }));

  it('refuses a BARC-10 answer out of range, naming it', () =>
    given(createPlan())
      .when(checkIn({ barc10: [1, 2, 3, 4, 5, 6, 7, 1, 1, 1] }), onDay(7))
      .thenThrows(/barc10\[6\]: answer 7 must be a whole number from 1/, 'invalid-check-in'));

  it('refuses a check-in of a reached client without the BARC-10 answers', () =>
    given(createPlan())
      .when(checkIn({ barc10: undefined }), onDay(7))
      .thenThrows(/give the 10 BARC-10 answers/, 'invalid-check-in'));

  it('refuses an unknown outcome', () =>
    given(createPlan())
      .when(checkIn({ outcome: 'fine' as never }), onDay(7))
      .thenThrows(/outcome: give one of abstinent, lapse, relapse, unreachable/, 'invalid-check-in'));

  it('refuses a check-in dated in the future or before the discharge', () => {
    given(createPlan())
      .when(checkIn({ date: '2026-01-23' }), onDay(7))
      .thenThrows(/after today/, 'invalid-check-in');
    given(createPlan())
      .when(checkIn({ date: '2026-01-14' }), onDay(7))
      .thenThrows(/window opens on 2026-01-15, on the discharge day/, 'invalid-check-in');
  });

  it("opens a check-in's window the day after the previous one was due", () => {
    given(createPlan())
      .when(checkIn({ dueDate: DUE.day30, date: DUE.day7 }), onDay(10))
      .thenThrows(
        /window opens on 2026-01-23, the day after the previous check-in was due: check the date, or record it as the earlier check-in/,
        'invalid-check-in',
      );
    given(createPlan())
      .when(checkIn({ dueDate: DUE.day30, date: '2026-01-23' }), onDay(10))
      .thenMatches({ type: 'CheckInRecorded', data: { dueDate: DUE.day30, date: '2026-01-23' } });
  });

  it('refuses a check-in whose window has not opened yet', () =>
    given(createPlan())
      .when(checkIn({ dueDate: DUE.day120 }), onDay(8))
      .thenThrows(/window opens on 2026-02-15/, 'invalid-check-in'));

  it("refuses a due date that is not on the plan's schedule, listing the right ones", () =>
    given(createPlan())
      .when(checkIn({ dueDate: '2026-01-23' }), onDay(8))
      .thenThrows(/no check-in is due on 2026-01-23.*2026-01-22, 2026-02-14/, 'unknown-check-in'));

  it('refuses to record the same check-in twice', () =>
    given(createPlan(), [checkIn(), onDay(7)])
      .when(checkIn({ outcome: 'lapse' }), onDay(8))
      .thenThrows(/already recorded \(abstinent on 2026-01-22\)/, 'check-in-already-recorded'));

  it('records a check-in late, after it was marked missed, and the client counts as reached again', () => {
    const late = given(createPlan(), [missed(DUE.day7), onDay(15)]);
    late
      .when(checkIn({ date: '2026-01-31' }), onDay(16))
      .thenMatches({ type: 'CheckInRecorded', data: { dueDate: DUE.day7, date: '2026-01-31' } });
    const state = spec.given(...historyOf([createPlan(), [missed(DUE.day7), onDay(15)], [checkIn(), onDay(16)]])).state;
    expect(state.status === 'active' && state.consecutiveMisses).toBe(0);
  });
});

describe('a client who could not be reached at a check-in', () => {
  it('is recorded without BARC-10 and gets an outreach task', () =>
    given(createPlan())
      .when(unreachableAt(DUE.day7), onDay(8))
      .then(
        {
          type: 'CheckInRecorded',
          data: {
            ...ids,
            dueDate: DUE.day7,
            day: 7,
            date: '2026-01-23',
            outcome: 'unreachable',
            barc10: null,
            recordedAt: onDay(8).toISOString(),
          },
        },
        {
          type: 'OutreachTaskCreated',
          data: {
            ...ids,
            taskId: `outreach-${PLAN_ID}-${DUE.day7}`,
            dueDate: DUE.day7,
            reason: 'unreachable-at-check-in',
            createdAt: onDay(8).toISOString(),
          },
        },
      ));

  it('refuses BARC-10 answers the client cannot have given', () =>
    given(createPlan())
      .when({ ...unreachableAt(DUE.day7), data: { ...unreachableAt(DUE.day7).data, barc10: barc10Totalling(30) } }, onDay(8))
      .thenThrows(/leave them out/, 'invalid-check-in'));

  it('cannot be recorded on a check-in already marked missed, which has its outreach task', () =>
    given(createPlan(), [missed(DUE.day7), onDay(15)])
      .when(unreachableAt(DUE.day7), onDay(16))
      .thenThrows(/already marked missed/, 'check-in-already-missed'));
});

describe('marking a check-in missed (scheduler)', () => {
  // Due 2026-01-22 with 7 grace days: may be recorded until 2026-01-29, missed from 2026-01-30.
  it('refuses on the last day of grace, saying from when it may be marked', () =>
    given(createPlan())
      .when(missed(DUE.day7), onDay(14))
      .thenThrows(/may still be recorded until 2026-01-29: mark it missed from 2026-01-30/, 'check-in-grace-not-over'));

  it('marks it missed the day after the grace days and creates an outreach task', () =>
    given(createPlan())
      .when(missed(DUE.day7), onDay(15))
      .then(
        { type: 'CheckInMissed', data: { ...ids, dueDate: DUE.day7, day: 7, consecutiveMisses: 1, markedAt: onDay(15).toISOString() } },
        {
          type: 'OutreachTaskCreated',
          data: {
            ...ids,
            taskId: `outreach-${PLAN_ID}-${DUE.day7}`,
            dueDate: DUE.day7,
            reason: 'missed-check-in',
            createdAt: onDay(15).toISOString(),
          },
        },
      ));

  it("follows the network's grace days", () =>
    deciderSpec(aftercareDecider(aftercareRules({ graceDays: 0 })))
      .given(...historyOf([createPlan()]))
      .when(missed(DUE.day7), onDay(8))
      .thenMatches({ type: 'CheckInMissed' }, { type: 'OutreachTaskCreated' }));

  it('decides nothing when the scheduler marks the same check-in again', () =>
    given(createPlan(), [missed(DUE.day7), onDay(15)])
      .when(missed(DUE.day7), onDay(16))
      .thenNothingHappens());

  it('decides nothing for a check-in that was recorded', () =>
    given(createPlan(), [checkIn(), onDay(7)])
      .when(missed(DUE.day7), onDay(30))
      .thenNothingHappens());

  it('refuses a due date that is not on the schedule', () =>
    given(createPlan())
      .when(missed('2026-01-23'), onDay(30))
      .thenThrows(/no check-in is due on 2026-01-23/, 'unknown-check-in'));
});

describe('three missed check-ins in a row', () => {
  const twoMissed: HistoryStep[] = [createPlan(), [missed(DUE.day7), onDay(15)], [missed(DUE.day30), onDay(38)]];

  it('mark the client unreachable at the third', () =>
    given(...twoMissed)
      .when(missed(DUE.day120), onDay(128))
      .then(
        {
          type: 'CheckInMissed',
          data: { ...ids, dueDate: DUE.day120, day: 120, consecutiveMisses: 3, markedAt: onDay(128).toISOString() },
        },
        {
          type: 'OutreachTaskCreated',
          data: {
            ...ids,
            taskId: `outreach-${PLAN_ID}-${DUE.day120}`,
            dueDate: DUE.day120,
            reason: 'missed-check-in',
            createdAt: onDay(128).toISOString(),
          },
        },
        {
          type: 'ClientMarkedUnreachable',
          data: { ...ids, consecutiveMisses: 3, lastDueDate: DUE.day120, markedAt: onDay(128).toISOString() },
        },
      ));

  it('do not mark the client when a recorded check-in interrupted the run', () =>
    given(createPlan(), [missed(DUE.day7), onDay(15)], [checkIn({ dueDate: DUE.day30 }), onDay(30)], [missed(DUE.day120), onDay(128)])
      .when(missed(DUE.day210), onDay(218))
      .thenMatches({ type: 'CheckInMissed', data: { consecutiveMisses: 2 } }, { type: 'OutreachTaskCreated' }));

  it('count a check-in at which the client could not be reached', () =>
    given(createPlan(), [missed(DUE.day7), onDay(15)], [unreachableAt(DUE.day30), onDay(31)])
      .when(missed(DUE.day120), onDay(128))
      .thenMatches(
        { type: 'CheckInMissed', data: { consecutiveMisses: 3 } },
        { type: 'OutreachTaskCreated' },
        { type: 'ClientMarkedUnreachable' },
      ));

  it('mark the client unreachable when the third is an unreachable check-in', () =>
    given(...twoMissed)
      .when(unreachableAt(DUE.day120), onDay(121))
      .thenMatches(
        { type: 'CheckInRecorded', data: { outcome: 'unreachable' } },
        { type: 'OutreachTaskCreated', data: { reason: 'unreachable-at-check-in' } },
        { type: 'ClientMarkedUnreachable', data: { consecutiveMisses: 3, lastDueDate: DUE.day120 } },
      ));

  it('do not mark the client twice when a fourth is missed', () =>
    given(...twoMissed, [missed(DUE.day120), onDay(128)])
      .when(missed(DUE.day210), onDay(218))
      .thenMatches({ type: 'CheckInMissed', data: { consecutiveMisses: 4 } }, { type: 'OutreachTaskCreated' }));

  it('start a new run once the client was reached again', () => {
    const reachedAgain: HistoryStep[] = [...twoMissed, [missed(DUE.day120), onDay(128)], [checkIn({ dueDate: DUE.day120 }), onDay(130)]];
    const state = spec.given(...historyOf(reachedAgain)).state;
    expect(state.status === 'active' && { isUnreachable: state.isUnreachable, consecutiveMisses: state.consecutiveMisses }).toEqual({
      isUnreachable: false,
      consecutiveMisses: 0,
    });
    given(...reachedAgain)
      .when(missed(DUE.day210), onDay(218))
      .thenMatches({ type: 'CheckInMissed', data: { consecutiveMisses: 1 } }, { type: 'OutreachTaskCreated' });
  });

  it("follow the network's count of misses", () =>
    deciderSpec(aftercareDecider(aftercareRules({ missesForUnreachable: 2 })))
      .given(...historyOf([createPlan(), [missed(DUE.day7), onDay(15)]]))
      .when(missed(DUE.day30), onDay(38))
      .thenMatches(
        { type: 'CheckInMissed' },
        { type: 'OutreachTaskCreated' },
        { type: 'ClientMarkedUnreachable', data: { consecutiveMisses: 2 } },
      ));
});
