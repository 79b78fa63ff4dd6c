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

const possibleDuplicates: Record<string, SchemaObject> = {
  possibleDuplicateOf: {
    type: 'array',
    items: uuidSchema,
    description: 'Clients who may be the same person, at sites where you read client records: flagged, never merged.',
  },
  possibleMatchInNetwork: {
    type: 'boolean',
    description: 'A possible match is registered at a site where you read no client records; a network administrator reviews it.',
  },
};

export const REGISTERED = answer(['clientId', 'status', 'siteId', 'possibleDuplicateOf', 'possibleMatchInNetwork'], {
  clientId: uuidSchema,
  status: text,
  siteId: text,
  ...possibleDuplicates,
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

// The client record in the two views of domain/record-views.ts (docs/domain/intake-record-views.md).
const identityProperties: Record<string, SchemaObject> = {
  clientId: uuidSchema,
  status: text,
  siteId: text,
  person: {
    type: 'object',
    required: ['givenName', 'familyName', 'dateOfBirth'],
    properties: { givenName: text, familyName: text, dateOfBirth: dateSchema, contact: record },
  },
  ...possibleDuplicates,
  referral: record,
  consents: records,
  restrictions: {
    ...records,
    description: 'Requests for restriction (42 CFR 2.26), as GET /clients/{clientId}/restrictions lists them.',
  },
  placedLevel: { ...levelOfCare, description: 'The level of care decided for the current intake (the reasons stay clinical).' },
  admissions: records,
};
const identityRequired = [
  'view',
  'clientId',
  'status',
  'siteId',
  'person',
  'possibleDuplicateOf',
  'possibleMatchInNetwork',
  'consents',
  'restrictions',
  'admissions',
];

/** Identity and scheduling: for intake coordinators, site administrators, and clinical staff not on an admitted client's care team. */
export const INTAKE_RECORD_IDENTITY: SchemaObject = {
  type: 'object',
  required: identityRequired,
  additionalProperties: false,
  properties: { view: { type: 'string', enum: ['identity'] }, ...identityProperties },
};

/** Everything intake holds: for the site's clinical staff before an episode, the care team in one, clinical supervisors and auditors. */
export const INTAKE_RECORD_CLINICAL: SchemaObject = {
  type: 'object',
  required: [...identityRequired, 'screenings', 'isOnSafetyHold', 'safetyFollowUps', 'coOccurringConditions'],
  additionalProperties: false,
  properties: {
    view: { type: 'string', enum: ['clinical'] },
    ...identityProperties,
    screenings: records,
    isOnSafetyHold: flag,
    safetyHold: record,
    safetyFollowUps: records,
    coOccurringConditions: { type: 'array', items: text, description: 'The co-occurring conditions the screenings identified, as codes.' },
    assessment: record,
    recommendation: record,
    placement: record,
  },
};

export const INTAKE_RECORD: SchemaObject = {
  oneOf: [INTAKE_RECORD_IDENTITY, INTAKE_RECORD_CLINICAL],
  discriminator: { propertyName: 'view' },
};

const duplicateReview: SchemaObject = {
  type: 'object',
  required: ['reviewId', 'clientId', 'siteId', 'possibleDuplicateOf', 'otherSiteId', 'openedAt'],
  properties: {
    reviewId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    possibleDuplicateOf: uuidSchema,
    otherSiteId: text,
    openedAt: instantSchema,
  },
};

export const DUPLICATE_REVIEW_QUEUE: SchemaObject = listPageSchema(duplicateReview);

export const DUPLICATE_REVIEW_RESOLVED = answer(['reviewId', 'clientId', 'possibleDuplicateOf', 'outcome', 'resolvedAt'], {
  reviewId: uuidSchema,
  clientId: uuidSchema,
  possibleDuplicateOf: uuidSchema,
  outcome: { type: 'string', enum: ['same-person', 'different-people'] },
  resolvedAt: instantSchema,
});

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
  const page = listPageSchema({
    type: 'object',
    required: ['followUpId', 'clientId', 'siteId', 'dueAt'],
    properties: { followUpId: uuidSchema, clientId: uuidSchema, siteId: text, dueAt: instantSchema },
  });
  return {
    ...page,
    required: ['total', ...(page.required ?? [])],
    properties: {
      total: { type: 'integer', minimum: 0, description: 'How many open follow-ups the queue holds for you over every page' },
      ...page.properties,
    },
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

/** The network's Part 2 consent policy (@continuum/consent's ConsentPolicy). */
export const CONSENT_POLICY: SchemaObject = {
  type: 'object',
  required: ['minorRule', 'statementTexts', 'disclosureNotice'],
  properties: {
    minorRule: { type: 'string', enum: ['minor-alone', 'minor-and-guardian'] },
    statementTexts: {
      type: 'object',
      required: ['revocation', 'hipaa-redisclosure', 'redisclosure-potential', 'treatment-not-conditioned'],
      properties: {
        revocation: text,
        'hipaa-redisclosure': text,
        'redisclosure-potential': text,
        'treatment-not-conditioned': text,
      },
    },
    disclosureNotice: text,
  },
};
