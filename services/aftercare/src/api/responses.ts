// The schemas of the aftercare service's successful answers, for its OpenAPI document
// (docs/architecture/security.md#the-openapi-document).
import { type SchemaObject } from '@nestjs/swagger';
import { appendedEventsSchema, dateSchema, listPageSchema, nullableSchema, uuidSchema } from '@continuum/platform';

const text: SchemaObject = { type: 'string' };
const count: SchemaObject = { type: 'integer', minimum: 0 };
const planStatus: SchemaObject = { type: 'string', enum: ['active', 'ended'] };
const levelOfCare: SchemaObject = {
  type: 'object',
  required: ['edition', 'code'],
  properties: { edition: { type: 'integer' }, code: text },
};
const record: SchemaObject = { type: 'object', description: 'As the plan decider folds it.' };

/** Every write on a plan: the plan id (and the id of what it created), the plan's status, the events appended. */
export const PLAN_CHANGED: SchemaObject = {
  type: 'object',
  required: ['planId', 'status', 'events'],
  properties: { planId: uuidSchema, linkageId: text, therapyId: text, status: planStatus, events: appendedEventsSchema },
};

export const PLAN: SchemaObject = {
  type: 'object',
  required: ['plan', 'asOf', 'checkIns', 'missedCheckIns', 'outcomes'],
  properties: {
    plan: {
      type: 'object',
      required: ['status', 'planId', 'clientId', 'siteId'],
      properties: { status: planStatus, planId: uuidSchema, clientId: uuidSchema, siteId: text },
    },
    asOf: dateSchema,
    checkIns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'dueDate', 'opensOn', 'lastDayToRecord'],
        properties: { status: text, dueDate: dateSchema, opensOn: dateSchema, lastDayToRecord: dateSchema },
      },
    },
    missedCheckIns: { type: 'array', items: record },
    outcomes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['day', 'outcome'],
        properties: { day: { type: 'integer', enum: [30, 90, 180, 365] }, outcome: nullableSchema(record) },
      },
    },
  },
};

export const HELD_SENDS_PAGE: SchemaObject = (() => {
  const page = listPageSchema({
    type: 'object',
    required: [
      'sendId',
      'planId',
      'clientId',
      'siteId',
      'kind',
      'recipientId',
      'recipientKind',
      'status',
      'reasonCode',
      'citation',
      'since',
    ],
    properties: {
      sendId: text,
      planId: uuidSchema,
      clientId: uuidSchema,
      siteId: text,
      kind: { type: 'string', enum: ['step-down', 'recovery-residence', 'peer-support'] },
      recipientId: text,
      recipientKind: text,
      status: { type: 'string', enum: ['awaiting-consent'] },
      reasonCode: text,
      citation: text,
      since: { type: 'string', format: 'date-time' },
    },
  });
  return { ...page, required: ['asOf', ...(page.required ?? [])], properties: { asOf: dateSchema, ...page.properties } };
})();

export const PLANS_OF_CLIENT: SchemaObject = (() => {
  const page = listPageSchema({
    type: 'object',
    required: ['planId', 'episodeId', 'clientId', 'siteId', 'status', 'dischargeLevel', 'dischargeDate', 'endsOn'],
    properties: {
      planId: uuidSchema,
      episodeId: uuidSchema,
      clientId: uuidSchema,
      siteId: text,
      status: planStatus,
      isActive: { type: 'boolean' },
      dischargeLevel: levelOfCare,
      dischargeLevelKey: text,
      dischargeDate: dateSchema,
      endsOn: dateSchema,
      nextScheduledDue: nullableSchema(dateSchema),
      isUnreachable: { type: 'boolean' },
      consecutiveMisses: count,
      readmissionRecommendations: count,
      endReason: nullableSchema(text),
    },
  });
  return { ...page, required: ['clientId', ...(page.required ?? [])], properties: { clientId: uuidSchema, ...page.properties } };
})();

const checkIn: SchemaObject = {
  type: 'object',
  required: ['planId', 'clientId', 'siteId', 'day', 'dueDate', 'lastDayToRecord', 'status'],
  properties: {
    planId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    day: { type: 'integer' },
    dueDate: dateSchema,
    lastDayToRecord: dateSchema,
    status: text,
    outcome: nullableSchema(text),
    consecutiveMisses: nullableSchema(count),
  },
};

export const DUE_CHECK_INS: SchemaObject = {
  type: 'object',
  required: ['weekStart', 'weekEnd', 'total', 'sites'],
  properties: {
    weekStart: dateSchema,
    weekEnd: dateSchema,
    total: { ...count, description: 'How many check-ins fall due that week for you over every page' },
    sites: {
      type: 'array',
      items: {
        type: 'object',
        required: ['siteId', 'checkIns'],
        properties: { siteId: text, checkIns: { type: 'array', items: checkIn } },
      },
    },
    nextCursor: text,
  },
};

export const MISSED_CHECK_INS: SchemaObject = {
  type: 'object',
  required: ['asOf', 'total', 'items'],
  properties: {
    asOf: dateSchema,
    total: { ...count, description: 'How many missed check-ins (marked or about to be) the list holds for you over every page' },
    items: {
      type: 'array',
      items: {
        ...checkIn,
        required: [...(checkIn.required ?? []), 'isMarked'],
        properties: { ...checkIn.properties, isMarked: { type: 'boolean' } },
      },
    },
    nextCursor: text,
  },
};

/** The plans counted on one reporting day after discharge, by what their check-ins say. */
const outcomeTallies: SchemaObject = {
  type: 'array',
  items: {
    type: 'object',
    required: ['day', 'plans', 'abstinent', 'lapse', 'relapse', 'unreachable', 'unknown', 'strongRecoveryCapital'],
    properties: {
      day: { type: 'integer', enum: [30, 90, 180, 365] },
      plans: count,
      abstinent: count,
      lapse: count,
      relapse: count,
      unreachable: count,
      unknown: count,
      strongRecoveryCapital: count,
    },
  },
};

export const OUTCOMES: SchemaObject = {
  type: 'object',
  required: ['asOf', 'bySite', 'byDischargeLevel'],
  properties: {
    asOf: dateSchema,
    bySite: {
      type: 'array',
      items: { type: 'object', required: ['siteId', 'outcomes'], properties: { siteId: text, outcomes: outcomeTallies } },
    },
    byDischargeLevel: {
      type: 'array',
      items: {
        type: 'object',
        required: ['dischargeLevel', 'outcomes'],
        properties: { dischargeLevel: levelOfCare, outcomes: outcomeTallies },
      },
    },
  },
};

/** A client's BARC-10 totals over time (Vilsaint et al., 2017: 10 items, 6 points each, total 10–60). */
export const BARC10_OF_CLIENT: SchemaObject = {
  type: 'object',
  required: ['clientId', 'scores'],
  properties: {
    clientId: uuidSchema,
    scores: {
      type: 'array',
      items: {
        type: 'object',
        required: ['planId', 'episodeId', 'siteId', 'day', 'dueDate', 'date', 'total', 'isStrongRecoveryCapital'],
        properties: {
          planId: uuidSchema,
          episodeId: uuidSchema,
          siteId: text,
          day: count,
          dueDate: dateSchema,
          date: dateSchema,
          total: { type: 'integer', minimum: 10, maximum: 60 },
          isStrongRecoveryCapital: { type: 'boolean' },
        },
      },
    },
  },
};
