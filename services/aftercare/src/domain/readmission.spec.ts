import { deciderSpec } from '@continuum/testing';
import { aftercareDecider } from './decide.js';
import { aftercareRules } from './rules.js';
import {
  CLIENT_ID,
  DUE,
  EPISODE_ID,
  type HistoryStep,
  PLAN_ID,
  SITE_ID,
  barc10Totalling,
  checkIn,
  createPlan,
  historyOf,
  onDay,
  unreachableAt,
} from './testing/aftercare-fixtures.js';

const spec = deciderSpec(aftercareDecider());
const given = (...steps: HistoryStep[]) => spec.given(...historyOf(steps));
const checkedInAt7With = (total: number): HistoryStep[] => [createPlan(), [checkIn({ barc10: barc10Totalling(total) }), onDay(7)]];
const day30With = (total: number, outcome: 'abstinent' | 'lapse' | 'relapse' = 'abstinent') =>
  checkIn({ dueDate: DUE.day30, outcome, barc10: barc10Totalling(total) });

describe('a relapse at a check-in', () => {
  it('recommends readmission, naming the episode the client was discharged from', () => {
    const when = given(createPlan()).when(checkIn({ outcome: 'relapse', barc10: barc10Totalling(40) }), onDay(7));
    const [recorded, recommended] = when.events();
    expect(recorded).toMatchObject({ type: 'CheckInRecorded', data: { outcome: 'relapse' } });
    expect(recommended).toEqual({
      type: 'ReadmissionRecommended',
      data: {
        planId: PLAN_ID,
        clientId: CLIENT_ID,
        siteId: SITE_ID,
        episodeId: EPISODE_ID,
        checkInDueDate: DUE.day7,
        reasons: [{ code: 'relapse' }],
        recommendedAt: onDay(7).toISOString(),
      },
    });
  });

  it('recommends readmission once for that check-in: recording it again is refused', () =>
    given(createPlan(), [checkIn({ outcome: 'relapse' }), onDay(7)])
      .when(checkIn({ outcome: 'relapse' }), onDay(8))
      .thenThrows(/already recorded/, 'check-in-already-recorded'));

  it('does not repeat the recommendation at the next check-in without a relapse', () =>
    given(createPlan(), [checkIn({ outcome: 'relapse', barc10: barc10Totalling(40) }), onDay(7)])
      .when(day30With(40, 'abstinent'), onDay(30))
      .thenMatches({ type: 'CheckInRecorded' }));

  it('keeps each recommendation in the plan', () => {
    const state = spec.given(...historyOf([createPlan(), [checkIn({ outcome: 'relapse' }), onDay(7)]])).state;
    expect(state.status === 'active' && state.readmissionRecommendations).toEqual([
      { checkInDueDate: DUE.day7, reasons: [{ code: 'relapse' }], recommendedAt: onDay(7).toISOString() },
    ]);
  });

  it('is not recommended for a lapse with steady recovery capital', () =>
    given(...checkedInAt7With(45))
      .when(day30With(45, 'lapse'), onDay(30))
      .thenMatches({ type: 'CheckInRecorded', data: { outcome: 'lapse' } }));
});

describe('a falling BARC-10 total', () => {
  it('does not recommend readmission for a drop of 7 points', () =>
    given(...checkedInAt7With(50))
      .when(day30With(43), onDay(30))
      .thenMatches({ type: 'CheckInRecorded', data: { barc10: { total: 43 } } }));

  it('recommends readmission for a drop of 8 points', () =>
    given(...checkedInAt7With(50))
      .when(day30With(42), onDay(30))
      .thenMatches(
        { type: 'CheckInRecorded', data: { barc10: { total: 42 } } },
        {
          type: 'ReadmissionRecommended',
          data: { checkInDueDate: DUE.day30, reasons: [{ code: 'barc10-drop', previousTotal: 50, total: 42, drop: 8 }] },
        },
      ));

  it('does not look for a drop at the first check-in, which has nothing to compare with', () =>
    given(createPlan())
      .when(checkIn({ barc10: barc10Totalling(10) }), onDay(7))
      .thenMatches({ type: 'CheckInRecorded' }));

  it('compares with the last check-in at which the client was reached', () =>
    given(...checkedInAt7With(50), [unreachableAt(DUE.day30), onDay(31)])
      .when(checkIn({ dueDate: DUE.day120, barc10: barc10Totalling(41) }), onDay(120))
      .thenMatches(
        { type: 'CheckInRecorded' },
        { type: 'ReadmissionRecommended', data: { reasons: [{ code: 'barc10-drop', previousTotal: 50, drop: 9 }] } },
      ));

  it('names both reasons in one recommendation when a relapse comes with the drop', () =>
    given(...checkedInAt7With(50))
      .when(day30With(30, 'relapse'), onDay(30))
      .thenMatches(
        { type: 'CheckInRecorded' },
        { type: 'ReadmissionRecommended', data: { reasons: [{ code: 'relapse' }, { code: 'barc10-drop', drop: 20 }] } },
      ));

  it("follows the network's drop threshold", () =>
    deciderSpec(aftercareDecider(aftercareRules({ barcDropForReadmission: 5 })))
      .given(...historyOf(checkedInAt7With(50)))
      .when(day30With(45), onDay(30))
      .thenMatches({ type: 'CheckInRecorded' }, { type: 'ReadmissionRecommended', data: { reasons: [{ code: 'barc10-drop', drop: 5 }] } }));

  it('is no reason when the total rose', () =>
    given(...checkedInAt7With(30))
      .when(day30With(55), onDay(30))
      .thenMatches({ type: 'CheckInRecorded' }));
});
