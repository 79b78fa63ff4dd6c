// The staff roles (docs/domain/roles-and-sites.md#roles). A staff member holds roles per site;
// an auditor's role is network-wide, read-only, and every read of theirs is logged.
export const ROLES = ['intake-coordinator', 'clinician', 'prescriber', 'case-manager', 'nurse', 'site-admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who the token says the caller is: only ids and role codes, never a name. */
export type Principal = {
  userId: string;
  /** Roles held at every site of the network (e.g. auditor). */
  roles: readonly Role[];
  /** Roles held per site: `{ [siteId]: roles }`. */
  sites: Readonly<Record<string, readonly Role[]>>;
};

/** The caller of one request, admitted by the route under `role`. */
export type Actor = Principal & {
  /** The role under which this route admitted them; it is the role recorded on events. */
  role: Role;
  /** The roles the route admits, so the application can check a site it learns only after loading. */
  admittedRoles: readonly Role[];
};
