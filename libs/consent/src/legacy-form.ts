import { type ExpiryEvent } from './consent.js';
import { type PurposeOfUse } from './purpose-of-use.js';

// Consents recorded on the form used before the 2024 final rule stay in the streams as they
// were signed (42 CFR 2.31(c)(2): a recorded consent is trusted, never validated again). Every
// service that reads one reads it the same way, here: its purposes as HL7 v3 codes, its
// expiry event as one the rule knows. Its information was described only in words, so it
// covers no category of information (the safer reading: a disclosure under it waits for a
// consent on the current form); the callers give it none.

// The purpose codes of the old form, as HL7 v3 PurposeOfUse codes.
const LEGACY_PURPOSES: Readonly<Record<string, PurposeOfUse>> = {
  treatment: 'TREAT',
  payment: 'HPAYMT',
  'health-care-operations': 'HOPERAT',
  'care-coordination': 'COC',
};

/** The old form's purposes in HL7 v3 codes; one with no counterpart is dropped (it covers nothing). */
export function purposesOfLegacyForm(codes: readonly string[]): PurposeOfUse[] {
  return codes.flatMap((code) => (Object.hasOwn(LEGACY_PURPOSES, code) ? [LEGACY_PURPOSES[code]!] : []));
}

/**
 * The old form's expiry event was free text. Read as the event it names, and otherwise (or
 * when the wording is not at hand) as discharge: the safer reading, the earliest ordinary end
 * of a stay (a consent then stops at the client's discharge rather than running until revoked).
 */
export function expiryEventOfLegacyForm(text?: string): ExpiryEvent {
  const words = (text ?? '').toLowerCase();
  if (words.includes('aftercare')) return 'end-of-aftercare';
  if (words.includes('discharge')) return 'discharge';
  if (words.includes('end of treatment') || words.includes('treatment ends')) return 'end-of-treatment';
  return 'discharge';
}
