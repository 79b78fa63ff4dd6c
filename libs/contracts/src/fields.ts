import { type IntegerSchema, type ObjectSchema, type StringSchema } from './schema.js';

// Field shapes every producing service reuses, so that a client id or a level of care is
// checked the same way on every topic.

/** Ids Continuum mints itself (clients, consents, screenings, admissions…) are UUIDs. */
export const UUID_FIELD = { type: 'string', format: 'uuid' } as const satisfies StringSchema;
/** Ids and codes from configuration or other systems (sites, staff, provider directory): plain tokens. */
export const ID_FIELD = { type: 'string', minLength: 1, maxLength: 128 } as const satisfies StringSchema;
/** A code from a list the network configures (purposes, substances): short, never prose. */
export const CODE_FIELD = { type: 'string', minLength: 1, maxLength: 64 } as const satisfies StringSchema;
export const DATE_FIELD = { type: 'string', format: 'date' } as const satisfies StringSchema;
export const DATE_TIME_FIELD = { type: 'string', format: 'date-time' } as const satisfies StringSchema;

/** ASAM editions held side by side (docs/domain/levels-of-care.md#a-level-is-an-edition-and-a-code): the code never travels without its edition. */
export type LevelOfCareV1 = { edition: 3 | 4; code: string };

export const LEVEL_OF_CARE_FIELD = {
  type: 'object',
  properties: {
    edition: { type: 'integer', enum: [3, 4] } satisfies IntegerSchema,
    code: { type: 'string', minLength: 1, maxLength: 10, description: 'the level code of that edition, e.g. 2.1' },
  },
  required: ['edition', 'code'],
  additionalProperties: false,
} as const satisfies ObjectSchema;
