import { type Role } from '@continuum/platform';

/** Who reads a client's audit trail, as-of views and export: auditors (network-wide) and a site's administrator. */
export const READERS: readonly Role[] = ['auditor', 'site-admin'];
/** Who verifies the whole store's integrity: auditors only. */
export const VERIFIERS: readonly Role[] = ['auditor'];
/**
 * Who exports a client's record to a recipient outside the network (a disclosure under 42 CFR
 * Part 2): the administrator of the client's site, for the programme. Auditors read; they do not disclose.
 */
export const EXPORTERS: readonly Role[] = ['site-admin'];
