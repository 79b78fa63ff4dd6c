// Which role admits a caller where. A role held at a site counts only there; a network-wide
// role (the auditor's) counts everywhere. Site roles come first, so a staff member who is
// also an auditor is recorded as the clinician they are at that site when they act there.
import { currentRequestContext } from '../context/request-context.js';
import { AccessDenied } from '../errors/problem-exceptions.js';
import { type Actor, type Principal, type Role } from './roles.js';

export function admittedRoleAt(principal: Principal, admitted: readonly Role[], siteId: string): Role | undefined {
  const atSite = Object.hasOwn(principal.sites, siteId) ? (principal.sites[siteId] ?? []) : [];
  return admitted.find((role) => atSite.includes(role)) ?? admitted.find((role) => principal.roles.includes(role));
}

export function admittedRoleAnywhere(principal: Principal, admitted: readonly Role[]): Role | undefined {
  const everySiteRole = Object.values(principal.sites).flat();
  return admitted.find((role) => everySiteRole.includes(role)) ?? admitted.find((role) => principal.roles.includes(role));
}

function describe(roles: readonly Role[]): string {
  return roles.join(', ');
}

export function siteDenied(admitted: readonly Role[], siteId: string): AccessDenied {
  return new AccessDenied(
    `You hold none of the roles this action admits (${describe(admitted)}) at site ${siteId}. Ask that site's administrator for access, or choose a site where you hold one.`,
  );
}

/**
 * For the application layer, once it has loaded a resource and learnt its site (e.g. for
 * `GET /clients/:id` the site is known only after the load): throws a 403 problem unless the
 * actor holds a role this route admits at that site, and returns the actor under the role
 * that admits them there — the role to record on events about that resource. The request's
 * context keeps both, so the access log records the client's site, not only the caller's.
 */
export function assertSiteAccess(actor: Actor, siteId: string): Actor {
  const role = admittedRoleAt(actor, actor.admittedRoles, siteId);
  if (!role) throw siteDenied(actor.admittedRoles, siteId);
  const context = currentRequestContext();
  if (context) context.resource = { siteId, role };
  return role === actor.role ? actor : { ...actor, role };
}

/**
 * For lists: the sites whose records the actor may see under the roles a route admits, or
 * 'every site' for a network-wide role (the auditor's).
 */
export function sitesVisibleTo(actor: Actor): string[] | 'every site' {
  if (actor.admittedRoles.some((role) => actor.roles.includes(role))) return 'every site';
  return Object.entries(actor.sites)
    .filter(([, roles]) => roles.some((role) => actor.admittedRoles.includes(role)))
    .map(([siteId]) => siteId);
}
