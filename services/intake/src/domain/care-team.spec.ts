import { deciderSpec } from '@continuum/testing';
import { type CareTeamNoted, careTeamDecider } from './care-team.js';

const spec = deciderSpec(careTeamDecider);
const team = (changedAt: string, userId = 'clinician-1'): CareTeamNoted['data'] => ({
  clientId: 'client-1',
  episodeId: 'episode-1',
  siteId: 'site-north',
  members: [{ userId, teamRole: 'clinician' }],
  changedAt,
});

describe("intake's copy of a client's care team", () => {
  it('notes the team treatment-plan told', () =>
    spec
      .given()
      .when({ type: 'NoteCareTeam', data: team('2026-01-15T09:00:00.000Z') })
      .then({ type: 'CareTeamNoted', data: team('2026-01-15T09:00:00.000Z') }));

  it('notes a newer change', () =>
    spec
      .given({ type: 'CareTeamNoted', data: team('2026-01-15T09:00:00.000Z') })
      .when({ type: 'NoteCareTeam', data: team('2026-01-15T09:00:00.001Z', 'clinician-2') })
      .then({ type: 'CareTeamNoted', data: team('2026-01-15T09:00:00.001Z', 'clinician-2') }));

  it.each(['2026-01-15T08:59:59.999Z', '2026-01-15T09:00:00.000Z'])(
    'ignores a change delivered late (%s), never replacing the newer team',
    (changedAt) =>
      spec
        .given({ type: 'CareTeamNoted', data: team('2026-01-15T09:00:00.000Z') })
        .when({ type: 'NoteCareTeam', data: team(changedAt, 'clinician-old') })
        .thenNothingHappens(),
  );
});
