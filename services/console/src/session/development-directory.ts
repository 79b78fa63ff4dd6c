// Who can be chosen at the development sign-in (embedded mode only): invented staff ids, the
// roles and the sites of the embedded defaults. Staff ids are not personal data of clients.
import { ROLES, type Role } from '@continuum/platform';

export const DEVELOPMENT_SITES = ['site-north', 'site-south'] as const;

export const DEVELOPMENT_PEOPLE: ReadonlyArray<{ userId: string; label: string; roles: readonly Role[] }> = [
  { userId: 'coordinator-1', label: 'Intake coordinator 1', roles: ['intake-coordinator'] },
  { userId: 'clinician-1', label: 'Clinician 1', roles: ['clinician'] },
  { userId: 'prescriber-1', label: 'Prescriber 1', roles: ['prescriber'] },
  { userId: 'nurse-1', label: 'Nurse 1', roles: ['nurse'] },
  { userId: 'case-manager-1', label: 'Case manager 1', roles: ['case-manager'] },
  { userId: 'supervisor-1', label: 'Clinical supervisor 1', roles: ['clinical-supervisor'] },
  { userId: 'site-admin-1', label: 'Site administrator 1', roles: ['site-admin'] },
  { userId: 'director-1', label: 'Programme director 1', roles: ['programme-director'] },
  { userId: 'auditor-1', label: 'Auditor 1', roles: ['auditor'] },
  { userId: 'network-admin-1', label: 'Network administrator 1', roles: ['network-admin'] },
  { userId: 'developer-1', label: 'Developer (any role)', roles: ROLES },
];
