import { type CalendarDate, isCalendarDate } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';

// What aftercare's validators answer with: every problem found, not only the first, so a
// form can be corrected in one round trip (the API lists them in its 422).

export type ValidationProblem = {
  /** Where the problem is, e.g. `barc10[3]` or `supportContacts`. */
  field: string;
  /** What is wrong and what a valid value looks like. */
  message: string;
};

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** Refuses a command naming every problem at once, with them in `details` for the API's problem list. */
export function refuseInvalid(what: string, code: string, problems: ValidationProblem[]): never {
  throw new RuleBroken(`${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, code, { problems });
}

/** A calendar date problem for `field`, or none; the bounds say which days it may not fall before or after. */
export function dateProblems(
  value: unknown,
  field: string,
  bounds: { notBefore?: { date: CalendarDate; what: string }; notAfter?: { date: CalendarDate; what: string } } = {},
): ValidationProblem[] {
  if (!isCalendarDate(value)) return [{ field, message: 'give a date written YYYY-MM-DD' }];
  if (bounds.notBefore && value < bounds.notBefore.date)
    return [{ field, message: `the date is before ${bounds.notBefore.what} (${bounds.notBefore.date}): check it` }];
  if (bounds.notAfter && value > bounds.notAfter.date)
    return [{ field, message: `the date is after ${bounds.notAfter.what} (${bounds.notAfter.date}): check it` }];
  return [];
}
