import { type CursorPosition, type SortKey, expandCondition } from '@continuum/read-store/adapter-rules';
import { type FindQuery } from '@continuum/read-store';

// FindQuery → MongoDB filter and sort. MongoDB's own rules already give the port's meaning:
// equality and ranges compare within one BSON type (true is not 1, "5" is not 5), a query
// for null also finds a missing field, $ne and descending sorts put missing fields where
// SQLite puts NULL. What remains is to name fields under `document.` and to write the
// cursor's "strictly after" as plain operators every server (and the stand-in) has.

export type MongoFilter = Record<string, unknown>;

/** Live documents only; a tombstone carries `deleted: true` and no document. */
export const LIVE: MongoFilter = { deleted: { $ne: true } };

export function documentPath(field: string): string {
  return `document.${field}`;
}

export function whereFilters(where: FindQuery['where']): MongoFilter[] {
  return Object.entries(where ?? {}).flatMap(([field, raw]) => {
    const condition = expandCondition(raw);
    const operators: Record<string, unknown> = {};
    if (condition.eq !== undefined) operators.$eq = condition.eq;
    if (condition.ne !== undefined) operators.$ne = condition.ne;
    if (condition.in !== undefined) operators.$in = condition.in;
    for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
      if (condition[operator] !== undefined) operators[`$${operator}`] = condition[operator];
    }
    return Object.keys(operators).length === 0 ? [] : [{ [documentPath(field)]: operators }];
  });
}

/**
 * Documents strictly after the cursor: (a after) OR (a same AND b after) OR … OR (all same
 * AND id after). Null and missing come first ascending and last descending, as in the sort.
 * Ranges compare within one type, so a sort field is expected to hold one type (and null).
 */
export function afterFilter(sort: SortKey[], idDirection: 'asc' | 'desc', position: CursorPosition): MongoFilter {
  const alternatives: MongoFilter[] = [];
  const sameSoFar: MongoFilter[] = [];
  sort.forEach(({ field, direction }, index) => {
    const path = documentPath(field);
    const value = position.values[index] ?? null;
    let after: MongoFilter | undefined;
    if (value === null) after = direction === 'asc' ? { [path]: { $ne: null } } : undefined;
    else if (direction === 'asc') after = { [path]: { $gt: value } };
    else after = { $or: [{ [path]: { $lt: value } }, { [path]: null }] };
    if (after) alternatives.push(allOf([...sameSoFar, after]));
    sameSoFar.push({ [path]: value });
  });
  alternatives.push(allOf([...sameSoFar, { _id: { [idDirection === 'asc' ? '$gt' : '$lt']: position.id } }]));
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

/** `$and` of the parts; an empty `$and` is an error on MongoDB, so none is ever sent. */
export function allOf(parts: MongoFilter[]): MongoFilter {
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0] : { $and: parts };
}

export function sortSpec(sort: SortKey[], idDirection: 'asc' | 'desc'): Record<string, 1 | -1> {
  const spec: Record<string, 1 | -1> = {};
  for (const { field, direction } of sort) spec[documentPath(field)] = direction === 'asc' ? 1 : -1;
  spec._id = idDirection === 'asc' ? 1 : -1;
  return spec;
}
