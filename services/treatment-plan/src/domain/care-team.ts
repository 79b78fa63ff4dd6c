import { type CareTeamMember, TEAM_ROLES } from '@continuum/care-episode';
import { type ChangeCareTeam } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type ValidationProblem, refuseIfInvalid, requireOneOf, requireText } from './validation.js';

// The episode's care team (docs/domain/roles-and-sites.md#care-teams): the staff who read the
// client's clinical detail here, each by the role they hold on the team. One member per team
// role (the assigned clinician, prescriber, case manager and nurse); a role left empty has no
// member. The team is on the plan's stream (planId = episodeId) and always stated whole, so the
// event says who is on it now, never a difference to replay.

export { TEAM_ROLES, type TeamRole, type CareTeamMember } from '@continuum/care-episode';

/** The most members a team can have: one per team role. */
export const MAX_TEAM_MEMBERS = TEAM_ROLES.length;

export function changeCareTeam(command: ChangeCareTeam, plan: OpenPlan, now: Date): PlanEvent[] {
  const { members } = command.data;
  const problems: ValidationProblem[] = [];
  if (!Array.isArray(members)) {
    problems.push({ field: 'members', message: 'give the team as a list of { userId, teamRole }, empty to clear it' });
  } else {
    members.forEach((member, index) => {
      requireText(problems, `members[${index}].userId`, member?.userId, "give the staff member's user id");
      requireOneOf(problems, `members[${index}].teamRole`, member?.teamRole, TEAM_ROLES);
    });
    for (const teamRole of TEAM_ROLES) {
      const holders = members.filter((member) => member?.teamRole === teamRole);
      if (holders.length > 1) {
        problems.push({ field: 'members', message: `a team has one ${teamRole}; name one of ${holders.map((m) => m.userId).join(', ')}` });
      }
    }
  }
  refuseIfInvalid('the care team cannot be changed', 'invalid-care-team', problems);
  const team = sortedTeam(members.map(({ userId, teamRole }) => ({ userId: userId.trim(), teamRole })));
  if (sameTeam(team, plan.careTeam ?? [])) return [];
  return [
    {
      type: 'CareTeamChanged',
      data: {
        planId: plan.planId,
        episodeId: plan.episodeId,
        clientId: plan.clientId,
        siteId: plan.siteId,
        members: team,
        changedAt: now.toISOString(),
      },
    },
  ];
}

/** The user ids on the plan's care team. */
export function careTeamUserIds(plan: { careTeam?: readonly CareTeamMember[] }): string[] {
  return (plan.careTeam ?? []).map((member) => member.userId);
}

function sortedTeam(members: CareTeamMember[]): CareTeamMember[] {
  return [...members].sort((a, b) => TEAM_ROLES.indexOf(a.teamRole) - TEAM_ROLES.indexOf(b.teamRole));
}

function sameTeam(a: readonly CareTeamMember[], b: readonly CareTeamMember[]): boolean {
  return a.length === b.length && a.every((member, index) => member.userId === b[index]?.userId && member.teamRole === b[index]?.teamRole);
}
