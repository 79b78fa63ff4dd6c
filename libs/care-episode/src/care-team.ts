// The episode's care team as every service names it (docs/domain/roles-and-sites.md#care-teams):
// treatment-plan owns it and tells each change whole as CareTeamChanged; intake, dual-diagnosis
// and aftercare each keep a copy in their own store to decide their own clinical reads.

export const TEAM_ROLES = ['clinician', 'prescriber', 'case-manager', 'nurse'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export type CareTeamMember = { userId: string; teamRole: TeamRole };
/** A team as told for one episode, with when it was changed at its source. */
export type CareTeam = { episodeId: string; members: readonly CareTeamMember[]; changedAt: string };

/**
 * The one rule of every copy: a team told replaces the one held only when it was changed later.
 * Bus messages can arrive late or twice, and a late older change must never undo a newer one,
 * so a copy is decided by the source's `changedAt`, never by the order of arrival.
 */
export const replacesHeldTeam = (told: { changedAt: string }, held: { changedAt: string } | undefined): boolean =>
  held === undefined || held.changedAt < told.changedAt;
