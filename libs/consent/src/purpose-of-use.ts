// Purposes of a use or disclosure, as HL7 v3 PurposeOfUse codes (code system
// http://terminology.hl7.org/CodeSystem/v3-ActReason, value set v3-PurposeOfUse), never a
// private code system. A consent lists the purposes it allows (42 CFR 2.31(a)(5)); a request
// states one. A code covers itself and its specialisations in the v3 hierarchy, so a consent
// for payment (HPAYMT) covers a payer's coverage authorisation request (COVAUTH).

export const PURPOSE_OF_USE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/**
 * Each code we use, with its parent in the v3 PurposeOfUse hierarchy (null for a root). Checked
 * against the v3-ActReason code system as FHIR R4 ships it; a code missing here is refused, not guessed.
 */
const PARENT = {
  // treatment
  TREAT: null,
  ETREAT: 'TREAT',
  COC: 'TREAT',
  // payment
  HPAYMT: null,
  CLMATTCH: 'HPAYMT',
  COVAUTH: 'HPAYMT',
  COVERAGE: 'HPAYMT',
  ELIGDTRM: 'COVERAGE',
  ELIGVER: 'COVERAGE',
  ENROLLM: 'COVERAGE',
  REMITADV: 'HPAYMT',
  // health care operations
  HOPERAT: null,
  CAREMGT: 'HOPERAT',
  HACCRED: 'HOPERAT',
  HCOMPL: 'HOPERAT',
  HQUALIMP: 'HOPERAT',
  PATADMIN: 'HOPERAT',
  RECORDMGT: 'HOPERAT',
  TRAIN: 'HOPERAT',
  // Other purposes, never part of a treatment, payment and operations consent. v3 files HLEGAL
  // under HOPERAT; Part 2 keeps records out of proceedings against the patient unless the
  // patient consents to it or a court orders it (42 CFR 2.12(d), 2.31(a)(4)(iii), subpart E),
  // so here no consent to operations covers it: only a consent listing HLEGAL itself.
  HLEGAL: null,
  PATRQT: null,
  HRESCH: null,
  PUBHLTH: null,
  HMARKT: null,
} as const satisfies Record<string, string | null>;

export type PurposeOfUse = keyof typeof PARENT;
export const PURPOSES_OF_USE = Object.keys(PARENT) as PurposeOfUse[];

export const isPurposeOfUse = (value: unknown): value is PurposeOfUse => typeof value === 'string' && Object.hasOwn(PARENT, value);

/** Whether `granted` is `requested` or one of its ancestors: a consent for HPAYMT covers COVAUTH, never the reverse. */
export function purposeCovers(granted: PurposeOfUse, requested: PurposeOfUse): boolean {
  for (let code: PurposeOfUse | null = requested; code !== null; code = PARENT[code]) {
    if (code === granted) return true;
  }
  return false;
}

/** The family of treatment (TREAT), payment (HPAYMT) or health care operations (HOPERAT) a code belongs to, or null. */
export function tpoFamilyOf(purpose: PurposeOfUse): 'TREAT' | 'HPAYMT' | 'HOPERAT' | null {
  let code: PurposeOfUse = purpose;
  while (PARENT[code] !== null) code = PARENT[code] as PurposeOfUse;
  return code === 'TREAT' || code === 'HPAYMT' || code === 'HOPERAT' ? code : null;
}

/** Treatment, payment or health care operations, as 42 CFR 2.31(a)(4)(i) and 2.33(b) use the terms (HIPAA's definitions, 45 CFR 164.501). */
export const isTreatmentPaymentOrOperations = (purpose: PurposeOfUse): boolean => tpoFamilyOf(purpose) !== null;
