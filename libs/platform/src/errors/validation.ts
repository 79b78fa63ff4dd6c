// class-validator reports a tree (nested DTOs, arrays); a caller wants a flat list of
// fields to fix. Each entry names the field by its path and says what is expected.
import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { hasUnsafeCharacters, unsafeCharactersProblem } from '../validation/text.js';
import { type FieldProblem, ValidationFailed } from './problem-exceptions.js';

export function fieldProblemsOf(errors: readonly ValidationError[], parentPath = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      problem: constraint === 'whitelistValidation' ? `${field} is not a field of this request; remove it` : message,
    }));
    return [...own, ...fieldProblemsOf(error.children ?? [], field)];
  });
}

/** Keys that reach an object's prototype when copied: never a field of ours, whatever the DTO. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Every forbidden key in a parsed body or query, by its path (`person.__proto__`). */
export function forbiddenKeysIn(value: unknown, path = ''): FieldProblem[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const own = FORBIDDEN_KEYS.has(key) ? [{ field, problem: `${field} is not a field of this request; remove it` }] : [];
    return [...own, ...forbiddenKeysIn((value as Record<string, unknown>)[key], field)];
  });
}

/**
 * Every string of a parsed body or query in Unicode NFC, and a problem for each string that
 * holds a control character (other than tab and line breaks), a bidi override or isolate, or
 * a lone surrogate (docs/architecture/security.md#input). Objects are copied, never changed.
 */
export function cleanStringsIn(value: unknown, path = ''): { value: unknown; problems: FieldProblem[] } {
  if (typeof value === 'string') {
    return hasUnsafeCharacters(value, { allowLineBreaks: true })
      ? {
          value,
          problems: [{ field: path, problem: unsafeCharactersProblem(path || 'the value') }],
        }
      : { value: value.normalize('NFC'), problems: [] };
  }
  if (value === null || typeof value !== 'object') return { value, problems: [] };
  const problems: FieldProblem[] = [];
  const fieldOf = (key: string) => (Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  const cleanEntry = (key: string, item: unknown) => {
    const cleaned = cleanStringsIn(item, fieldOf(key));
    problems.push(...cleaned.problems);
    return cleaned.value;
  };
  const copy = Array.isArray(value)
    ? value.map((item, index) => cleanEntry(String(index), item))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanEntry(key, item)]));
  return { value: copy, problems };
}

/**
 * Unknown fields are refused rather than ignored: a typo in a clinical field must not vanish
 * silently. `__proto__`, `constructor` and `prototype` are refused the same way, before the
 * body is copied into a DTO (which would drop or follow them); every string is NFC and free
 * of hidden characters before any DTO reads it.
 */
class ContinuumValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const forbidden = forbiddenKeysIn(value);
      if (forbidden.length > 0) throw new ValidationFailed(forbidden);
      const cleaned = cleanStringsIn(value);
      if (cleaned.problems.length > 0) throw new ValidationFailed(cleaned.problems);
      return super.transform(cleaned.value, metadata);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContinuumValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(fieldProblemsOf(errors)),
  });
}
