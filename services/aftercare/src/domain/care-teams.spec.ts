import { fold } from '@continuum/decider';
import { deciderSpec } from '@continuum/testing';
import { type CareTeamNoted, careTeamUserIdsOf, careTeamsDecider } from './care-teams.js';

// Aftercare's copy of the care teams: one per discharged episode, the newest change wins.

const spec = deciderSpec(careTeamsDecider);
const team = (changedAt: string, userId = 'clinician-1', episodeId = 'episode-1', sourceEventId = `event-${changedAt}`) => ({
  clientId: 'client-1',
  episodeId,
  siteId: 'site-north',
  members: [
    { userId, teamRole: 'clinician' as const },
    { userId: 'case-manager-1', teamRole: 'case-manager' as const },
  ],
  changedAt,
  sourceEventId,
});
const noted = (data: CareTeamNoted['data']): CareTeamNoted => ({ type: 'CareTeamNoted', data });

describe("aftercare's copy of a client's care teams", () => {
  it('notes the team treatment-plan told', () =>
    spec
      .given()
      .when({ type: 'NoteCareTeam', data: team('2026-01-15T09:00:00.000Z') })
      .then(noted(team('2026-01-15T09:00:00.000Z'))));

  it('notes a newer change of the same episode', () =>
    spec
      .given(noted(team('2026-01-15T09:00:00.000Z')))
      .when({ type: 'NoteCareTeam', data: team('2026-01-15T09:00:00.001Z', 'clinician-2') })
      .then(noted(team('2026-01-15T09:00:00.001Z', 'clinician-2'))));

  it.each(['2026-01-15T08:59:59.999Z', '2026-01-15T09:00:00.000Z'])(
    'ignores a change delivered late (%s), never replacing the newer team',
    (changedAt) =>
      spec
        .given(noted(team('2026-01-15T09:00:00.000Z')))
        .when({ type: 'NoteCareTeam', data: team(changedAt, 'clinician-old') })
        .thenNothingHappens(),
  );

  it('notes the same source event once', () =>
    spec
      .given(noted(team('2026-01-15T09:00:00.000Z', 'clinician-1', 'episode-1', 'event-1')))
      .when({ type: 'NoteCareTeam', data: team('2026-01-16T09:00:00.000Z', 'clinician-1', 'episode-2', 'event-1') })
      .thenNothingHappens());

  it("keeps each episode's team: an older change of another episode is still noted", () =>
    spec
      .given(noted(team('2026-03-01T09:00:00.000Z', 'clinician-2', 'episode-2')))
      .when({ type: 'NoteCareTeam', data: team('2026-01-15T09:00:00.000Z', 'clinician-1', 'episode-1') })
      .then(noted(team('2026-01-15T09:00:00.000Z', 'clinician-1', 'episode-1'))));

  it("reads each episode's members, none for an episode never told, and skips the file's consent copies", () => {
    const teams = fold(careTeamsDecider.evolve, careTeamsDecider.initialState, [
      noted(team('2026-01-15T09:00:00.000Z', 'clinician-1', 'episode-1')),
      { type: 'ConsentCopied', data: {} } as unknown as CareTeamNoted,
      noted(team('2026-03-01T09:00:00.000Z', 'clinician-2', 'episode-2')),
    ]);
    expect(careTeamUserIdsOf(teams, 'episode-1')).toEqual(['clinician-1', 'case-manager-1']);
    expect(careTeamUserIdsOf(teams, 'episode-2')).toEqual(['clinician-2', 'case-manager-1']);
    expect(careTeamUserIdsOf(teams, 'episode-3')).toEqual([]);
  });
});
