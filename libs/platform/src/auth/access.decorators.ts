import { SetMetadata } from '@nestjs/common';
import { type Role } from './roles.js';

export const ROLES_KEY = 'continuum:roles';
export const PUBLIC_KEY = 'continuum:public';
export const CHANGES_NO_RECORD_KEY = 'continuum:changes-no-record';

/**
 * The roles this route (or every route of the controller) admits. List 'auditor' only on
 * reads: auditors are read-only and the guard refuses them any write regardless.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health probes and documentation only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A POST that only starts a computation over records and changes none (the audit's store
 * verification): the guard admits it as a read, so an auditor may send it and it is logged
 * as their reads are.
 */
export const ChangesNoRecord = () => SetMetadata(CHANGES_NO_RECORD_KEY, true);
