// Why a client's record was read, as an HL7 v3 PurposeOfUse code (value set
// http://terminology.hl7.org/ValueSet/v3-PurposeOfUse): the code an accounting of access, a
// FHIR AuditEvent.purposeOfEvent or a Part 2 audit expects. The caller states it in the
// `X-Purpose-Of-Use` header; Continuum keeps the handful of codes a treatment network uses.
import { ValidationFailed } from '../errors/problem-exceptions.js';
import { type Role } from '../auth/roles.js';

export const PURPOSE_OF_USE_HEADER = 'X-Purpose-Of-Use';

export const PURPOSES_OF_USE = {
  TREAT: 'treatment',
  // 42 CFR 2.51: a medical emergency is its own ground for reading Part 2 records.
  ETREAT: 'emergency treatment',
  HPAYMT: 'healthcare payment',
  HOPERAT: 'healthcare operations',
  HCOMPL: 'health compliance',
  HSYSADMIN: 'health system administration',
  HRESCH: 'healthcare research',
  PATRQT: 'patient requested',
} as const;

export type PurposeOfUse = keyof typeof PURPOSES_OF_USE;

export const PURPOSE_OF_USE_CODES = Object.keys(PURPOSES_OF_USE) as PurposeOfUse[];

export function isPurposeOfUse(value: unknown): value is PurposeOfUse {
  return typeof value === 'string' && Object.hasOwn(PURPOSES_OF_USE, value);
}

/**
 * The purpose when the caller states none. Staff read a record to treat the client (TREAT);
 * an auditor reads it to check the network's compliance (HCOMPL, the HOPERAT child meant for
 * exactly that), so an auditor's read is never booked as treatment.
 */
export function defaultPurposeOfUse(role: Role): PurposeOfUse {
  return role === 'auditor' ? 'HCOMPL' : 'TREAT';
}

/** The stated purpose, the role's default when none is stated, or a 400 naming the header and the codes it accepts. */
export function purposeOfUseFrom(header: string | undefined, role: Role): PurposeOfUse {
  if (header === undefined || header.trim() === '') return defaultPurposeOfUse(role);
  const code = header.trim().toUpperCase();
  if (isPurposeOfUse(code)) return code;
  throw new ValidationFailed([
    {
      field: PURPOSE_OF_USE_HEADER,
      problem: `must be one of the HL7 PurposeOfUse codes ${PURPOSE_OF_USE_CODES.join(', ')}, or left out (${defaultPurposeOfUse(role)} for your role)`,
    },
  ]);
}
