// Building blocks for the schemas of successful answers (docs/architecture/security.md#the-openapi-document),
// for the shapes every service answers the same way.
import { type SchemaObject } from '@nestjs/swagger';

export const uuidSchema: SchemaObject = { type: 'string', format: 'uuid' };
export const instantSchema: SchemaObject = { type: 'string', format: 'date-time' };
/** A calendar date written YYYY-MM-DD. */
export const dateSchema: SchemaObject = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export function nullableSchema(schema: SchemaObject): SchemaObject {
  return { ...schema, nullable: true };
}

/** The events a command appended, as every write answers them (ids and types only). */
export const appendedEventsSchema: SchemaObject = {
  type: 'array',
  description: 'The events this request appended, in order; empty when it changed nothing.',
  items: {
    type: 'object',
    required: ['eventId', 'type'],
    properties: { eventId: { type: 'string' }, type: { type: 'string' }, revision: { type: 'integer', minimum: 0 } },
  },
};

/** One page of a list endpoint: `?limit=&after=` → `{ items, nextCursor }` (read-store/list-page.ts). */
export function listPageSchema(item: SchemaObject): SchemaObject {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: { type: 'string', description: 'Pass as `after` for the next page; absent on the last page.' },
    },
  };
}
