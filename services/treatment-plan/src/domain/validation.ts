import { type CalendarDate, type FactDatePolicy, factDateProblems, isCalendarDate } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';

// Every problem with a command at once, so that a form is corrected in one round trip
// (RuleBroken → 422 naming each problem; nothing is written).

export type ValidationProblem = {
  /** Where the problem is, e.g. `targetDate` or `evidence[1].kind`. */
  field: string;
  /** What is wrong and what a valid value looks like. */
  message: string;
};

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** Throws when there are problems: `<what>: field: message; field: message`. */
export function refuseIfInvalid(what: string, code: string, problems: readonly ValidationProblem[]): void {
  if (problems.length === 0) return;
  throw new RuleBroken(`${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, code, { problems });
}

export function requireText(problems: ValidationProblem[], field: string, value: unknown, message: string): void {
  if (isBlank(value)) problems.push({ field, message });
}

export function requireOneOf(problems: ValidationProblem[], field: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value)) problems.push({ field, message: `use one of ${allowed.join(', ')}` });
}

/** A calendar date within bounds; a bound says why it exists, which becomes the message. */
export function requireDate(
  problems: ValidationProblem[],
  field: string,
  value: unknown,
  bounds: { notAfter?: { date: CalendarDate; message: string }; notBefore?: { date: CalendarDate; message: string } } = {},
): value is CalendarDate {
  if (!isCalendarDate(value)) {
    problems.push({ field, message: 'give a calendar date as YYYY-MM-DD' });
    return false;
  }
  if (bounds.notAfter && value > bounds.notAfter.date) {
    problems.push({ field, message: bounds.notAfter.message });
    return false;
  }
  if (bounds.notBefore && value < bounds.notBefore.date) {
    problems.push({ field, message: bounds.notBefore.message });
    return false;
  }
  return true;
}

/**
 * The date of something that happened (a session, a specimen's collection, a discharge) under
 * the network's rule for dating facts, which the care-episode ledger reads too: not after
 * today at the site; earlier only within the late-entry window and with a reason.
 */
export function requireFactDate(
  problems: ValidationProblem[],
  fact: { date: unknown; lateEntryReason?: string },
  context: { today: CalendarDate; rules: { factDates: FactDatePolicy }; field: string; what: string },
): fact is { date: CalendarDate; lateEntryReason?: string } {
  const found = factDateProblems(
    { ...fact, date: fact.date as CalendarDate },
    { today: context.today, policy: context.rules.factDates, field: context.field, what: context.what },
  );
  problems.push(...found);
  return found.length === 0;
}

/** A list of codes (substances, recommendations): every entry a non-blank string. */
export function requireCodes(problems: ValidationProblem[], field: string, value: unknown, options: { atLeastOne?: string } = {}): void {
  if (!Array.isArray(value) || value.some((code) => isBlank(code))) {
    problems.push({ field, message: 'give a list of codes (an empty list when there are none)' });
  } else if (options.atLeastOne && value.length === 0) {
    problems.push({ field, message: options.atLeastOne });
  }
}
