import { type Role } from '@continuum/platform';

/**
 * Who the read routes admit at a site. A plan (GET /aftercare-plans/{planId}) is clinical detail:
 * of these, only the discharged episode's care team, the site's clinical supervisors and auditors
 * (every read logged) read it; anyone else at the site gets a 403 unless they broke the glass.
 * The lists (a client's plans, check-ins due and missed, held sends, outcome counts) are the
 * scheduling views: dates, statuses and codes, no relapse-prevention plan or BARC-10 answers.
 */
export const READERS: readonly Role[] = [
  'case-manager',
  'clinician',
  'nurse',
  'prescriber',
  'clinical-supervisor',
  'site-admin',
  'auditor',
];
/** Continuing care is followed by case managers, clinicians and nurses: plan content and check-ins. */
export const WRITERS: readonly Role[] = ['case-manager', 'clinician', 'nurse'];
