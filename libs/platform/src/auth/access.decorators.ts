import { SetMetadata } from '@nestjs/common';
import { type Role } from './roles.js';

export const ROLES_KEY = 'continuum:roles';
export const PUBLIC_KEY = 'continuum:public';

/**
 * The roles this route (or every route of the controller) admits. List 'auditor' only on
 * reads: auditors are read-only and the guard refuses them any write regardless.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health probes and documentation only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
