import { type LevelOfCare, describeLevel } from '@continuum/care-episode';

// The few FHIR R4 shapes the export writes, typed here because domain code may import no
// package (a maintained validator checks the result in the export's specs). Codes that FHIR
// defines use FHIR's systems; Continuum's own codes use URNs under `urn:continuum:`, so a
// reader never mistakes them for a standard terminology.

export type Coding = { system?: string; code: string; display?: string };
export type CodeableConcept = { coding?: Coding[]; text?: string };
export type Identifier = { system: string; value: string };
export type Reference = { reference?: string; identifier?: Identifier; display?: string };
export type Period = { start?: string; end?: string };
export type Extension = { url: string; extension?: Extension[] } & Partial<
  Record<
    | 'valueCoding'
    | 'valueString'
    | 'valueIdentifier'
    | 'valuePeriod'
    | 'valueCode'
    | 'valueDate'
    | 'valueDateTime'
    | 'valueBoolean'
    | 'valueReference',
    unknown
  >
>;

/** One resource of the export; its fields are the resource type's own (checked by the validator). */
export type FhirResource = { resourceType: string; id: string; extension?: Extension[]; [field: string]: unknown };

export type FhirBundle = {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  total?: number;
  entry: Array<{ fullUrl?: string; resource: FhirResource }>;
};

export const SYSTEMS = {
  client: 'urn:continuum:client',
  site: 'urn:continuum:site',
  user: 'urn:continuum:user',
  role: 'urn:continuum:staff-role',
  provider: 'urn:continuum:provider',
  event: 'urn:continuum:event',
  eventType: 'urn:continuum:event-type',
  reason: 'urn:continuum:reason',
  evidence: 'urn:continuum:evidence',
  admission: 'urn:continuum:admission',
  referral: 'urn:continuum:referral',
  consent: 'urn:continuum:consent',
  recipient: 'urn:continuum:disclosure-recipient',
  intermediary: 'urn:continuum:intermediary',
  informationCategory: 'urn:continuum:part-2-information-category',
  goal: 'urn:continuum:goal',
  goalCode: 'urn:continuum:goal-code',
  condition: 'urn:continuum:condition',
  specialty: 'urn:continuum:dual-diagnosis-specialty',
  referralStatus: 'urn:continuum:referral-status',
  dischargeDisposition: 'urn:continuum:discharge-disposition',
  levelBoundary: 'urn:continuum:level-segment-boundary',
  recommendation: 'urn:continuum:recommendation',
  service: 'urn:continuum:service',
  accessKind: 'urn:continuum:audit-event-type',
} as const;

/** ASAM levels by edition: a 3rd-edition 2.1 and a 4th-edition 2.1 are different codes. */
export const levelSystem = (edition: number) => `urn:continuum:asam-level:edition-${edition}`;

export const EXTENSIONS = {
  levelSegment: 'urn:continuum:fhir:extension:level-of-care-segment',
  correlationId: 'urn:continuum:fhir:extension:correlation-id',
  causationId: 'urn:continuum:fhir:extension:causation-id',
  previousEpisode: 'urn:continuum:fhir:extension:previous-episode',
  dischargeDisposition: 'urn:continuum:fhir:extension:discharge-disposition',
} as const;

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A FHIR id (letters, digits, '-' and '.', at most 64): Continuum's UUIDs pass as they are, anything else is made to fit. */
export function fhirId(raw: string): string {
  if (FHIR_ID.test(raw)) return raw;
  const fitted = raw.replace(/[^A-Za-z0-9\-.]/g, '-');
  return fitted.length <= 64 ? fitted || 'unnamed' : `${fitted.slice(0, 55)}-${shortHash(raw)}`;
}

function shortHash(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export const referenceTo = (resourceType: string, id: string): Reference => ({ reference: `${resourceType}/${fhirId(id)}` });
export const identified = (system: string, value: string, display?: string): Reference => ({
  identifier: { system, value },
  ...(display ? { display } : {}),
});
export const coded = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});
export const levelCoding = (level: LevelOfCare): Coding => ({
  system: levelSystem(level.edition),
  code: level.code,
  display: describeLevel(level),
});

/** A calendar date (YYYY-MM-DD) or instant as FHIR wants it; undefined stays undefined. */
export const periodOf = (start?: string, end?: string): Period => ({ ...(start ? { start } : {}), ...(end ? { end } : {}) });
