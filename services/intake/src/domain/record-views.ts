// Minimum necessary (45 CFR 164.502(b), 164.514(d)): what of a client's intake record a reader
// sees, decided from who they are at the client's site, whether the client is in an episode of
// care, and the episode's care team (docs/domain/intake-record-views.md). Pure: the
// application hands in the reader's roles and the team; the controller only applies the view.

import { type CareTeam } from '@continuum/care-episode';

/** Identity and scheduling, or everything intake holds (identity, consents, screenings, assessment, placement). */
export type RecordView = 'identity' | 'clinical';

/** Why the reader sees what they see; a code for the answer and the docs, never a name. */
export type ViewReason =
  | 'auditor'
  | 'clinical-supervisor'
  | 'site-clinical-staff-before-episode'
  | 'care-team-member'
  | 'break-the-glass'
  | 'not-on-care-team'
  | 'identity-and-scheduling-role';

export type RecordViewDecision = { view: RecordView; reason: ViewReason };

export type { CareTeam, TeamRole } from '@continuum/care-episode';

/**
 * The site's clinical staff: before a client has an episode there is no care team, so these
 * read intake's clinical detail at the client's site. `clinical-supervisor` is named as a
 * string: it is a staff role of the domain (docs/domain/roles-and-sites.md#roles).
 */
export const SITE_CLINICAL_ROLES: readonly string[] = ['clinician', 'nurse', 'prescriber', 'case-manager', 'clinical-supervisor'];
/** The roles whose reads stop at identity and scheduling, whatever the client's stage. */
export const IDENTITY_ROLES: readonly string[] = ['intake-coordinator', 'site-admin'];

export type Reader = {
  userId: string;
  /** Network-wide roles (auditor, network-admin). */
  networkRoles: readonly string[];
  /** The roles the reader holds at the client's site. */
  rolesAtSite: readonly string[];
};

export type RecordStage = {
  /** True while the current intake has ended in an admission: the client is in an episode of care with a care team. */
  inEpisode: boolean;
  /** The care team of the client's current episode, as treatment-plan last told it; undefined before it has told any. */
  careTeam?: CareTeam;
  /**
   * True while the reader holds an unexpired break-the-glass grant for this client at its site
   * (docs/domain/intake-record-views.md#break-the-glass): stated reason, limited time, reviewed.
   */
  readerHoldsGrant?: boolean;
};

/**
 * The view of a client's intake record for `reader`, or undefined when nothing of it is theirs
 * to read (a network administrator: configuration and duplicates, no client records).
 * - auditors read everything (every read is logged);
 * - a clinical supervisor reads the clinical detail of the site's clients (the site's care teams);
 * - before an episode, the site's clinical staff read it: there is no care team yet (the reading
 *   chosen, docs/domain/intake-record-views.md#before-an-episode);
 * - in an episode, only the care team's members, and the site's clinical staff off the team
 *   while they hold a grant to break the glass; the other clinical staff, like intake
 *   coordinators and site administrators, see identity and scheduling (a grant opens nothing
 *   to a reader who holds no clinical role at the site).
 */
export function recordViewFor(reader: Reader, stage: RecordStage): RecordViewDecision | undefined {
  if (reader.networkRoles.includes('auditor')) return { view: 'clinical', reason: 'auditor' };
  const roles = reader.rolesAtSite;
  if (roles.includes('clinical-supervisor')) return { view: 'clinical', reason: 'clinical-supervisor' };
  const clinical = roles.some((role) => SITE_CLINICAL_ROLES.includes(role));
  if (clinical && !stage.inEpisode) return { view: 'clinical', reason: 'site-clinical-staff-before-episode' };
  if (clinical && stage.careTeam?.members.some((member) => member.userId === reader.userId)) {
    return { view: 'clinical', reason: 'care-team-member' };
  }
  if (clinical && stage.readerHoldsGrant) return { view: 'clinical', reason: 'break-the-glass' };
  if (clinical) return { view: 'identity', reason: 'not-on-care-team' };
  if (roles.some((role) => IDENTITY_ROLES.includes(role))) return { view: 'identity', reason: 'identity-and-scheduling-role' };
  return undefined;
}

/**
 * The possible duplicates a reader may be told by id: those registered at a site where the
 * reader holds a role that reads client records (or every one, for an auditor). Of the others
 * the reader learns only that a possible match exists in the network.
 */
export function duplicatesVisibleTo(
  reader: Reader & { rolesBySite: Readonly<Record<string, readonly string[]>> },
  duplicates: readonly { clientId: string; siteId: string }[],
): { shown: string[]; possibleMatchInNetwork: boolean } {
  const readsAt = (siteId: string) =>
    reader.networkRoles.includes('auditor') ||
    (Object.hasOwn(reader.rolesBySite, siteId) &&
      (reader.rolesBySite[siteId] ?? []).some((role) => SITE_CLINICAL_ROLES.includes(role) || IDENTITY_ROLES.includes(role)));
  const shown = duplicates.filter((duplicate) => readsAt(duplicate.siteId)).map((duplicate) => duplicate.clientId);
  return { shown, possibleMatchInNetwork: shown.length < duplicates.length };
}
