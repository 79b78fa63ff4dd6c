import { type Role } from '@continuum/platform';

/** The care team reads the aftercare plan; auditors read everywhere (and are logged). */
export const READERS: readonly Role[] = ['case-manager', 'clinician', 'nurse', 'prescriber', 'site-admin', 'auditor'];
/** Continuing care is followed by case managers, clinicians and nurses: plan content and check-ins. */
export const WRITERS: readonly Role[] = ['case-manager', 'clinician', 'nurse'];
