import { CODE_FIELD, DATE_TIME_FIELD, ID_FIELD, type IntegrationEvent, type ObjectSchema, UUID_FIELD, findContract, isPlainObject, schemaProblems, validateIntegrationEvent } from '@continuum/contracts';
import { type ScreeningMeasure, WORSENING_REASONS } from '../domain/index.js';

// Intake's ScreeningWorsened, version 1, on continuum.intake.events.v1: a screening recorded
// during treatment is worse than the client's previous one of the same instrument. The contract
// is intake's to register in libs/contracts; until this branch sees it there, this consumer
// holds the shape it was agreed with and checks every field it reads. Once the registry has
// it, the registry's validation runs as well.

export const SCREENING_WORSENED = 'ScreeningWorsened';

/**
 * Ids, codes and scores only, never the answers: `{ clientId, siteId, screeningId, instrument,
 * score, band?, previousScore?, previousBand?, reasons, recordedAt }`, the measure's fields being
 * the plan's own (ScreeningMeasure) until the contract is intake's.
 */
export type ScreeningWorsenedV1 = { clientId: string; siteId: string; recordedAt: string } & ScreeningMeasure;

const SCORE = { type: 'integer', minimum: 0 } as const;

/** The fields treatment-plan reads; others intake may add are left alone (picked out before the check). */
const READ: ObjectSchema = {
  type: 'object',
  properties: {
    clientId: UUID_FIELD,
    siteId: ID_FIELD,
    screeningId: UUID_FIELD,
    instrument: CODE_FIELD,
    score: SCORE,
    band: CODE_FIELD,
    previousScore: SCORE,
    previousBand: CODE_FIELD,
    reasons: { type: 'array', items: { type: 'string', enum: WORSENING_REASONS }, minItems: 1 },
    recordedAt: DATE_TIME_FIELD,
  },
  required: ['clientId', 'siteId', 'screeningId', 'instrument', 'score', 'reasons', 'recordedAt'],
  additionalProperties: false,
};

/** The problems with the event (never its values), empty when treatment-plan can act on it. */
export function screeningWorsenedProblems(event: IntegrationEvent): string[] {
  const problems: string[] = [];
  if (findContract(SCREENING_WORSENED, event.schemaVersion)) {
    const validation = validateIntegrationEvent(event);
    if (!validation.ok) problems.push(...validation.problems);
  }
  if (event.schemaVersion !== 1) problems.push(`schemaVersion: treatment-plan reads ${SCREENING_WORSENED} version 1 only`);
  if (event.source !== 'intake') problems.push(`source: ${SCREENING_WORSENED} is published only by intake`);
  problems.push(...schemaProblems(READ, fieldsRead(event.data), 'data'));
  const { clientId } = isPlainObject(event.data) ? event.data : {};
  if (typeof clientId === 'string' && clientId !== event.clientId) problems.push("data.clientId: must equal the envelope's clientId");
  return [...new Set(problems)];
}

function fieldsRead(data: unknown): unknown {
  if (!isPlainObject(data)) return data;
  return Object.fromEntries(Object.keys(READ.properties).filter((name) => name in data).map((name) => [name, data[name]]));
}
