import { type Role } from '@continuum/platform';

/** Who reads a client's audit trail, as-of views and export: auditors (network-wide) and a site's administrator. */
export const READERS: readonly Role[] = ['auditor', 'site-admin'];
/** Who verifies the whole store's integrity: auditors only. */
export const VERIFIERS: readonly Role[] = ['auditor'];
