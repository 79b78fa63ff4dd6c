// The roles (docs/domain/roles-and-sites.md#roles). Staff roles are held per site (the
// clinical supervisor's too: they oversee the care teams of the sites they hold it at); the
// network roles are held network-wide, in the token's `roles` claim: the auditor's (read-only,
// every read logged) and the network administrator's (configuration; no clinical reads). A
// programme director runs the programmes of the sites they hold the role at: counts and
// figures of those sites, no client's record.
export const STAFF_ROLES = [
  'intake-coordinator',
  'clinician',
  'prescriber',
  'case-manager',
  'nurse',
  'clinical-supervisor',
  'site-admin',
  'programme-director',
] as const;
export const NETWORK_ROLES = ['auditor', 'network-admin'] as const;
export const ROLES = [...STAFF_ROLES, ...NETWORK_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type NetworkRole = (typeof NETWORK_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isNetworkRole(value: unknown): value is NetworkRole {
  return typeof value === 'string' && (NETWORK_ROLES as readonly string[]).includes(value);
}

/** Who the token says the caller is: only ids and role codes, never a name. */
export type Principal = {
  userId: string;
  /** Network roles, held at every site of the network (auditor, network-admin); never a staff role. */
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
