// class-validator reports a tree (nested DTOs, arrays); a caller wants a flat list of
// fields to fix. Each entry names the field by its path and says what is expected.
import { type ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Unknown fields are refused rather than ignored: a typo in a clinical field must not vanish silently. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(fieldProblemsOf(errors)),
  });
}
