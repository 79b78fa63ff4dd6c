// The shape of an integration event's payload, written as data so that a consumer in any
// language, the docs and the validator read the same definition. It is a small subset of
// OpenAPI 3.0 schema objects (JSON Schema with `nullable` and `discriminator`), so it can be
// pasted into an OpenAPI document unchanged.
//
// Objects are always closed (`additionalProperties: false`): a field a contract does not
// name is refused rather than passed on, because an unnamed field is exactly how a name or
// a note would slip across a service boundary.

export type StringFormat = 'date' | 'date-time' | 'uuid';

type Annotated = { description?: string; nullable?: boolean };

export type StringSchema = Annotated & {
  type: 'string';
  enum?: readonly string[];
  format?: StringFormat;
  minLength?: number;
  maxLength?: number;
};
export type IntegerSchema = Annotated & { type: 'integer'; enum?: readonly number[]; minimum?: number; maximum?: number };
export type NumberSchema = Annotated & { type: 'number'; minimum?: number; maximum?: number };
export type BooleanSchema = Annotated & { type: 'boolean'; enum?: readonly boolean[] };
export type ArraySchema = Annotated & { type: 'array'; items: Schema; minItems?: number; maxItems?: number };
export type ObjectSchema = Annotated & {
  type: 'object';
  properties: Readonly<Record<string, Schema>>;
  /** Names absent from this list are optional. */
  required: readonly string[];
  additionalProperties: false;
};
/** One of several object shapes, told apart by one property whose schema is a single-value enum in each. */
export type OneOfSchema = Annotated & { oneOf: readonly ObjectSchema[]; discriminator: { propertyName: string } };

export type Schema = StringSchema | IntegerSchema | NumberSchema | BooleanSchema | ArraySchema | ObjectSchema | OneOfSchema;

// Problems are logged and travel in dead-letter headers, so they name the field and what was
// expected, never the value found: a misplaced value may be exactly the personal data the
// check exists to stop.

/** Every way `value` departs from `schema`, each as `<path>: <what was expected>`; empty when it conforms. */
export function schemaProblems(schema: Schema, value: unknown, path: string): string[] {
  if (value === null) return schema.nullable ? [] : [`${path}: expected ${expectation(schema)}, got null`];
  if ('oneOf' in schema) return oneOfProblems(schema, value, path);
  switch (schema.type) {
    case 'string':
      return stringProblems(schema, value, path);
    case 'integer':
    case 'number':
      return numberProblems(schema, value, path);
    case 'boolean':
      if (typeof value !== 'boolean') return [typeProblem(path, 'boolean', value)];
      return schema.enum && !schema.enum.includes(value) ? [`${path}: expected one of ${schema.enum.join(', ')}`] : [];
    case 'array':
      return arrayProblems(schema, value, path);
    case 'object':
      return objectProblems(schema, value, path);
  }
}

function stringProblems(schema: StringSchema, value: unknown, path: string): string[] {
  if (typeof value !== 'string') return [typeProblem(path, 'string', value)];
  if (schema.enum) return schema.enum.includes(value) ? [] : [`${path}: expected one of ${schema.enum.join(', ')}`];
  const problems: string[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    problems.push(schema.minLength === 1 ? `${path}: must not be empty` : `${path}: expected at least ${schema.minLength} characters`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    problems.push(`${path}: expected at most ${schema.maxLength} characters`);
  if (schema.format && !FORMATS[schema.format].test(value)) problems.push(`${path}: expected ${FORMATS[schema.format].looksLike}`);
  return problems;
}

function numberProblems(schema: IntegerSchema | NumberSchema, value: unknown, path: string): string[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [typeProblem(path, schema.type, value)];
  if (schema.type === 'integer' && !Number.isInteger(value)) return [`${path}: expected a whole number`];
  if (schema.type === 'integer' && schema.enum)
    return schema.enum.includes(value) ? [] : [`${path}: expected one of ${schema.enum.join(', ')}`];
  const problems: string[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: expected at least ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: expected at most ${schema.maximum}`);
  return problems;
}

function arrayProblems(schema: ArraySchema, value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [typeProblem(path, 'array', value)];
  const problems: string[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems)
    problems.push(`${path}: expected at least ${schema.minItems} item(s)`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    problems.push(`${path}: expected at most ${schema.maxItems} item(s)`);
  value.forEach((item, index) => problems.push(...schemaProblems(schema.items, item, `${path}[${index}]`)));
  return problems;
}

function objectProblems(schema: ObjectSchema, value: unknown, path: string): string[] {
  if (!isPlainObject(value)) return [typeProblem(path, 'object', value)];
  const problems: string[] = [];
  for (const name of schema.required) {
    if (!(name in value) || value[name] === undefined) problems.push(`${join(path, name)}: is required`);
  }
  const allowed = Object.keys(schema.properties);
  for (const [name, field] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (!fieldSchema) {
      problems.push(`${join(path, name)}: is not part of the contract; allowed fields are ${allowed.join(', ')}`);
    } else if (field !== undefined) {
      problems.push(...schemaProblems(fieldSchema, field, join(path, name)));
    }
  }
  return problems;
}

function oneOfProblems(schema: OneOfSchema, value: unknown, path: string): string[] {
  if (!isPlainObject(value)) return [typeProblem(path, 'object', value)];
  const { propertyName } = schema.discriminator;
  const tagOf = (variant: ObjectSchema) => (variant.properties[propertyName] as StringSchema).enum?.[0];
  const tags = schema.oneOf.map(tagOf);
  const variant = schema.oneOf.find((candidate) => tagOf(candidate) === value[propertyName]);
  return variant ? objectProblems(variant, value, path) : [`${join(path, propertyName)}: expected one of ${tags.join(', ')}`];
}

const FORMATS: Record<StringFormat, { test(value: string): boolean; looksLike: string }> = {
  date: { test: isCalendarDate, looksLike: 'a date written YYYY-MM-DD, e.g. 2026-01-15' },
  'date-time': { test: isDateTime, looksLike: 'an ISO 8601 date-time with a time zone, e.g. 2026-01-15T09:00:00.000Z' },
  uuid: { test: (value) => UUID.test(value), looksLike: 'a UUID, e.g. 0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** A date that exists on the calendar: 2026-02-30 has the right shape and is still refused. */
function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return match !== null && isCalendarDate(match[1]!);
}

function expectation(schema: Schema): string {
  return 'oneOf' in schema ? 'object' : schema.type;
}

function typeProblem(path: string, expected: string, value: unknown): string {
  return `${path}: expected ${expected}, got ${kindOf(value)}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
