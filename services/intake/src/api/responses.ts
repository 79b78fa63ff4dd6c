// The schemas of the intake service's successful answers, for its OpenAPI document
// (docs/architecture/security.md#the-openapi-document). Each names the fields a client reads
// at the top of the answer and their types; the clinical records inside (a consent form, a
// screening, an assessment) are described by the DTOs they were recorded with.
import { type SchemaObject } from '@nestjs/swagger';
import { appendedEventsSchema, dateSchema, instantSchema, listPageSchema, nullableSchema, uuidSchema } from '@continuum/platform';

const text: SchemaObject = { type: 'string' };
const flag: SchemaObject = { type: 'boolean' };
const record: SchemaObject = { type: 'object' };
const records: SchemaObject = { type: 'array', items: record };
const levelOfCare: SchemaObject = {
  type: 'object',
  required: ['edition', 'code'],
  properties: { edition: { type: 'integer' }, code: text },
};
const reasons: SchemaObject = { type: 'array', items: record };

function answer(required: string[], properties: Record<string, SchemaObject>, example?: unknown): SchemaObject {
  return {
    type: 'object',
    required: [...required, 'events'],
    properties: { ...properties, events: appendedEventsSchema },
    ...(example === undefined ? {} : { example }),
  };
}

export const REGISTERED = answer(['clientId', 'status', 'siteId', 'possibleDuplicateOf'], {
  clientId: uuidSchema,
  status: text,
  siteId: text,
  possibleDuplicateOf: { type: 'array', items: uuidSchema, description: 'Clients who may be the same person: flagged, never merged.' },
});

export const REFERRED = answer(['clientId', 'referralId', 'status'], { clientId: uuidSchema, referralId: text, status: text });

export const CONSENT_GRANTED = answer(['clientId', 'consentId', 'grantedAt'], {
  clientId: uuidSchema,
  consentId: uuidSchema,
  grantedAt: instantSchema,
});

export const CONSENT_REVOKED = answer(['clientId', 'consentId', 'revocation'], {
  clientId: uuidSchema,
  consentId: uuidSchema,
  revocation: record,
});

export function screeningRecorded(example: unknown): SchemaObject {
  return answer(
    ['clientId', 'screeningId', 'administeredOn', 'instrument', 'score', 'positive', 'isOnSafetyHold', 'coOccurringConditionsIdentified'],
    {
      clientId: uuidSchema,
      screeningId: uuidSchema,
      administeredOn: dateSchema,
      instrument: text,
      score: { type: 'number' },
      positive: flag,
      band: text,
      category: text,
      needsSameDayFollowUp: flag,
      hasImminentSuicideRisk: flag,
      isOnSafetyHold: flag,
      worsening: { type: 'object', required: ['reasons'], properties: { reasons: { type: 'array', items: text } } },
      safetyFollowUp: {
        type: 'object',
        required: ['followUpId', 'signal', 'ownerRole', 'dueAt'],
        properties: { followUpId: uuidSchema, signal: text, ownerRole: text, dueAt: instantSchema },
      },
      coOccurringConditionsIdentified: { type: 'array', items: text },
    },
    example,
  );
}

export function safetyPlanRecorded(example: unknown): SchemaObject {
  return answer(
    ['clientId', 'safetyPlanId', 'suicideRiskAssessmentId', 'isOnSafetyHold'],
    { clientId: uuidSchema, safetyPlanId: uuidSchema, suicideRiskAssessmentId: uuidSchema, isOnSafetyHold: flag },
    example,
  );
}

const recommendation: SchemaObject = {
  type: 'object',
  required: ['level', 'rule', 'reasons', 'whatWouldChange', 'barriers', 'alsoRecommended'],
  properties: { level: levelOfCare, rule: text, reasons, whatWouldChange: reasons, barriers: reasons, alsoRecommended: reasons },
};

export function assessmentRecorded(example: unknown): SchemaObject {
  return answer(
    ['clientId', 'assessmentId', 'recommendation'],
    { clientId: uuidSchema, assessmentId: uuidSchema, recommendation },
    example,
  );
}

export function recommendationOf(example: unknown): SchemaObject {
  return {
    ...recommendation,
    required: ['clientId', ...(recommendation.required ?? [])],
    properties: { clientId: uuidSchema, assessmentId: uuidSchema, ...recommendation.properties },
    example,
  };
}

export const SCREENING_MARKED_IN_ERROR = answer(['clientId', 'screeningId'], { clientId: uuidSchema, screeningId: text });

export const PLACEMENT_DECIDED = answer(['clientId', 'placement'], { clientId: uuidSchema, placement: record });

export const ADMITTED = answer(['clientId', 'status', 'admission'], { clientId: uuidSchema, status: text, admission: record });

export function trendOf(example: unknown): SchemaObject {
  return {
    type: 'object',
    required: ['clientId', 'instrument', 'points', 'baseline', 'latest', 'changeFromBaseline', 'isResponse', 'isRemission'],
    properties: {
      clientId: uuidSchema,
      instrument: text,
      points: records,
      baseline: nullableSchema(record),
      latest: nullableSchema(record),
      changeFromBaseline: nullableSchema({ type: 'number' }),
      isResponse: nullableSchema(flag),
      isRemission: nullableSchema(flag),
    },
    example,
  };
}

export const INTAKE_RECORD: SchemaObject = {
  type: 'object',
  required: ['clientId', 'status', 'siteId', 'person', 'consents', 'screenings', 'isOnSafetyHold', 'safetyFollowUps', 'admissions'],
  properties: {
    clientId: uuidSchema,
    status: text,
    siteId: text,
    person: {
      type: 'object',
      required: ['givenName', 'familyName', 'dateOfBirth'],
      properties: { givenName: text, familyName: text, dateOfBirth: dateSchema, contact: record },
    },
    possibleDuplicateOf: { type: 'array', items: uuidSchema },
    referral: record,
    consents: records,
    restrictions: {
      ...records,
      description: 'Requests for restriction (42 CFR 2.26), as GET /clients/{clientId}/restrictions lists them.',
    },
    screenings: records,
    isOnSafetyHold: flag,
    safetyHold: record,
    safetyFollowUps: records,
    coOccurringConditions: { type: 'array', items: text, description: 'The co-occurring conditions the screenings identified, as codes.' },
    assessment: record,
    recommendation: record,
    placement: record,
    admissions: records,
  },
};

export const CLIENT_LIST: SchemaObject = listPageSchema({
  type: 'object',
  required: ['clientId', 'siteId', 'status'],
  properties: { clientId: uuidSchema, siteId: text, status: text },
});

export const ACTIVE_CONSENTS: SchemaObject = {
  type: 'object',
  required: ['clientId', 'siteId', 'asOf', 'consents'],
  properties: { clientId: uuidSchema, siteId: text, asOf: instantSchema, consents: records },
};

export function safetyFollowUpQueue(example: unknown): SchemaObject {
  return {
    ...listPageSchema({
      type: 'object',
      required: ['followUpId', 'clientId', 'siteId', 'dueAt'],
      properties: { followUpId: uuidSchema, clientId: uuidSchema, siteId: text, dueAt: instantSchema },
    }),
    example,
  };
}

export const SAFETY_FOLLOW_UP_DONE = answer(['followUpId', 'clientId', 'status'], {
  followUpId: uuidSchema,
  clientId: uuidSchema,
  status: { type: 'string', enum: ['done'] },
  outcome: text,
  completedAt: instantSchema,
});

const restriction: SchemaObject = {
  type: 'object',
  required: ['restrictionId', 'clientId', 'request', 'requestedAt', 'status'],
  properties: {
    restrictionId: uuidSchema,
    clientId: uuidSchema,
    request: {
      type: 'object',
      required: ['kind'],
      description: '`{ kind: "requested", scope }` or `{ kind: "paid-in-full", serviceIds }`',
      properties: {
        kind: { type: 'string', enum: ['requested', 'paid-in-full'] },
        scope: record,
        serviceIds: { type: 'array', items: text },
      },
    },
    requestedAt: instantSchema,
    status: { type: 'string', enum: ['requested', 'agreed', 'refused'] },
    refusalReason: text,
    decidedAt: {
      ...instantSchema,
      description: 'When it was agreed or refused; an agreed restriction binds disclosures from this instant.',
    },
  },
};

/** A request for restriction as it stands after the command: requested, agreed (the paid-in-full one at once) or refused. */
export const RESTRICTION_RECORDED = answer(['clientId', 'restriction'], { clientId: uuidSchema, restriction });

export const RESTRICTIONS: SchemaObject = {
  type: 'object',
  required: ['clientId', 'restrictions'],
  properties: { clientId: uuidSchema, restrictions: { type: 'array', items: restriction } },
};
