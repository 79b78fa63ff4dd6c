// Where a person holds a role, read the same way by the console's server and its pages (the
// pages import this file): a network role (no sites) holds everywhere, a site role only at its site.

/** The part of a signed-in user that says which roles are held where. */
export type RolesHeld = { role: string; sites: readonly string[]; siteRoles: Readonly<Record<string, readonly string[]>> };

/** Whether the user holds `role` at `siteId` (a network role holds everywhere). */
export function holdsAt(user: RolesHeld, role: string, siteId: string | undefined): boolean {
  if (user.sites.length === 0 && user.role === role) return true;
  return siteId !== undefined && (user.siteRoles[siteId] ?? []).includes(role);
}
