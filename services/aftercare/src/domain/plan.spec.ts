import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { aftercareDecider } from './decide.js';
import { aftercarePlanIdFor, aftercarePlanStream } from './events.js';
import { aftercareRules } from './rules.js';
import {
  CLIENT_ID,
  DISCHARGE_DATE,
  DUE,
  EPISODE_ID,
  type HistoryStep,
  IOP,
  PLAN_ID,
  SITE_ID,
  checkIn,
  createPlan,
  endContinuingCare,
  historyOf,
  missed,
  onDay,
  recordRelapsePreventionPlan,
  updateNeed,
} from './testing/aftercare-fixtures.js';

const spec = deciderSpec(aftercareDecider());
const given = (...steps: HistoryStep[]) => spec.given(...historyOf(steps));

describe("the aftercare plan's identity", () => {
  it("is the discharged episode's id, so a redelivered discharge names the same plan", () => {
    expect(aftercarePlanIdFor(EPISODE_ID)).toBe(aftercarePlanIdFor(EPISODE_ID));
    expect(aftercarePlanIdFor(EPISODE_ID)).toBe(EPISODE_ID);
  });

  it('lives in the stream aftercare-<planId>', () => {
    expect(aftercarePlanStream('p-42')).toBe('aftercare-p-42');
  });
});

describe('creating the aftercare plan at discharge', () => {
  it('creates the plan with the check-ins due on day 7, 30, 120, 210 and 300 after discharge', () =>
    spec
      .given()
      .when(createPlan())
      .then({
        type: 'AftercarePlanCreated',
        data: {
          planId: PLAN_ID,
          clientId: CLIENT_ID,
          episodeId: EPISODE_ID,
          siteId: SITE_ID,
          dischargeLevel: IOP,
          disposition: 'completed',
          dischargeDate: DISCHARGE_DATE,
          checkIns: [
            { day: 7, dueDate: DUE.day7 },
            { day: 30, dueDate: DUE.day30 },
            { day: 120, dueDate: DUE.day120 },
            { day: 210, dueDate: DUE.day210 },
            { day: 300, dueDate: DUE.day300 },
          ],
          endsOn: '2027-01-15',
          createdAt: DEFAULT_NOW.toISOString(),
        },
      }));

  it('counts the days across a month end and a leap day', () =>
    spec
      .given()
      .when(createPlan({ dischargeDate: '2028-01-31' }))
      .thenMatches({
        type: 'AftercarePlanCreated',
        data: { checkIns: [{ dueDate: '2028-02-07' }, { dueDate: '2028-03-01' }, {}, {}, {}], endsOn: '2029-01-30' },
      }));

  it("follows the network's schedule", () =>
    deciderSpec(aftercareDecider(aftercareRules({ schedule: { first: [3], thenEveryDays: 30, untilDays: 90 } })))
      .given()
      .when(createPlan())
      .thenMatches({
        type: 'AftercarePlanCreated',
        data: { checkIns: [{ day: 3, dueDate: '2026-01-18' }, { day: 33 }, { day: 63 }], endsOn: '2026-04-15' },
      }));

  it('decides nothing when the same discharge arrives again', () => given(createPlan()).when(createPlan()).thenNothingHappens());

  it('decides nothing for a repeated discharge even after the plan moved on', () =>
    given(createPlan(), [checkIn(), onDay(7)])
      .when(createPlan())
      .thenNothingHappens());

  it('refuses a plan id that is not derived from the episode', () =>
    spec
      .given()
      .when({ ...createPlan(), planId: 'plan-9' })
      .thenThrows(/aftercarePlanIdFor\(episodeId\)/, 'invalid-aftercare-plan'));

  it('refuses a discharge without its facts, naming each', () =>
    spec
      .given()
      .when(createPlan({ clientId: '', siteId: ' ', disposition: 'eloped' as never, dischargeDate: '15/01/2026' }))
      .thenThrows(/clientId.*siteId.*disposition.*dischargeDate/s, 'invalid-aftercare-plan'));

  it('refuses a discharge level that is not in the catalogue', () =>
    spec
      .given()
      .when(createPlan({ dischargeLevel: { edition: 3, code: '2.2' } }))
      .thenThrows(/level 2\.2 is not in the ASAM 3rd edition/, 'unknown-level-of-care'));
});

describe('before the plan exists', () => {
  it('refuses anything but its creation, saying where plans come from', () =>
    spec
      .given()
      .when(checkIn())
      .thenThrows(/no aftercare plan .*created when treatment-plan discharges/, 'no-aftercare-plan'));

  it('refuses a command meant for another plan', () =>
    given(createPlan())
      .when({ ...checkIn(), planId: 'another-plan' })
      .thenThrows(/holds aftercare plan/, 'wrong-plan'));
});

describe('ending continuing care', () => {
  it('ends on the last day of the year, for the year completed', () =>
    given(createPlan())
      .when(endContinuingCare(), onDay(365))
      .then({
        type: 'ContinuingCareEnded',
        data: { planId: PLAN_ID, clientId: CLIENT_ID, reason: 'year-completed', endedOn: '2027-01-15', endedAt: onDay(365).toISOString() },
      }));

  it('dates the end on the last day of the year when the scheduler runs late', () =>
    given(createPlan())
      .when(endContinuingCare(), onDay(368))
      .thenMatches({ type: 'ContinuingCareEnded', data: { endedOn: '2027-01-15' } }));

  it('refuses to end for the year completed the day before the year is over', () =>
    given(createPlan())
      .when(endContinuingCare(), onDay(364))
      .thenThrows(/runs until 2027-01-15/, 'continuing-care-not-over'));

  it('ends on readmission, naming the new episode', () =>
    given(createPlan())
      .when(endContinuingCare({ reason: 'readmitted', readmissionEpisodeId: 'episode-2' }), onDay(45))
      .thenMatches({
        type: 'ContinuingCareEnded',
        data: { reason: 'readmitted', readmissionEpisodeId: 'episode-2', endedOn: '2026-03-01' },
      }));

  it('refuses a readmission without the new episode, or naming the discharged one', () => {
    given(createPlan())
      .when(endContinuingCare({ reason: 'readmitted' }), onDay(45))
      .thenThrows(/readmissionEpisodeId/, 'invalid-end-of-continuing-care');
    given(createPlan())
      .when(endContinuingCare({ reason: 'readmitted', readmissionEpisodeId: EPISODE_ID }), onDay(45))
      .thenThrows(/readmissionEpisodeId: .*not the discharged one/, 'invalid-end-of-continuing-care');
  });

  it('ends early when the client declines further aftercare', () =>
    given(createPlan())
      .when(endContinuingCare({ reason: 'client-declined' }), onDay(40))
      .thenMatches({ type: 'ContinuingCareEnded', data: { endedOn: '2026-02-24' } }));
});

describe('after continuing care ended', () => {
  const ended = () => given(createPlan(), [endContinuingCare({ reason: 'readmitted', readmissionEpisodeId: 'episode-2' }), onDay(20)]);

  it('decides nothing when the end is sent again', () => ended().when(endContinuingCare(), onDay(365)).thenNothingHappens());

  it('decides nothing when the scheduler marks a check-in missed', () => ended().when(missed(DUE.day30), onDay(60)).thenNothingHappens());

  it('decides nothing when the same discharge arrives again', () => ended().when(createPlan(), onDay(60)).thenNothingHappens());

  it('refuses a check-in, saying that continuing care ended', () =>
    ended()
      .when(checkIn({ dueDate: DUE.day30 }), onDay(30))
      .thenThrows(/ended on 2026-02-04 \(readmitted\)/, 'continuing-care-ended'));

  it("refuses changes to the plan's content", () => {
    ended().when(recordRelapsePreventionPlan(), onDay(30)).thenThrows(/ended/, 'continuing-care-ended');
    ended().when(updateNeed(), onDay(30)).thenThrows(/ended/, 'continuing-care-ended');
  });
});
