import { type CareTeam, type CareTeamMember, replacesHeldTeam } from '@continuum/care-episode';
import { type Decider } from '@continuum/decider';

// Intake's copy of a client's care team (treatment-plan owns care teams and tells them as
// CareTeamChanged): who reads the clinical detail of an admitted client's intake record
// (domain/record-views.ts). One stream per client; the latest team told wins, so a change
// delivered late never replaces a newer one.

export const CARE_TEAM_STREAM_PREFIX = 'intake-care-team-';
export const careTeamStream = (clientId: string) => `${CARE_TEAM_STREAM_PREFIX}${clientId}`;

export type CareTeamNoted = {
  type: 'CareTeamNoted';
  data: {
    clientId: string;
    episodeId: string;
    siteId: string;
    members: CareTeamMember[];
    changedAt: string;
  };
};
export type NoteCareTeam = { type: 'NoteCareTeam'; data: CareTeamNoted['data'] };
export type ClientCareTeam = { careTeam?: CareTeam };

export const careTeamDecider: Decider<NoteCareTeam, CareTeamNoted, ClientCareTeam> = {
  initialState: {},
  evolve: (_state, event) => ({
    careTeam: { episodeId: event.data.episodeId, members: event.data.members, changedAt: event.data.changedAt },
  }),
  decide: (command, state) => (replacesHeldTeam(command.data, state.careTeam) ? [{ type: 'CareTeamNoted', data: command.data }] : []),
};
