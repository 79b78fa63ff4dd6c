import { type FieldCondition, type FindQuery, InvalidCursor, type ReadModelDefinition, type Scalar, UnindexedQuery } from './read-store.js';

// What both adapters agree on before either touches its database: which names, field paths
// and versions are acceptable, which queries the port refuses, and what a page cursor holds. Keeping
// it in one place is what lets one contract suite hold SQLite and MongoDB to the same answers.

export const MAX_PAGE_SIZE = 500;

/** Letters, digits and underscores, starting with a letter: safe as a SQLite table and a MongoDB collection name. */
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Dot-separated identifiers. Field paths end up inside SQL index expressions, so nothing else gets in. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function checkCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(
      `read model name "${name}" is not usable: start with a letter and use only letters, digits and underscores (at most 64), e.g. intake_clients`,
    );
  }
}

export function checkDefinition(definition: ReadModelDefinition): void {
  checkCollectionName(definition.name);
  for (const index of definition.indexes) {
    if (index.fields.length === 0) throw new Error(`${definition.name}: an index needs at least one field`);
    for (const field of index.fields) {
      if (!FIELD_PATH.test(field)) {
        throw new Error(
          `${definition.name}: index field "${field}" is not a dot path of identifiers (e.g. level.code); rename the field or index a parent that is one`,
        );
      }
    }
  }
}

export function indexedFields(definition: ReadModelDefinition): ReadonlySet<string> {
  return new Set(definition.indexes.flatMap((index) => index.fields));
}

/** A condition with its shorthand expanded: a bare scalar means equality. */
export type Condition = Exclude<FieldCondition, Scalar>;

export function expandCondition(condition: FieldCondition): Condition {
  return condition === null || typeof condition !== 'object' ? { eq: condition } : condition;
}

export type SortKey = { field: string; direction: 'asc' | 'desc' };

/**
 * The requested sort, then the id. The id follows the direction of the last field, so a
 * one-field sort reads an index on (field, id) forwards or backwards alike.
 */
export function sortWithTieBreaker(query: FindQuery): { fields: SortKey[]; idDirection: 'asc' | 'desc' } {
  const fields = [...(query.sort ?? [])];
  return { fields, idDirection: fields.at(-1)?.direction ?? 'asc' };
}

const RANGE_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;
const KNOWN_OPERATORS = new Set(['eq', 'ne', 'in', ...RANGE_OPERATORS]);

/** Refuses what no adapter should guess at, with the fix in the message. */
export function checkFindQuery(definition: ReadModelDefinition, query: FindQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE) {
    throw new RangeError(
      `${definition.name}: page size ${query.limit} is out of range; ask for 1 to ${MAX_PAGE_SIZE} documents and follow nextCursor for more`,
    );
  }
  checkWhere(definition, query.where);
  const indexed = indexedFields(definition);
  for (const { field, direction } of query.sort ?? []) {
    if (!indexed.has(field)) throw new UnindexedQuery(definition.name, field);
    if (direction !== 'asc' && direction !== 'desc')
      throw new Error(`${definition.name}: sort direction for "${field}" must be 'asc' or 'desc'`);
  }
}

export function checkWhere(definition: ReadModelDefinition, where: FindQuery['where']): void {
  const indexed = indexedFields(definition);
  for (const [field, raw] of Object.entries(where ?? {})) {
    if (!indexed.has(field)) throw new UnindexedQuery(definition.name, field);
    const condition = expandCondition(raw);
    for (const operator of Object.keys(condition)) {
      if (!KNOWN_OPERATORS.has(operator)) {
        throw new Error(`${definition.name}: "${operator}" on "${field}" is not a condition; use eq, ne, in, gt, gte, lt or lte`);
      }
    }
    for (const operator of RANGE_OPERATORS) {
      const bound = condition[operator];
      // Numbers and strings have one order everywhere; an order of booleans or nulls against
      // other types would be each database's own, so ranges on them are refused.
      if (bound !== undefined && typeof bound !== 'number' && typeof bound !== 'string') {
        throw new Error(
          `${definition.name}: "${operator}" on "${field}" needs a number or a string, not ${JSON.stringify(bound)}; use eq or in for booleans and null`,
        );
      }
    }
    if (condition.in !== undefined && !Array.isArray(condition.in)) {
      throw new Error(`${definition.name}: "in" on "${field}" takes an array of values`);
    }
  }
}

/** Where the previous page stopped: the sort values of its last document, and its id. */
export type CursorPosition = { values: Scalar[]; id: string };

function sortSignature(query: FindQuery): string {
  return (query.sort ?? []).map(({ field, direction }) => `${field}:${direction}`).join(',');
}

export function encodeCursor(query: FindQuery, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(query), v: position.values, i: position.id }), 'utf8').toString('base64url');
}

export function decodeCursor(collection: string, query: FindQuery & { after: string }): CursorPosition {
  const restart = 'ask for the first page again (without after)';
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(query.after, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor(collection, `the page cursor is not one this store issued; ${restart}`);
  }
  const { s, v, i } = (decoded ?? {}) as { s?: unknown; v?: unknown; i?: unknown };
  if (typeof i !== 'string' || !Array.isArray(v) || typeof s !== 'string') {
    throw new InvalidCursor(collection, `the page cursor is not one this store issued; ${restart}`);
  }
  if (s !== sortSignature(query) || v.length !== (query.sort ?? []).length) {
    throw new InvalidCursor(
      collection,
      `the page cursor belongs to a query sorted differently; keep the same sort while paging, or ${restart}`,
    );
  }
  return { values: v as Scalar[], id: i };
}

/** Reads a dot path out of a document; a missing step reads as null, as it does in a query. */
export function valueAt(document: unknown, path: string): Scalar {
  let current: unknown = document;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[step];
  }
  return current === undefined ? null : (current as Scalar);
}

export function checkVersion(collection: string, version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(
      `${collection}: version ${version} is not a non-negative integer; pass the event's global position (or stream revision)`,
    );
  }
}

export function uniqueViolation(definition: ReadModelDefinition, id: string): Error {
  const unique = definition.indexes.filter((index) => index.unique).map((index) => index.fields.join('+'));
  // Field names only: the values may be personal data and this message may reach a log.
  return new Error(
    `${definition.name}: document ${id} would repeat a value that must be unique (${unique.join(', ')}); another document already holds it — fix the projection or drop the unique flag`,
  );
}
