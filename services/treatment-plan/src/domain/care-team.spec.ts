import { deciderSpec } from '@continuum/testing';
import { type ChangeCareTeam } from './commands.js';
import { careTeamUserIds } from './care-team.js';
import { treatmentPlan } from './decide.js';
import { type Step, activePlan, createPlan, discharge, historyOf, on, planAfter, START } from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const team = (...members: ChangeCareTeam['data']['members']): ChangeCareTeam => ({ type: 'ChangeCareTeam', data: { members } });
const NOW = on(START);

describe("the episode's care team", () => {
  it('assigns the team whole, in team-role order, with the episode, client and site for the integration event', () =>
    given(createPlan())
      .when(team({ userId: 'nurse-3', teamRole: 'nurse' }, { userId: 'clinician-7', teamRole: 'clinician' }), NOW)
      .then({
        type: 'CareTeamChanged',
        data: {
          planId: 'episode-1',
          episodeId: 'episode-1',
          clientId: 'client-1',
          siteId: 'site-north',
          members: [
            { userId: 'clinician-7', teamRole: 'clinician' },
            { userId: 'nurse-3', teamRole: 'nurse' },
          ],
          changedAt: NOW.toISOString(),
        },
      }));

  it('replaces the team: who was on it and is not named any more is off it', () => {
    const plan = planAfter([
      createPlan(),
      team({ userId: 'clinician-7', teamRole: 'clinician' }, { userId: 'nurse-3', teamRole: 'nurse' }),
      team({ userId: 'clinician-8', teamRole: 'clinician' }),
    ]);
    expect(careTeamUserIds(plan.status === 'not-created' ? {} : plan)).toEqual(['clinician-8']);
  });

  it('clears the team with an empty list', () =>
    given(createPlan(), team({ userId: 'clinician-7', teamRole: 'clinician' }))
      .when(team(), NOW)
      .thenMatches({ type: 'CareTeamChanged', data: { members: [] } }));

  it('changes nothing when the team named is the team it has, in any order', () =>
    given(createPlan(), team({ userId: 'clinician-7', teamRole: 'clinician' }, { userId: 'nurse-3', teamRole: 'nurse' }))
      .when(team({ userId: 'nurse-3', teamRole: 'nurse' }, { userId: 'clinician-7', teamRole: 'clinician' }), NOW)
      .thenNothingHappens());

  it('refuses two members in one team role, naming them', () =>
    given(createPlan())
      .when(team({ userId: 'clinician-7', teamRole: 'clinician' }, { userId: 'clinician-8', teamRole: 'clinician' }), NOW)
      .thenThrows(/a team has one clinician; name one of clinician-7, clinician-8/, 'invalid-care-team'));

  it('refuses a role that is not a team role and a blank user id, every problem at once', () =>
    given(createPlan())
      .when(team({ userId: ' ', teamRole: 'site-admin' as 'nurse' }), NOW)
      .thenThrows(
        /members\[0\]\.userId: .*members\[0\]\.teamRole: use one of clinician, prescriber, case-manager, nurse/,
        'invalid-care-team',
      ));

  it('is not changed on a plan closed at discharge', () =>
    given(...activePlan(), discharge('administrative'))
      .when(team({ userId: 'clinician-7', teamRole: 'clinician' }), NOW)
      .thenThrows(/closed at discharge/, 'plan-closed'));

  it('needs a plan', () =>
    spec
      .given()
      .when(team({ userId: 'clinician-7', teamRole: 'clinician' }), NOW)
      .thenThrows(/no treatment plan here yet/, 'plan-not-created'));
});
