import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { aftercareDecider } from './decide.js';
import { aftercareRules } from './rules.js';
import {
  CLIENT_ID,
  type HistoryStep,
  PHP,
  PLAN_ID,
  arrangeResidence,
  arrangeTherapy,
  attendance,
  createPlan,
  historyOf,
  linkPeerSupport,
  onDay,
  recordRelapsePreventionPlan,
  relapsePreventionPlanContent,
  setStepDown,
  updateNeed,
} from './testing/aftercare-fixtures.js';

const spec = deciderSpec(aftercareDecider());
const given = (...steps: HistoryStep[]) => spec.given(...historyOf(steps));
const ids = { planId: PLAN_ID, clientId: CLIENT_ID };
const at = DEFAULT_NOW.toISOString();
const twoContacts = relapsePreventionPlanContent().supportContacts.slice(0, 2);

describe('the relapse-prevention plan', () => {
  it('records triggers, warning signs, coping strategies, support contacts and the action plan', () =>
    given(createPlan())
      .when(recordRelapsePreventionPlan())
      .then({
        type: 'RelapsePreventionPlanRecorded',
        data: { ...ids, relapsePreventionPlan: relapsePreventionPlanContent(), recordedAt: at },
      }));

  it('refuses a plan with fewer than three support contacts, saying whom to add', () =>
    given(createPlan())
      .when(recordRelapsePreventionPlan({ supportContacts: twoContacts }))
      .thenThrows(
        /needs at least 3 support contacts the client can call \(2 given\): add people from the client's support network/,
        'invalid-relapse-prevention-plan',
      ));

  it('does not count the same contact twice', () =>
    given(createPlan())
      .when(recordRelapsePreventionPlan({ supportContacts: [...twoContacts, twoContacts[0]!] }))
      .thenThrows(/listed once.*at least 3 support contacts the client can call \(2 given\)/s, 'invalid-relapse-prevention-plan'));

  it("follows the network's minimum of support contacts", () =>
    deciderSpec(aftercareDecider(aftercareRules({ minimumSupportContacts: 2 })))
      .given(...historyOf([createPlan()]))
      .when(
        recordRelapsePreventionPlan({
          supportContacts: twoContacts,
          actionPlan: { steps: ['call'], firstContactId: twoContacts[0]!.contactId },
        }),
      )
      .thenMatches({ type: 'RelapsePreventionPlanRecorded' }));

  it('refuses a plan missing its parts, naming each', () =>
    given(createPlan())
      .when(
        recordRelapsePreventionPlan({
          triggers: [{ kind: 'weather' as never, description: '' }],
          warningSigns: [],
          copingStrategies: ['  '],
        }),
      )
      .thenThrows(
        /triggers\[0\]\.kind.*triggers\[0\]\.description.*warningSigns.*copingStrategies\[0\]/s,
        'invalid-relapse-prevention-plan',
      ));

  it('refuses an action plan whose first call is not one of the support contacts', () =>
    given(createPlan())
      .when(recordRelapsePreventionPlan({ actionPlan: { steps: ['call'], firstContactId: 'contact-unknown' } }))
      .thenThrows(/actionPlan\.firstContactId: name whom the client calls first/, 'invalid-relapse-prevention-plan'));

  it('replaces the plan on an update', () => {
    const updated = recordRelapsePreventionPlan({ warningSigns: ['isolating'] });
    given(createPlan(), recordRelapsePreventionPlan())
      .when(updated)
      .thenMatches({
        type: 'RelapsePreventionPlanRecorded',
        data: { relapsePreventionPlan: { warningSigns: ['isolating'] } },
      });
  });

  it('decides nothing when the same plan is saved again', () =>
    given(createPlan(), recordRelapsePreventionPlan()).when(recordRelapsePreventionPlan()).thenNothingHappens());
});

describe('the step-down level', () => {
  it('sets outpatient after an IOP discharge (its send to the provider waits for a consent: domain/outside-sends.spec.ts)', () =>
    given(createPlan())
      .when(setStepDown())
      .thenMatches(
        {
          type: 'StepDownLevelSet',
          data: {
            ...ids,
            stepDown: { level: { edition: 3, code: '1' }, providerId: 'provider-riverside-op', startDate: '2026-01-18' },
            setAt: at,
          },
        },
        { type: 'SendAwaitingConsent', data: { kind: 'step-down', recipient: { recipientId: 'provider-riverside-op' } } },
      ));

  it('refuses a level above the discharge level, pointing to readmission', () =>
    given(createPlan())
      .when(setStepDown({ level: PHP }))
      .thenThrows(
        /2\.5 \(PHP, 3rd ed\.\) is more intensive than the discharge level 2\.1 \(IOP, 3rd ed\.\).*readmitted/,
        'step-down-above-discharge-level',
      ));

  it('accepts a 4th-edition level below the discharge level', () =>
    given(createPlan())
      .when(setStepDown({ level: { edition: 4, code: '1.0' } }))
      .thenMatches(
        { type: 'StepDownLevelSet', data: { stepDown: { level: { edition: 4, code: '1.0' } } } },
        { type: 'SendAwaitingConsent' },
      ));

  it('refuses a start before the discharge', () =>
    given(createPlan())
      .when(setStepDown({ startDate: '2026-01-10' }))
      .thenThrows(/startDate: the date is before the discharge/, 'invalid-step-down'));
});

describe('the recovery residence', () => {
  it('arranges a sober-living home with its NARR level', () =>
    given(createPlan())
      .when(arrangeResidence())
      .thenMatches(
        {
          type: 'RecoveryResidenceArranged',
          data: {
            ...ids,
            residence: { kind: 'sober-living-home', residenceId: 'residence-oak-house', narrLevel: 'II', moveInDate: '2026-01-15' },
            arrangedAt: at,
          },
        },
        { type: 'SendAwaitingConsent', data: { kind: 'recovery-residence', recipient: { recipientId: 'residence-oak-house' } } },
      ));

  it('refuses a NARR level other than I to IV', () =>
    given(createPlan())
      .when(arrangeResidence({ narrLevel: 'V' as never }))
      .thenThrows(/narrLevel: give the residence's NARR level: I, II, III, IV/, 'invalid-recovery-residence'));
});

describe('peer support', () => {
  it('links the client to a group', () =>
    given(createPlan())
      .when(linkPeerSupport())
      .thenMatches(
        {
          type: 'PeerSupportLinked',
          data: {
            ...ids,
            linkage: { linkageId: 'linkage-aa', programme: 'AA', groupId: 'group-tuesday-aa', linkedOn: '2026-01-15' },
            linkedAt: at,
          },
        },
        {
          type: 'SendAwaitingConsent',
          data: { kind: 'peer-support', carrierId: 'linkage-aa', recipient: { recipientId: 'group-tuesday-aa' } },
        },
      ));

  it("needs the programme's code for another programme", () =>
    given(createPlan())
      .when(linkPeerSupport({ programme: 'other' }))
      .thenThrows(/otherProgrammeCode/, 'invalid-peer-support-linkage'));

  it('refuses a second linkage with the same id', () =>
    given(createPlan(), linkPeerSupport())
      .when(linkPeerSupport({ programme: 'NA' }))
      .thenThrows(/already recorded/, 'peer-support-linkage-exists'));

  it('records attendance at a meeting', () =>
    given(createPlan(), linkPeerSupport())
      .when(attendance({ meetingDate: '2026-01-20', attended: false }), onDay(6))
      .then({
        type: 'PeerSupportAttendanceRecorded',
        data: { ...ids, linkageId: 'linkage-aa', meetingDate: '2026-01-20', attended: false, recordedAt: onDay(6).toISOString() },
      }));

  it('keeps the attendance with its linkage', () => {
    const state = given(createPlan(), linkPeerSupport(), [attendance({ meetingDate: '2026-01-20' }), onDay(6)]).state;
    expect(state.status === 'active' && state.peerSupport[0]!.attendance).toEqual([{ meetingDate: '2026-01-20', attended: true }]);
  });

  it('refuses attendance at a group the client was not linked to', () =>
    given(createPlan())
      .when(attendance())
      .thenThrows(/link the client to the group first/, 'unknown-peer-support-linkage'));

  it('refuses attendance at a meeting in the future', () =>
    given(createPlan(), linkPeerSupport())
      .when(attendance({ meetingDate: '2026-01-20' }), onDay(2))
      .thenThrows(/after today/, 'invalid-peer-support-attendance'));

  it('refuses to change an attendance already recorded', () =>
    given(createPlan(), linkPeerSupport(), attendance())
      .when(attendance({ attended: false }))
      .thenThrows(/already recorded as attended/, 'peer-support-attendance-recorded'));
});

describe('continuing therapy', () => {
  it('arranges a therapy with its provider and frequency', () =>
    given(createPlan())
      .when(arrangeTherapy())
      .thenMatches({
        type: 'ContinuingTherapyArranged',
        data: { therapy: { therapyId: 'therapy-1', kind: 'individual-therapy', sessionsPerMonth: 4, startDate: '2026-01-22' } },
      }));

  it('updates the therapy with the same id', () => {
    const state = given(createPlan(), arrangeTherapy(), arrangeTherapy({ sessionsPerMonth: 2 })).state;
    expect(state.status === 'active' && state.continuingTherapies.map((t) => t.sessionsPerMonth)).toEqual([2]);
  });

  it('refuses a frequency that is not a whole number of sessions', () =>
    given(createPlan())
      .when(arrangeTherapy({ sessionsPerMonth: 0 }))
      .thenThrows(/sessionsPerMonth/, 'invalid-continuing-therapy'));
});

describe('case-management needs', () => {
  it('identifies a need', () =>
    given(createPlan())
      .when(updateNeed({ need: 'hepatitis-testing' }))
      .then({
        type: 'CaseManagementNeedUpdated',
        data: { ...ids, need: 'hepatitis-testing', status: 'identified', updatedAt: at },
      }));

  it("moves a need on, keeping the status it had and the outside service's reference", () =>
    given(createPlan(), updateNeed({ need: 'vocational-training' }))
      .when(updateNeed({ need: 'vocational-training', status: 'referred', referenceId: 'workforce-centre-481' }))
      .thenMatches({
        type: 'CaseManagementNeedUpdated',
        data: { status: 'referred', previousStatus: 'identified', referenceId: 'workforce-centre-481' },
      }));

  it('records a need the client declined', () =>
    given(createPlan())
      .when(updateNeed({ need: 'legal-help', status: 'declined' }))
      .thenMatches({ type: 'CaseManagementNeedUpdated', data: { status: 'declined' } }));

  it('decides nothing when the status is unchanged', () => given(createPlan(), updateNeed()).when(updateNeed()).thenNothingHappens());

  it('refuses a need or status the network does not know, naming both', () =>
    given(createPlan())
      .when(updateNeed({ need: 'housing' as never, status: 'done' as never }))
      .thenThrows(/need: give one of food-bank.*status: give one of identified, referred, met, declined/s, 'invalid-case-management-need'));
});
