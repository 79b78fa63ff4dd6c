import { RuleBroken } from '@continuum/decider';
import { todayAtSite } from './calendar.js';
import { type MarkEnteredInError } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireOneOf, requireText } from './validation.js';

// Corrections (docs/domain/medication-and-toxicology.md#corrections): a drug test or a session
// recorded in error (the wrong client, a duplicate, a mistyped result) is marked so, with a
// reason. Nothing is deleted: the original event stays in the stream and the audit timeline
// shows both; the folded plan drops the entry, so the streak, the use episodes, the weekly
// dose and readiness all read the corrected facts. A week already closed keeps its verdict,
// as it does for a session recorded late.

export const CORRECTABLE_KINDS = ['drug-test', 'session'] as const;
export type CorrectableKind = (typeof CORRECTABLE_KINDS)[number];

export const ENTERED_IN_ERROR_REASONS = ['wrong-client', 'duplicate', 'wrong-result', 'wrong-date', 'specimen-invalid', 'other'] as const;

export function markEnteredInError(command: MarkEnteredInError, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { kind, id, reasonCode, markedBy } = command.data;
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'kind', kind, CORRECTABLE_KINDS);
  requireText(problems, 'id', id, 'give the id of the entry recorded in error');
  requireOneOf(problems, 'reasonCode', reasonCode, ENTERED_IN_ERROR_REASONS);
  requireText(problems, 'markedBy', markedBy, 'give who marks it');
  refuseIfInvalid('the entry cannot be marked entered-in-error', 'invalid-correction', problems);
  if (plan.enteredInError.some((entry) => entry.kind === kind && entry.id === id)) return [];
  const exists =
    kind === 'drug-test' ? plan.drugTests.some((test) => test.testId === id) : plan.sessions.some((session) => session.sessionId === id);
  if (!exists) {
    throw new RuleBroken(`the plan has no ${kind} ${id}: mark an entry the plan holds`, 'unknown-entry', { kind, id });
  }
  return [
    { type: 'EntryMarkedInError', data: { planId: plan.planId, kind, id, reasonCode, markedBy, markedOn: todayAtSite(plan, now, rules) } },
  ];
}
