import { DATE_TIME_FIELD, ID_FIELD, UUID_FIELD } from './fields.js';
import { type IntegrationEvent } from './integration-event.js';
import { findContract, versionsOf } from './registry.js';
import { type ObjectSchema, isPlainObject, schemaProblems } from './schema.js';

export type IntegrationEventValidation = { ok: true; event: IntegrationEvent } | { ok: false; problems: string[] };

const ENVELOPE: ObjectSchema = {
  type: 'object',
  properties: {
    eventId: UUID_FIELD,
    type: { type: 'string', minLength: 1, maxLength: 64 },
    schemaVersion: { type: 'integer', minimum: 1 },
    source: ID_FIELD,
    occurredAt: DATE_TIME_FIELD,
    clientId: UUID_FIELD,
    siteId: ID_FIELD,
    // Correlation and causation ids may come from a caller's header: plain tokens, not always UUIDs.
    correlationId: ID_FIELD,
    causationId: ID_FIELD,
  },
  required: ['eventId', 'type', 'schemaVersion', 'source', 'occurredAt', 'clientId', 'siteId', 'correlationId', 'causationId'],
  additionalProperties: false,
};

// A type is echoed in a problem only when it looks like one: anything else might be text
// that must not reach a log.
const PLAIN_TYPE = /^[A-Za-z][A-Za-z0-9.-]{0,63}$/;

/**
 * Checks an event from the wire, or one about to be published, against the envelope and
 * the contract for its type and version. Every problem is listed, as `<path>: <expected>`,
 * so a producer can fix them in one go; values are never repeated in the problems.
 */
export function validateIntegrationEvent(event: unknown): IntegrationEventValidation {
  if (!isPlainObject(event)) return { ok: false, problems: schemaProblems(ENVELOPE, event, 'event') };
  const { data, ...envelope } = event;
  const problems = schemaProblems(ENVELOPE, envelope, '');
  if (!('data' in event) || data === undefined) problems.push('data: is required');

  const { type, schemaVersion, source } = event;
  if (typeof type === 'string' && Number.isInteger(schemaVersion)) {
    const contract = findContract(type, schemaVersion as number);
    if (!contract) {
      problems.push(unknownContract(type, schemaVersion as number));
    } else {
      if (typeof source === 'string' && source !== contract.source)
        problems.push(`source: ${type} is published only by ${contract.source}`);
      if (data !== undefined) problems.push(...schemaProblems(contract.schema, data, 'data'));
      if (isPlainObject(data) && typeof data.clientId === 'string' && data.clientId !== event.clientId) {
        problems.push("data.clientId: must equal the envelope's clientId (the partition key and the payload name the same client)");
      }
    }
  }
  return problems.length === 0 ? { ok: true, event: event as IntegrationEvent } : { ok: false, problems };
}

function unknownContract(type: string, schemaVersion: number): string {
  const versions = versionsOf(type);
  if (versions.length > 0) return `schemaVersion: ${type} has no version ${schemaVersion}; known versions are ${versions.join(', ')}`;
  return PLAIN_TYPE.test(type)
    ? `type: no integration event contract is named ${type}; add it to libs/contracts before publishing it`
    : 'type: no integration event contract has this name; add it to libs/contracts before publishing it';
}
