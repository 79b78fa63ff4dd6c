import { type Role } from '@continuum/platform';

/** Who reads referral lists and records: the care team, the site's administrator, and auditors (network-wide, logged). */
export const READERS: readonly Role[] = ['intake-coordinator', 'clinician', 'prescriber', 'case-manager', 'nurse', 'site-admin', 'auditor'];
/** Who moves a referral along, recording what the provider answered: the clinical team and case managers. */
export const REFERRAL_WRITERS: readonly Role[] = ['clinician', 'prescriber', 'case-manager'];
/** Who keeps a site's provider directory. */
export const DIRECTORY_KEEPERS: readonly Role[] = ['site-admin', 'case-manager'];
