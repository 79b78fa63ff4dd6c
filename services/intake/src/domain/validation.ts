import { RuleBroken } from '@continuum/decider';

// What every validator in intake answers with: each problem it found, not only the first,
// so that a form can be corrected in one round trip (the API answers 422/400 listing them).

export type ValidationProblem = {
  /** Where the problem is, e.g. `items[8]` or `person.dateOfBirth`. */
  field: string;
  /** What is wrong and what a valid value looks like. */
  message: string;
};

/** Refuses a command with every problem found (422, each problem a field of the answer's `errors`). */
export function refuseInvalid(what: string, code: string, problems: ValidationProblem[]): never {
  throw new RuleBroken(`${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, code, { problems });
}

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** The start (00:00 UTC) of a YYYY-MM-DD date, as milliseconds. */
export function startOfDate(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00.000Z`);
}
