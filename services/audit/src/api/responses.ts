// The schemas of the audit service's successful answers, for its OpenAPI document
// (docs/architecture/security.md#the-openapi-document). Each names the fields a client reads
// and their types; nested records of other services (an event's data, a folded episode or
// plan) are objects whose fields are theirs to describe.
import { type SchemaObject } from '@nestjs/swagger';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const text: SchemaObject = { type: 'string' };
const count: SchemaObject = { type: 'integer', minimum: 0 };
const record: SchemaObject = { type: 'object', description: "A record as its service folds it; its fields are that service's." };
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

const eventReference: SchemaObject = {
  type: 'object',
  required: ['position', 'eventId', 'type', 'streamId', 'revision', 'recordedAt'],
  properties: { position: count, eventId: text, type: text, streamId: text, revision: count, recordedAt: instant },
};

const historyEntry: SchemaObject = {
  type: 'object',
  required: ['position', 'recordedAt', 'occurredAt', 'service', 'streamId', 'revision', 'eventId', 'type', 'siteId', 'actor', 'evidence'],
  properties: {
    position: count,
    recordedAt: instant,
    occurredAt: text,
    service: text,
    streamId: text,
    revision: count,
    eventId: text,
    type: text,
    siteId: text,
    actor: { type: 'object', required: ['userId', 'role'], properties: { userId: text, role: text } },
    reason: { type: 'object', required: ['code'], properties: { code: text, reference: text } },
    evidence: { type: 'array', items: { type: 'object', required: ['kind', 'id'], properties: { kind: text, id: text } } },
    correlationId: text,
    causationId: text,
    data: { description: "The event's data: ids and codes only." },
  },
};

export const HISTORY: SchemaObject = {
  type: 'object',
  required: ['clientId', 'siteId', 'events'],
  properties: { clientId: uuid, siteId: text, events: { type: 'array', items: historyEntry } },
};

export const AS_OF: SchemaObject = {
  type: 'object',
  required: ['clientId', 'at', 'lastEventUsed', 'eventsUsed', 'siteId', 'levelOfCare', 'episode', 'episodes', 'plan', 'plans', 'referrals'],
  properties: {
    clientId: uuid,
    at: text,
    lastEventUsed: nullable(eventReference),
    eventsUsed: count,
    siteId: nullable(text),
    levelOfCare: nullable(record),
    episode: nullable(record),
    episodes: { type: 'array', items: record },
    plan: nullable(record),
    plans: { type: 'array', items: record },
    referrals: { type: 'array', items: record },
  },
};

export const TIMELINE: SchemaObject = {
  type: 'object',
  required: ['clientId', 'episodes'],
  properties: {
    clientId: uuid,
    episodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['episodeId', 'status', 'segments', 'lastEvent'],
        properties: {
          episodeId: text,
          status: text,
          disposition: text,
          segments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['authorizationVariance'],
              properties: { authorizationVariance: { type: 'array', items: record } },
            },
          },
          lastEvent: eventReference,
        },
      },
    },
  },
};

const disclosure: SchemaObject = {
  type: 'object',
  required: [
    'disclosureId',
    'date',
    'recipient',
    'purpose',
    'categories',
    'basis',
    'hasRedisclosureNotice',
    'carriedBy',
    'siteId',
    'disclosedBy',
    'event',
  ],
  properties: {
    disclosureId: text,
    date: instant,
    recipient: {
      type: 'object',
      required: ['recipientId'],
      properties: { recipientId: text, kind: text, viaIntermediaryId: text },
    },
    purpose: { ...text, description: 'An HL7 v3 PurposeOfUse code (v3-ActReason), or the purpose as recorded when it has none' },
    categories: { type: 'array', items: text },
    information: { type: 'array', items: text, description: "An old dual-diagnosis record's codes" },
    basis: {
      type: 'object',
      required: ['kind', 'citation'],
      description: 'The legal basis: consent (42 CFR 2.31), medical-emergency (2.51), court-order (subpart E) or not-recorded',
      properties: { kind: text, citation: nullable(text), consentId: text, orderId: text, section: text },
    },
    consentCopy: { type: 'object', required: ['consentId', 'scope'], properties: { consentId: text, scope: text } },
    hasRedisclosureNotice: { type: 'boolean' },
    carriedBy: { type: 'object', required: ['kind', 'id'], properties: { kind: text, id: text } },
    siteId: text,
    disclosedBy: { type: 'object', required: ['userId', 'role'], properties: { userId: text, role: text } },
    event: eventReference,
  },
};

const accountingPart: SchemaObject = {
  type: 'object',
  required: ['citation', 'period', 'disclosures'],
  properties: {
    citation: text,
    period: {
      type: 'object',
      required: ['from', 'to', 'fromInclusive', 'toInclusive'],
      properties: { from: instant, to: instant, fromInclusive: { type: 'boolean' }, toInclusive: { type: 'boolean' } },
    },
    disclosures: { type: 'array', items: disclosure },
  },
};

export const DISCLOSURES: SchemaObject = {
  type: 'object',
  required: ['clientId', 'asOf', 'part2', 'hipaa', 'lastEventUsed'],
  properties: {
    clientId: uuid,
    asOf: instant,
    from: { type: 'string', format: 'date' },
    part2: accountingPart,
    hipaa: accountingPart,
    lastEventUsed: nullable(eventReference),
  },
};

export const FHIR_BUNDLE: SchemaObject = {
  type: 'object',
  description: 'A FHIR R4 Bundle of type collection (https://hl7.org/fhir/R4/bundle.html).',
  required: ['resourceType', 'id', 'type', 'timestamp', 'entry'],
  properties: {
    resourceType: { type: 'string', enum: ['Bundle'] },
    id: text,
    type: { type: 'string', enum: ['collection'] },
    timestamp: instant,
    total: count,
    entry: {
      type: 'array',
      items: {
        type: 'object',
        required: ['resource'],
        properties: { fullUrl: text, resource: { type: 'object', required: ['resourceType'], properties: { resourceType: text } } },
      },
    },
  },
};

export const INTEGRITY_REPORT: SchemaObject = {
  type: 'object',
  required: [
    'ok',
    'headPosition',
    'eventsChecked',
    'streamsChecked',
    'firstFinding',
    'findings',
    'findingsTotal',
    'storeVerdicts',
    'elapsedMs',
    'eventsPerSecond',
  ],
  properties: {
    ok: { type: 'boolean' },
    headPosition: count,
    eventsChecked: count,
    streamsChecked: count,
    firstFinding: nullable(record),
    findings: { type: 'array', items: record },
    findingsTotal: count,
    storeVerdicts: { type: 'array', items: record },
    elapsedMs: { type: 'number', minimum: 0 },
    eventsPerSecond: { type: 'number', minimum: 0 },
  },
};

export const VERIFICATION_RUN: SchemaObject = {
  type: 'object',
  required: ['verificationId', 'status', 'checkedEvents', 'totalEvents', 'startedAt'],
  properties: {
    verificationId: uuid,
    status: {
      type: 'string',
      enum: ['running', 'intact', 'broken', 'failed'],
      description: '`failed`: the check could not finish (no report); `broken`: it found altered, missing or reordered events',
    },
    checkedEvents: count,
    totalEvents: { ...count, description: "The store's head when the check began" },
    startedAt: instant,
    finishedAt: instant,
    report: { ...INTEGRITY_REPORT, description: 'Once intact or broken: the report GET /integrity/verification answers' },
  },
};

export const FHIR_EXPORT_OUTCOME: SchemaObject = {
  type: 'object',
  required: ['exportId', 'status', 'replayed'],
  properties: {
    exportId: uuid,
    status: { type: 'string', enum: ['disclosed', 'awaiting-consent'] },
    disclosureId: text,
    reasons: {
      type: 'array',
      description: 'Why it is held, each citing the section',
      items: {
        type: 'object',
        required: ['code', 'citation', 'explanation'],
        properties: { code: text, citation: text, explanation: text },
      },
    },
    bundle: FHIR_BUNDLE,
    replayed: { type: 'boolean' },
  },
};

const userAccessEntry: SchemaObject = {
  type: 'object',
  required: ['kind', 'at', 'service', 'clientId', 'siteId', 'role', 'what', 'why', 'correlationId', 'event'],
  properties: {
    kind: { ...text, example: 'ClientRecordAccessed', description: 'ClientRecordAccessed, AccessRefused, or another security event' },
    at: instant,
    service: text,
    clientId: nullable(uuid),
    siteId: text,
    role: text,
    what: record,
    why: { ...nullable(text), description: 'The purpose of use of a read, the problem code of a refusal, the reason of a grant' },
    correlationId: text,
    event: eventReference,
  },
};

export const USER_ACCESS: SchemaObject = {
  type: 'object',
  required: ['userId', 'entries', 'truncated'],
  properties: {
    userId: text,
    entries: { type: 'array', items: userAccessEntry },
    truncated: { type: 'boolean', description: 'More entries than one answer lists: narrow the period with from and to' },
  },
};
