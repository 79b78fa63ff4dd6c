import { RuleBroken } from '@continuum/decider';
import { type IntakeClient } from './client.js';
import { type MarkScreeningEnteredInError } from './commands.js';
import { type IntakeEvent } from './events.js';
import { type ValidationProblem, isBlank } from './validation.js';

// A screening recorded in error (the wrong client's answers, a duplicate, answers mistyped) is
// marked so with a reason. Nothing is deleted: the ScreeningRecorded event stays in the stream
// and the audit history shows both; the folded client drops it, so the latest screenings, the
// trend, the C-SSRS gate and the next worsening compare against the corrected list. What the
// screening already set off stays: a safety hold ends only with a safety plan, however the
// screen that placed it is corrected, and a co-occurring condition already published stays with
// its referral (docs/domain/medication-and-toxicology.md#corrections).

export const SCREENING_ERROR_REASONS = ['wrong-client', 'duplicate', 'wrong-answers', 'wrong-date', 'other'] as const;

export function markScreeningEnteredInError(command: MarkScreeningEnteredInError, state: IntakeClient, now: Date): IntakeEvent[] {
  const { screeningId, reasonCode, markedBy } = command.data;
  const problems: ValidationProblem[] = [];
  if (isBlank(screeningId)) problems.push({ field: 'screeningId', message: 'give the id of the screening recorded in error' });
  if (!(SCREENING_ERROR_REASONS as readonly unknown[]).includes(reasonCode)) {
    problems.push({ field: 'reasonCode', message: `use one of ${SCREENING_ERROR_REASONS.join(', ')}` });
  }
  if (isBlank(markedBy)) problems.push({ field: 'markedBy', message: 'give who marks it' });
  if (problems.length > 0) {
    throw new RuleBroken(
      `the screening cannot be marked entered-in-error: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      'invalid-correction',
      { problems },
    );
  }
  if ((state.screeningsEnteredInError ?? []).some((marked) => marked.screeningId === screeningId)) return [];
  if (!state.screenings.some((screening) => screening.screeningId === screeningId)) {
    throw new RuleBroken(`the client has no screening ${screeningId} in this intake: mark one the record lists`, 'unknown-screening', {
      screeningId,
    });
  }
  return [
    {
      type: 'ScreeningMarkedInError',
      data: { clientId: command.clientId, screeningId, reasonCode, markedBy, markedAt: now.toISOString() },
    },
  ];
}
