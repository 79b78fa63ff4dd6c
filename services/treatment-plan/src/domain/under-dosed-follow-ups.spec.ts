import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import { UNDER_DOSED_FOLLOW_UP_OUTCOMES } from './under-dosed-follow-ups.js';
import {
  START,
  type Step,
  careTeam,
  closeWeek,
  createPlan,
  dayOfPlan,
  followUpWeek,
  historyOf,
  late,
  on,
  planAfter,
  session,
} from './testing/plan-fixtures.js';

// docs/domain/work-queues.md#following-up-an-under-dosed-week
const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const SECOND_WEEK = dayOfPlan(7);
const team = careTeam({ userId: 'clinician-7', teamRole: 'clinician' }, { userId: 'prescriber-2', teamRole: 'prescriber' });
/** A plan with its team whose first week closed under-dosed (6 of 9 hours) and second met (9 of 9). */
const underDosedFirstWeek: Step[] = [
  createPlan(),
  team,
  session('s1', START, 3),
  session('s2', dayOfPlan(2), 3),
  closeWeek(START),
  session('s3', SECOND_WEEK, 3),
  session('s4', dayOfPlan(9), 3),
  session('s5', dayOfPlan(11), 3),
  closeWeek(SECOND_WEEK),
];
const FOLLOW_UP_DAY = dayOfPlan(15);

describe('following up an under-dosed week', () => {
  it.each(UNDER_DOSED_FOLLOW_UP_OUTCOMES)('records the outcome %s by a care-team member, on the day at the site', (outcome) =>
    given(...underDosedFirstWeek)
      .when(followUpWeek(START, outcome, 'prescriber-2'), on(FOLLOW_UP_DAY))
      .then({
        type: 'UnderDosedWeekFollowedUp',
        data: { planId: 'episode-1', weekStart: START, outcome, followedUpBy: 'prescriber-2', followedUpOn: FOLLOW_UP_DAY },
      }),
  );

  it('keeps the answer on the closed week', () => {
    const plan = planAfter([...underDosedFirstWeek, [followUpWeek(START, 'dose-adjusted'), FOLLOW_UP_DAY]]);
    expect(plan.status !== 'not-created' && plan.closedWeeks).toEqual([
      expect.objectContaining({
        weekStart: START,
        underDosed: true,
        followUp: { outcome: 'dose-adjusted', followedUpBy: 'clinician-7', followedUpOn: FOLLOW_UP_DAY },
      }),
      expect.not.objectContaining({ followUp: expect.anything() }),
    ]);
  });

  it('refuses anyone off the care team, before saying anything about the week', () => {
    given(...underDosedFirstWeek)
      .when(followUpWeek(START, 'client-contacted', 'clinician-8'), on(FOLLOW_UP_DAY))
      .thenThrows(/followed up by the client's care team/, 'not-on-care-team');
    given(...underDosedFirstWeek)
      .when(followUpWeek('2026-03-02', 'client-contacted', 'clinician-8'), on(FOLLOW_UP_DAY))
      .thenThrows(/care team/, 'not-on-care-team');
    given(createPlan())
      .when(followUpWeek(START), on(FOLLOW_UP_DAY))
      .thenThrows(/care team/, 'not-on-care-team');
  });

  it('refuses a week that met the minimum, one not closed, and one that is not a week of the plan', () => {
    given(...underDosedFirstWeek)
      .when(followUpWeek(SECOND_WEEK), on(FOLLOW_UP_DAY))
      .thenThrows(/met the level's minimum \(9 of 9 hours\)/, 'week-not-under-dosed');
    given(...underDosedFirstWeek)
      .when(followUpWeek(dayOfPlan(14)), on(FOLLOW_UP_DAY))
      .thenThrows(/is not an under-dosed week of this plan/, 'week-not-under-dosed');
    given(...underDosedFirstWeek)
      .when(followUpWeek(dayOfPlan(1)), on(FOLLOW_UP_DAY))
      .thenThrows(/is not an under-dosed week of this plan/, 'week-not-under-dosed');
  });

  it('refuses an outcome that is not a code, and a week that is not a date', () => {
    given(...underDosedFirstWeek)
      .when(followUpWeek(START, 'called her mother'), on(FOLLOW_UP_DAY))
      .thenThrows(/outcome: use one of dose-adjusted, client-contacted/, 'invalid-follow-up');
    given(...underDosedFirstWeek)
      .when(followUpWeek('last week'), on(FOLLOW_UP_DAY))
      .thenThrows(/weekStart: give a calendar date/, 'invalid-follow-up');
  });

  it('answers a week once: a second follow-up, even by another member, is refused', () =>
    given(...underDosedFirstWeek, [followUpWeek(START, 'client-unreachable'), FOLLOW_UP_DAY])
      .when(followUpWeek(START, 'client-contacted', 'prescriber-2'), on(dayOfPlan(16)))
      .thenThrows(/was followed up on 2026-01-20 \(client-unreachable\): it is answered once/, 'week-already-followed-up'));

  it('does not reopen a followed-up week when hours for it are recorded late: its verdict was given when it closed', () => {
    const steps: Step[] = [
      ...underDosedFirstWeek,
      [followUpWeek(START), FOLLOW_UP_DAY],
      [late(session('s-late', dayOfPlan(4), 3)), FOLLOW_UP_DAY],
      [closeWeek(START), FOLLOW_UP_DAY],
    ];
    const plan = planAfter(steps);
    expect(plan.status !== 'not-created' && plan.closedWeeks.filter((week) => week.weekStart === START)).toEqual([
      expect.objectContaining({ underDosed: true, followUp: expect.objectContaining({ outcome: 'client-contacted' }) }),
    ]);
    given(...steps)
      .when(followUpWeek(START, 'dose-adjusted'), on(dayOfPlan(16)))
      .thenThrows(/answered once/, 'week-already-followed-up');
  });

  it('is refused on a plan closed at discharge', () =>
    given(...underDosedFirstWeek, [
      { type: 'CloseForDischarge', data: { disposition: 'administrative', date: FOLLOW_UP_DAY } },
      FOLLOW_UP_DAY,
    ])
      .when(followUpWeek(START), on(dayOfPlan(16)))
      .thenThrows(/closed at discharge/, 'plan-closed'));
});
