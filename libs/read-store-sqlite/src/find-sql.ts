import { type Condition, type CursorPosition, type SortKey, expandCondition } from '@continuum/read-store/adapter-rules';
import { type FindQuery, type Scalar } from '@continuum/read-store';
import { BOUND_LIMIT } from '@continuum/sqlite';

// FindQuery → SQL over the JSON column. Every field is read with exactly the expression its
// index was built on (fieldExpression), because SQLite uses an expression index only when
// the query repeats the expression word for word.
//
// JSON types: json_extract turns true/false into 1/0 and hands back arrays and objects as
// text, so an equality or range also checks json_type — a document holding `true` does not
// match 1, nor one holding "5" match 5. Null and a missing field both read as SQL NULL: a
// query cannot tell them apart, on MongoDB either.

export type SqlFragment = { sql: string; params: unknown[] };

export function fieldExpression(field: string): string {
  return `json_extract(document, '$.${field}')`;
}

function typeExpression(field: string): string {
  return `json_type(document, '$.${field}')`;
}

/** better-sqlite3 binds no booleans; json_extract compares them as 1 and 0 anyway. */
function bindable(value: Scalar): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function typeCheck(field: string, value: Exclude<Scalar, null>): string {
  switch (typeof value) {
    case 'string':
      return `${typeExpression(field)} = 'text'`;
    case 'number':
      return `${typeExpression(field)} IN ('integer', 'real')`;
    case 'boolean':
      return `${typeExpression(field)} = '${value ? 'true' : 'false'}'`;
  }
}

function equals(field: string, value: Scalar): SqlFragment {
  if (value === null) return { sql: `${fieldExpression(field)} IS NULL`, params: [] };
  return { sql: `(${fieldExpression(field)} = ? AND ${typeCheck(field, value)})`, params: [bindable(value)] };
}

function oneOf(field: string, values: Scalar[]): SqlFragment {
  if (values.length === 0) return { sql: '0', params: [] };
  const parts = values.map((value) => equals(field, value));
  return { sql: `(${parts.map((part) => part.sql).join(' OR ')})`, params: parts.flatMap((part) => part.params) };
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function conditionSql(field: string, condition: Condition): SqlFragment[] {
  const parts: SqlFragment[] = [];
  if (condition.eq !== undefined) parts.push(equals(field, condition.eq));
  if (condition.ne !== undefined) {
    // A false-or-unknown equality: a missing field is "not equal" to any value, as on MongoDB.
    const equality = equals(field, condition.ne);
    parts.push({ sql: `NOT COALESCE(${equality.sql}, 0)`, params: equality.params });
  }
  if (condition.in !== undefined) parts.push(oneOf(field, condition.in));
  for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
    const bound = condition[operator];
    if (bound === undefined || bound === null || typeof bound === 'boolean') continue;
    parts.push({ sql: `(${fieldExpression(field)} ${RANGE_SQL[operator]} ? AND ${typeCheck(field, bound)})`, params: [bound] });
  }
  return parts;
}

export function whereSql(where: FindQuery['where']): SqlFragment[] {
  return Object.entries(where ?? {}).flatMap(([field, condition]) => conditionSql(field, expandCondition(condition)));
}

/**
 * Documents strictly after the cursor in the sort order, read with SQLite's own ordering
 * (NULL first ascending, last descending), which is the order ORDER BY produced the page in.
 * Lexicographic: (a after) OR (a same AND b after) OR … OR (all same AND id after).
 */
export function afterSql(sort: SortKey[], idDirection: 'asc' | 'desc', position: CursorPosition): SqlFragment {
  const alternatives: SqlFragment[] = [];
  const sameSoFar: SqlFragment[] = [];
  sort.forEach(({ field, direction }, index) => {
    const value = position.values[index] ?? null;
    const expression = fieldExpression(field);
    let after: SqlFragment;
    if (value === null) after = direction === 'asc' ? { sql: `${expression} IS NOT NULL`, params: [] } : { sql: '0', params: [] };
    else if (direction === 'asc') after = { sql: `${expression} > ?`, params: [value] };
    else after = { sql: `(${expression} < ? OR ${expression} IS NULL)`, params: [value] };
    alternatives.push(conjunction([...sameSoFar, after]));
    sameSoFar.push({ sql: `${expression} IS ?`, params: [value] });
  });
  alternatives.push(conjunction([...sameSoFar, { sql: `id ${idDirection === 'asc' ? '>' : '<'} ?`, params: [position.id] }]));
  return { sql: `(${alternatives.map((part) => part.sql).join(' OR ')})`, params: alternatives.flatMap((part) => part.params) };
}

export function conjunction(parts: SqlFragment[]): SqlFragment {
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((part) => part.sql).join(' AND '), params: parts.flatMap((part) => part.params) };
}

export function orderBySql(sort: SortKey[], idDirection: 'asc' | 'desc'): string {
  const terms = sort.map(({ field, direction }) => `${fieldExpression(field)} ${direction.toUpperCase()}`);
  return [...terms, `id ${idDirection.toUpperCase()}`].join(', ');
}

/** Tombstones (document IS NULL) remember a deletion's version; no query ever returns them. */
export const LIVE = 'document IS NOT NULL';

export function quoteName(name: string): string {
  return `"${name}"`;
}

/** The SELECT for one page: the id, version and JSON of each document, then its sort values for the next cursor. */
export function findSql(
  table: string,
  query: FindQuery,
  sort: SortKey[],
  idDirection: 'asc' | 'desc',
  position?: CursorPosition,
): SqlFragment {
  const conditions = [{ sql: LIVE, params: [] }, ...whereSql(query.where)];
  if (position) conditions.push(afterSql(sort, idDirection, position));
  const filter = conjunction(conditions);
  const sortColumns = sort.map(({ field }, index) => `, ${fieldExpression(field)} AS sort_${index}`).join('');
  return {
    sql: `SELECT id, version, document${sortColumns} FROM ${quoteName(table)} WHERE ${filter.sql} ORDER BY ${orderBySql(sort, idDirection)} ${BOUND_LIMIT}`,
    params: [...filter.params, query.limit + 1],
  };
}
