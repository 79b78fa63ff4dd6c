import { deciderSpec } from '@continuum/testing';
import { type CareTeamNoted, type ClientEvent, clientFileDecider, evolveClientFile, initialClientFile } from './client.js';
import { clinicalReadRule } from './referral-views.js';
import { CLIENT } from './testing/referral-fixtures.js';

const spec = deciderSpec(clientFileDecider);
const team = (changedAt: string, sourceEventId: string, userIds: string[], episodeId = 'episode-1'): CareTeamNoted => ({
  type: 'CareTeamNoted',
  data: {
    clientId: CLIENT,
    episodeId,
    siteId: 'site-north',
    members: userIds.map((userId) => ({ userId, teamRole: 'clinician' as const })),
    changedAt,
    sourceEventId,
  },
});
const discharged = (episodeId: string, sourceEventId: string): ClientEvent => ({
  type: 'ClientEventNoted',
  data: { clientId: CLIENT, event: 'discharge', occurredAt: '2026-03-01T00:00:00.000Z', episodeId, sourceEventId },
});
const fileOf = (...events: ClientEvent[]) => events.reduce(evolveClientFile, initialClientFile);

describe("the client's copy of the episode's care team", () => {
  it('records the team treatment-plan told', () => {
    const told = team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a']);
    spec.given().when({ type: 'NoteCareTeam', data: told.data }).then(told);
  });

  it('records a team once however often it is delivered', () => {
    const told = team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a']);
    spec.given(told).when({ type: 'NoteCareTeam', data: told.data }).thenNothingHappens();
  });

  it('ignores a change older than the team it holds (delivered late)', () => {
    const newer = team('2026-02-02T09:00:00.000Z', 'event-2', ['dr-b']);
    const older = team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a']);
    spec.given(newer).when({ type: 'NoteCareTeam', data: older.data }).thenNothingHappens();
    expect(fileOf(newer).careTeam?.members.map((member) => member.userId)).toEqual(['dr-b']);
  });

  it('replaces the team with a newer change', () => {
    const older = team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a']);
    const newer = team('2026-02-02T09:00:00.000Z', 'event-2', ['dr-b']);
    spec.given(older).when({ type: 'NoteCareTeam', data: newer.data }).then(newer);
  });
});

describe("who reads a referral's clinical detail", () => {
  it('before any episode: the site clinical staff (no care team yet)', () => {
    expect(clinicalReadRule(fileOf())).toEqual({ stage: 'before-episode' });
  });

  it('in an episode: its care team', () => {
    expect(clinicalReadRule(fileOf(team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a', 'nurse-b'])))).toEqual({
      stage: 'in-episode',
      episodeId: 'episode-1',
      careTeam: ['dr-a', 'nurse-b'],
    });
  });

  it('in an episode whose team is now empty: nobody by team membership', () => {
    expect(clinicalReadRule(fileOf(team('2026-02-01T09:00:00.000Z', 'event-1', [])))).toEqual({
      stage: 'in-episode',
      episodeId: 'episode-1',
      careTeam: [],
    });
  });

  it('after the episode is discharged: before the next one again', () => {
    expect(clinicalReadRule(fileOf(team('2026-02-01T09:00:00.000Z', 'event-1', ['dr-a']), discharged('episode-1', 'event-2')))).toEqual({
      stage: 'before-episode',
    });
  });

  it('a discharge of an earlier episode does not end the current one', () => {
    const rule = clinicalReadRule(
      fileOf(discharged('episode-0', 'event-1'), team('2026-02-01T09:00:00.000Z', 'event-2', ['dr-a'], 'episode-1')),
    );
    expect(rule).toEqual({ stage: 'in-episode', episodeId: 'episode-1', careTeam: ['dr-a'] });
  });
});
