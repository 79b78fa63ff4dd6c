import { type CareTeamMember, replacesHeldTeam } from '@continuum/care-episode';
import { type Decider } from '@continuum/decider';

// Aftercare's copy of the care teams treatment-plan tells (CareTeamChanged), kept in the
// client's file `aftercare-client-<clientId>` beside the consent copies (consent-file.ts): an
// aftercare plan's clinical detail is for the discharged episode's care team
// (docs/domain/aftercare.md#who-reads-a-plan), so the team is kept per episode, and a plan of
// an earlier episode is still read by that episode's team after a readmission. Each change is
// noted once per source event; one no newer than the team held for its episode (delivered late)
// is ignored, so it never replaces a newer team.

export type { CareTeamMember } from '@continuum/care-episode';

export type CareTeamNoted = {
  type: 'CareTeamNoted';
  data: {
    clientId: string;
    episodeId: string;
    siteId: string;
    members: CareTeamMember[];
    changedAt: string;
    /** The CareTeamChanged event copied. */
    sourceEventId: string;
  };
};
export type NoteCareTeam = { type: 'NoteCareTeam'; data: CareTeamNoted['data'] };

export type EpisodeCareTeam = { members: CareTeamMember[]; changedAt: string };
/** The teams of the client's episodes, by episode id, and the source events noted. */
export type ClientCareTeams = { byEpisode: Record<string, EpisodeCareTeam>; sourceEventIds: string[] };

export const initialClientCareTeams: ClientCareTeams = { byEpisode: {}, sourceEventIds: [] };

/** The client's file also holds consent copies: a care-team fold skips them. */
export const isCareTeamNoted = (event: { type: string }): event is CareTeamNoted => event.type === 'CareTeamNoted';

export const careTeamsDecider: Decider<NoteCareTeam, CareTeamNoted, ClientCareTeams> = {
  initialState: initialClientCareTeams,
  evolve: (state, event) =>
    isCareTeamNoted(event)
      ? {
          byEpisode: { ...state.byEpisode, [event.data.episodeId]: { members: event.data.members, changedAt: event.data.changedAt } },
          sourceEventIds: [...state.sourceEventIds, event.data.sourceEventId],
        }
      : state,
  decide: (command, state) => {
    if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
    return replacesHeldTeam(command.data, state.byEpisode[command.data.episodeId]) ? [{ type: 'CareTeamNoted', data: command.data }] : [];
  },
};

/** The user ids on the episode's care team as last told; none before treatment-plan has told one. */
export const careTeamUserIdsOf = (teams: ClientCareTeams, episodeId: string): string[] =>
  (teams.byEpisode[episodeId]?.members ?? []).map((member) => member.userId);
