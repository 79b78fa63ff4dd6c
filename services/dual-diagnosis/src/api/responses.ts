// The schemas of the dual-diagnosis service's successful answers, for its OpenAPI document
// (docs/architecture/security.md#the-openapi-document).
import { type SchemaObject } from '@nestjs/swagger';
import { appendedEventsSchema, instantSchema, listPageSchema, nullableSchema, uuidSchema } from '@continuum/platform';
import { REFERRAL_STATUSES, SPECIALTIES, URGENCIES } from '../domain/index.js';

const text: SchemaObject = { type: 'string' };
const count: SchemaObject = { type: 'integer', minimum: 0 };
const codes: SchemaObject = { type: 'array', items: text };
const status: SchemaObject = { type: 'string', enum: [...REFERRAL_STATUSES] };
const specialty: SchemaObject = { type: 'string', enum: [...SPECIALTIES] };
const urgency: SchemaObject = { type: 'string', enum: [...URGENCIES] };
const awaitingConsent: SchemaObject = {
  type: 'object',
  required: ['providerId', 'reasonCode', 'explanation', 'since'],
  properties: { providerId: text, reasonCode: text, explanation: text, since: instantSchema },
};

const referral: SchemaObject = {
  type: 'object',
  required: [
    'status',
    'referralId',
    'clientId',
    'siteId',
    'specialty',
    'urgency',
    'conditionCode',
    'source',
    'sourceEventId',
    'openedAt',
    'dueAt',
    'noShowCount',
    'escalationLevel',
    'disclosureIds',
  ],
  properties: {
    status,
    referralId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    specialty,
    urgency,
    conditionCode: text,
    source: text,
    sourceEventId: text,
    episodeId: text,
    openedAt: instantSchema,
    dueAt: instantSchema,
    provider: { type: 'object', required: ['providerId', 'kind'], properties: { providerId: text, kind: text } },
    awaitingConsent,
    appointmentDate: text,
    noShowCount: count,
    escalationLevel: count,
    disclosureIds: codes,
    outcome: {
      type: 'object',
      required: ['conditionConfirmed', 'recommendationCodes', 'completedAt'],
      properties: { conditionConfirmed: { type: 'boolean' }, recommendationCodes: codes, completedAt: instantSchema },
    },
    closedReasonCode: text,
  },
};

/** GET /referrals/{id}: the referral and the disclosure records its sends made. */
export const REFERRAL: SchemaObject = {
  ...referral,
  required: [...(referral.required ?? []), 'disclosures'],
  properties: {
    ...referral.properties,
    disclosures: {
      type: 'array',
      items: { type: 'object', required: ['disclosureId'], properties: { disclosureId: text } },
    },
  },
};

/** Every write on a referral: its id, its status now, the referral, and the events appended. */
export const REFERRAL_CHANGED: SchemaObject = {
  type: 'object',
  required: ['referralId', 'status', 'referral', 'events'],
  properties: { referralId: uuidSchema, status, referral, events: appendedEventsSchema },
};

const provider: SchemaObject = {
  type: 'object',
  required: ['providerId', 'siteId', 'name', 'kind', 'specialties', 'capacity'],
  properties: {
    providerId: text,
    siteId: text,
    name: text,
    kind: text,
    specialties: { type: 'array', items: specialty },
    capacity: count,
  },
};

export const PROVIDER: SchemaObject = {
  ...provider,
  properties: { ...provider.properties, status: { type: 'string', enum: ['registered'] } },
};

export const PROVIDER_DIRECTORY: SchemaObject = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        ...provider,
        required: [...(provider.required ?? []), 'load'],
        properties: {
          ...provider.properties,
          registeredAt: instantSchema,
          load: {
            type: 'object',
            required: ['openReferrals', 'capacity', 'isAtCapacity'],
            properties: { openReferrals: count, capacity: count, isAtCapacity: { type: 'boolean' } },
          },
        },
      },
    },
  },
};

const referralPage: SchemaObject = listPageSchema({
  type: 'object',
  required: ['referralId', 'clientId', 'siteId', 'status', 'specialty', 'urgency', 'dueAt', 'isOverdue', 'escalationLevel'],
  properties: {
    referralId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    status,
    specialty,
    urgency,
    conditionCode: text,
    source: text,
    episodeId: nullableSchema(text),
    openedAt: instantSchema,
    dueAt: instantSchema,
    providerId: nullableSchema(text),
    isOpen: { type: 'boolean' },
    isOverdue: { type: 'boolean' },
    escalationLevel: count,
    isAwaitingConsent: { type: 'boolean' },
    awaitingConsent: nullableSchema(awaitingConsent),
    holdsProviderCapacity: { type: 'boolean' },
    appointmentDate: nullableSchema(text),
  },
});

/** A page of one of a site's referral lists, with `total`: how many referrals the list holds over every page. */
export const REFERRAL_LIST: SchemaObject = {
  ...referralPage,
  required: ['total', ...(referralPage.required ?? [])],
  properties: { total: { ...count, description: 'How many referrals the list holds over every page' }, ...referralPage.properties },
};

/** A client's referrals at the caller's sites, newest first, each with its disclosure records. */
export const REFERRALS_OF_CLIENT: SchemaObject = {
  type: 'object',
  required: ['clientId', 'items'],
  properties: { clientId: { type: 'string', format: 'uuid' }, items: { type: 'array', items: REFERRAL } },
};
