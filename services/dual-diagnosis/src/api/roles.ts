import { type Role } from '@continuum/platform';

/**
 * Who reads the referral queues (lists): the site's staff and auditors (network-wide, logged).
 * One referral's clinical detail is narrower (application/referral-queries.ts,
 * docs/domain/dual-diagnosis.md#who-reads-a-referral).
 */
export const READERS: readonly Role[] = [
  'intake-coordinator',
  'clinician',
  'prescriber',
  'case-manager',
  'nurse',
  'clinical-supervisor',
  'site-admin',
  'auditor',
];
/** Who moves a referral along, recording what the provider answered: the clinical team and case managers. */
export const REFERRAL_WRITERS: readonly Role[] = ['clinician', 'prescriber', 'case-manager'];
/** Who keeps a site's provider directory. */
export const DIRECTORY_KEEPERS: readonly Role[] = ['site-admin', 'case-manager'];
