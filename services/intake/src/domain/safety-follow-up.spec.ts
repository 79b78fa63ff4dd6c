import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { intakeConfig } from './config.js';
import { intakeDecider } from './decide.js';
import {
  CLIENT_ID,
  admission,
  assessment,
  cssrs,
  historyOf,
  imminentSuicideRisk,
  noSuicideRisk,
  phq9,
  placementDecision,
  referral,
  registration,
  screening,
} from './testing/intake-fixtures.js';
import { type RecordSafetyFollowUp } from './commands.js';

// Same-day safety follow-ups (docs/domain/screening.md#same-day-safety-follow-up): opened by a
// suicide-risk signal at a screen, recorded by a clinician, flagged once when overdue.

const spec = deciderSpec(intakeDecider());
const at = DEFAULT_NOW.toISOString();
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
const hoursLater = (hours: number) => new Date(DEFAULT_NOW.getTime() + hours * 3_600_000);
const registered = () => [referral(), registration()];
const moderateRisk = cssrs({ q2: true, q3: true, q4: false, q5: false });
const lowRisk = cssrs({ q1: true });
/** PHQ-9 with item 9 answered `item9` and every other item 0: a low total, no depression. */
const phq9WithItem9 = (item9: number) => phq9([0, 0, 0, 0, 0, 0, 0, 0, item9]);
const withSelfHarmThoughts = () => [...registered(), screening(phq9WithItem9(1), 's-phq', 'follow-up-1')];

const record = (data: Partial<RecordSafetyFollowUp['data']>): RecordSafetyFollowUp => ({
  type: 'RecordSafetyFollowUp',
  clientId: CLIENT_ID,
  data: {
    followUpId: 'follow-up-1',
    clinicianId: 'clinician-1',
    outcome: 'safety-plan-made',
    safetyPlanId: 'safety-plan-9',
    ...data,
  } as RecordSafetyFollowUp['data'],
});
const flagOverdue = (followUpId = 'follow-up-1') => ({
  type: 'FlagOverdueSafetyFollowUp' as const,
  clientId: CLIENT_ID,
  data: { followUpId },
});

describe('a suicide-risk signal opens a same-day follow-up', () => {
  it("opens one for PHQ-9 item 9 above 0, due within 8 hours, for the clinicians of the client's site", () =>
    given(...registered())
      .when(screening(phq9WithItem9(1), 's-phq', 'follow-up-1'))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        {
          type: 'SafetyFollowUpOpened',
          data: {
            clientId: CLIENT_ID,
            followUpId: 'follow-up-1',
            siteId: 'site-north',
            screeningId: 's-phq',
            instrument: 'PHQ-9',
            signal: 'phq9-item-9',
            ownerRole: 'clinician',
            dueAt: hoursLater(8).toISOString(),
            openedAt: at,
          },
        },
      ));

  it('opens none for PHQ-9 item 9 at 0, even with a severe total', () =>
    given(...registered())
      .when(screening(phq9([3, 3, 3, 3, 3, 3, 3, 3, 0])))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'CoOccurringConditionIdentified', data: { band: 'severe' } }));

  it('opens one for a C-SSRS of moderate risk, and none for low risk', () => {
    given(...registered())
      .when(screening(moderateRisk))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyFollowUpOpened', data: { instrument: 'C-SSRS', signal: 'cssrs-moderate-risk' } },
      );
    given(...registered())
      .when(screening(lowRisk))
      .thenMatches({ type: 'ScreeningRecorded' });
  });

  it('opens one beside the safety hold for a C-SSRS of high risk, before the conditions the screen raises', () =>
    given(...registered())
      .when(screening(imminentSuicideRisk))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyHoldPlaced' },
        { type: 'SafetyFollowUpOpened', data: { signal: 'cssrs-high-risk' } },
      ));

  it('opens it before the depression the same screen raises, so the referral hears of the risk first', () =>
    given(...registered())
      .when(screening(phq9([3, 3, 3, 3, 3, 3, 0, 0, 2])))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyFollowUpOpened' },
        { type: 'CoOccurringConditionIdentified', data: { condition: 'depression' } },
      ));

  it('opens no second follow-up while one is open: the later signal is evidence for it', () =>
    given(...withSelfHarmThoughts())
      .when(screening(moderateRisk))
      .thenMatches({ type: 'ScreeningRecorded' }));

  it('opens a new one for a signal after the last was recorded', () =>
    given(...withSelfHarmThoughts(), record({}))
      .when(screening(phq9WithItem9(2), 's-phq-2', 'follow-up-2'))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'SafetyFollowUpOpened', data: { followUpId: 'follow-up-2' } }));

  it('takes the hours and the owner role from the network', () =>
    deciderSpec(intakeDecider(intakeConfig({ safety: { followUpDueHours: 4, followUpOwnerRole: 'prescriber' } })))
      .given(...historyOf(registered()))
      .when(screening(phq9WithItem9(3)))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyFollowUpOpened', data: { dueAt: hoursLater(4).toISOString(), ownerRole: 'prescriber' } },
      ));

  it('keeps an open follow-up across a new intake: the work is still owed', () => {
    const admitted = [...withSelfHarmThoughts(), screening(noSuicideRisk), assessment(), placementDecision(), admission()];
    const state = given(
      ...admitted,
      referral({ referralId: 'referral-2', source: 'aftercare-re-entry', reasonCode: 'relapse', previousEpisodeId: 'episode-1' }),
    ).state;
    expect(state.status).toBe('referred');
    expect(state.safetyFollowUps).toEqual([expect.objectContaining({ followUpId: 'follow-up-1' })]);
    expect(state.safetyFollowUps[0]!.completion).toBeUndefined();
  });
});

describe('a clinician records the follow-up', () => {
  it('records a safety plan made with the client', () =>
    given(...withSelfHarmThoughts())
      .when(record({}))
      .then({
        type: 'SafetyFollowUpCompleted',
        data: {
          clientId: CLIENT_ID,
          followUpId: 'follow-up-1',
          outcome: 'safety-plan-made',
          safetyPlanId: 'safety-plan-9',
          clinicianId: 'clinician-1',
          completedAt: at,
        },
      }));

  it('records an escalation with where the client went and why', () =>
    given(...withSelfHarmThoughts())
      .when(record({ outcome: 'escalated', escalation: { to: 'crisis-team', reason: ' Describes a plan; crisis team attended. ' } }))
      .then({
        type: 'SafetyFollowUpCompleted',
        data: {
          clientId: CLIENT_ID,
          followUpId: 'follow-up-1',
          outcome: 'escalated',
          escalation: { to: 'crisis-team', reason: 'Describes a plan; crisis team attended.' },
          clinicianId: 'clinician-1',
          completedAt: at,
        },
      }));

  it('refuses an escalation without its destination and reason, naming both', () =>
    given(...withSelfHarmThoughts())
      .when(record({ outcome: 'escalated', escalation: { to: 'the-police' as never, reason: ' ' } }))
      .thenThrows(/escalation\.to.*escalation\.reason/s, 'invalid-safety-follow-up'));

  it('refuses an outcome it does not know', () =>
    given(...withSelfHarmThoughts())
      .when(record({ outcome: 'called-them' as never }))
      .thenThrows(/outcome: give what was done, one of cssrs-completed, safety-plan-made, escalated/, 'invalid-safety-follow-up'));

  it('records a C-SSRS screener done since it opened, naming it', () =>
    given(...withSelfHarmThoughts(), screening(lowRisk, 's-cssrs-after'))
      .when(record({ outcome: 'cssrs-completed', safetyPlanId: undefined }))
      .thenMatches({ type: 'SafetyFollowUpCompleted', data: { outcome: 'cssrs-completed', cssrsScreeningId: 's-cssrs-after' } }));

  it('refuses "C-SSRS done" when no screener was recorded since it opened', () =>
    given(...registered(), screening(noSuicideRisk, 's-before'), screening(phq9WithItem9(1), 's-phq', 'follow-up-1'))
      .when(record({ outcome: 'cssrs-completed' }))
      .thenThrows(/no C-SSRS screener is recorded since the follow-up opened/, 'cssrs-not-recorded'));

  it('does not count the screener that opened the follow-up as its follow-up', () =>
    given(...registered(), screening(moderateRisk, 's-opening', 'follow-up-1'))
      .when(record({ outcome: 'cssrs-completed' }))
      .thenThrows(/no C-SSRS screener/, 'cssrs-not-recorded'));

  it('refuses "C-SSRS done" when that screener found moderate risk: a safety plan or an escalation is owed', () =>
    given(...withSelfHarmThoughts(), screening(moderateRisk, 's-cssrs-after'))
      .when(record({ outcome: 'cssrs-completed' }))
      .thenThrows(/found moderate risk: record a safety plan .* or an escalation/, 'suicide-risk-needs-plan-or-escalation'));

  it('changes nothing when the same record is sent again', () =>
    given(...withSelfHarmThoughts(), record({}))
      .when(record({}))
      .thenNothingHappens());

  it('refuses a different record of a follow-up already recorded', () =>
    given(...withSelfHarmThoughts(), record({}))
      .when(record({ outcome: 'escalated', escalation: { to: 'crisis-team', reason: 'worse' } }))
      .thenThrows(/already recorded as safety-plan-made/, 'safety-follow-up-already-recorded'));

  it('refuses a follow-up the client does not have', () =>
    given(...withSelfHarmThoughts())
      .when(record({ followUpId: 'follow-up-9' }))
      .thenThrows(/no safety follow-up follow-up-9/, 'unknown-safety-follow-up'));
});

describe('an overdue follow-up is flagged once', () => {
  it('is not flagged before its due time', () =>
    given(...withSelfHarmThoughts())
      .when(flagOverdue(), new Date(hoursLater(8).getTime() - 1))
      .thenNothingHappens());

  // The queue's due rule (docs/domain/screening.md#same-day-safety-follow-up): due
  // SAFETY_FOLLOW_UP_DUE_HOURS (8) after the screen that opened it, overdue from that instant.
  it('is not flagged a minute before its due time, and is a minute after', () => {
    given(...withSelfHarmThoughts())
      .when(flagOverdue(), new Date(hoursLater(8).getTime() - 60_000))
      .thenNothingHappens();
    given(...withSelfHarmThoughts())
      .when(flagOverdue(), new Date(hoursLater(8).getTime() + 60_000))
      .thenMatches({ type: 'SafetyFollowUpOverdue', data: { dueAt: hoursLater(8).toISOString() } });
  });

  it('is flagged at its due time, naming it and the site', () =>
    given(...withSelfHarmThoughts())
      .when(flagOverdue(), hoursLater(8))
      .then({
        type: 'SafetyFollowUpOverdue',
        data: {
          clientId: CLIENT_ID,
          followUpId: 'follow-up-1',
          siteId: 'site-north',
          dueAt: hoursLater(8).toISOString(),
          flaggedAt: hoursLater(8).toISOString(),
        },
      }));

  it('is flagged only once', () => {
    const flagged = historyOf([...withSelfHarmThoughts()]);
    const overdue = intakeDecider().decide(flagOverdue(), spec.given(...flagged).state, hoursLater(9));
    spec
      .given(...flagged, ...overdue)
      .when(flagOverdue(), hoursLater(30))
      .thenNothingHappens();
  });

  it('is not flagged once recorded', () =>
    given(...withSelfHarmThoughts(), record({}))
      .when(flagOverdue(), hoursLater(9))
      .thenNothingHappens());

  it('shows the flag and the record on the client', () => {
    const state = given(...withSelfHarmThoughts(), record({})).state;
    expect(state.safetyFollowUps[0]).toMatchObject({ followUpId: 'follow-up-1', completion: { outcome: 'safety-plan-made' } });
  });
});

it('opens a follow-up for item 9 whatever the total: a PHQ-9 of 1, band none-minimal, still opens one', () =>
  given(...registered())
    .when(screening(phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])))
    .thenMatches({ type: 'ScreeningRecorded', data: { outcome: { score: 1, band: 'none-minimal' } } }, { type: 'SafetyFollowUpOpened' }));
