import { calendarDateOf } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { scoreBarc10, validateBarc10 } from './barc10.js';
import { addDays } from './calendar-days.js';
import { type MarkCheckInMissed, type RecordCheckIn } from './commands.js';
import {
  type AftercareEvent,
  type Barc10Result,
  CHECK_IN_OUTCOMES,
  type OutreachReason,
  type ReadmissionReason,
  type ScheduledCheckIn,
} from './events.js';
import { type CheckIn, type ExistingAftercarePlan, isUnreachableOutcome } from './plan.js';
import { type AftercareRules } from './rules.js';
import { type ValidationProblem, dateProblems, isOneOf, refuseInvalid } from './validation.js';

// Check-ins (docs/domain/aftercare.md#check-ins): each scheduled one is recorded, or after its grace days
// marked missed by the scheduler. A missed or unreachable check-in creates an outreach task;
// a run of them marks the client unreachable until the next check-in reaches them. A relapse,
// or a BARC-10 total that fell far enough since the last one, recommends readmission.

/** The last day a check-in due on `dueDate` may be recorded before it counts as missed. */
export const lastDayToRecord = (dueDate: string, rules: Pick<AftercareRules, 'graceDays'>) => addDays(dueDate, rules.graceDays);

/** The task a missed check-in creates: one per check-in, so a repeated command cannot create two. */
export const outreachTaskIdFor = (planId: string, dueDate: string) => `outreach-${planId}-${dueDate}`;

/**
 * The first day a check-in may take place: the discharge day for the first, the day after the
 * previous one was due for the others. Earlier, it would be the previous check-in.
 */
export function checkInOpensOn(plan: ExistingAftercarePlan, checkIn: ScheduledCheckIn): string {
  const previous = plan.checkIns.filter((candidate) => candidate.dueDate < checkIn.dueDate).at(-1);
  return previous ? addDays(previous.dueDate, 1) : plan.dischargeDate;
}

function scheduledCheckIn(plan: ExistingAftercarePlan, dueDate: string): CheckIn {
  const checkIn = plan.checkIns.find((candidate) => candidate.dueDate === dueDate);
  if (!checkIn) {
    throw new RuleBroken(
      `no check-in is due on ${dueDate}: this plan's check-ins are due on ${plan.checkIns.map((c) => c.dueDate).join(', ')}`,
      'unknown-check-in',
      { dueDates: plan.checkIns.map((c) => c.dueDate) },
    );
  }
  return checkIn;
}

export function recordCheckIn(command: RecordCheckIn, plan: ExistingAftercarePlan, now: Date, rules: AftercareRules): AftercareEvent[] {
  const { dueDate, outcome, barc10: answers } = command.data;
  const checkIn = scheduledCheckIn(plan, dueDate);
  if (checkIn.status === 'recorded') {
    throw new RuleBroken(
      `the check-in due on ${dueDate} was already recorded (${checkIn.outcome} on ${checkIn.date}): a recorded check-in is not changed`,
      'check-in-already-recorded',
    );
  }
  const today = calendarDateOf(now);
  const date = command.data.date ?? today;
  const problems: ValidationProblem[] = dateProblems(date, 'date', { notAfter: { date: today, what: 'today' } });
  const opensOn = checkInOpensOn(plan, checkIn);
  if (problems.length === 0 && date < opensOn) {
    const after = opensOn === plan.dischargeDate ? 'on the discharge day' : 'the day after the previous check-in was due';
    problems.push({
      field: 'date',
      message: `this check-in's window opens on ${opensOn}, ${after}: check the date, or record it as the earlier check-in`,
    });
  }
  if (!isOneOf(CHECK_IN_OUTCOMES, outcome)) problems.push({ field: 'outcome', message: `give one of ${CHECK_IN_OUTCOMES.join(', ')}` });
  const wasReached = !isUnreachableOutcome(outcome);
  if (!wasReached && checkIn.status === 'missed') {
    throw new RuleBroken(
      `the check-in due on ${dueDate} was already marked missed and an outreach task created: record it when the client is reached`,
      'check-in-already-missed',
    );
  }
  if (wasReached) problems.push(...validateBarc10(answers));
  else if (answers !== undefined)
    problems.push({ field: 'barc10', message: 'a client who could not be reached gave no BARC-10 answers: leave them out' });
  if (problems.length > 0) refuseInvalid('the check-in cannot be recorded', 'invalid-check-in', problems);

  const at = now.toISOString();
  const ids = { planId: plan.planId, clientId: plan.clientId };
  const barc10: Barc10Result | null = wasReached ? { answers: [...answers!], ...scoreBarc10(answers!, rules.barc10StrongFrom) } : null;
  const events: AftercareEvent[] = [
    { type: 'CheckInRecorded', data: { ...ids, dueDate, day: checkIn.day, date, outcome, barc10, recordedAt: at } },
  ];
  if (!wasReached) {
    events.push(...afterFailedContact(plan, dueDate, 'unreachable-at-check-in', plan.consecutiveMisses + 1, at, rules));
    return events;
  }
  const reasons = readmissionReasons(outcome, barc10!.total, plan.lastBarc10Total, rules);
  if (reasons.length > 0) {
    events.push({
      type: 'ReadmissionRecommended',
      data: { ...ids, siteId: plan.siteId, episodeId: plan.episodeId, checkInDueDate: dueDate, reasons, recommendedAt: at },
    });
  }
  return events;
}

function readmissionReasons(outcome: string, total: number, previousTotal: number | undefined, rules: AftercareRules): ReadmissionReason[] {
  const reasons: ReadmissionReason[] = [];
  if (outcome === 'relapse') reasons.push({ code: 'relapse' });
  if (previousTotal !== undefined && previousTotal - total >= rules.barcDropForReadmission) {
    reasons.push({ code: 'barc10-drop', previousTotal, total, drop: previousTotal - total });
  }
  return reasons;
}

export function markCheckInMissed(
  command: MarkCheckInMissed,
  plan: ExistingAftercarePlan,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  // After continuing care ended nobody follows up any more; the scheduler's late call is a no-op.
  if (plan.status === 'ended') return [];
  const { dueDate } = command.data;
  const checkIn = scheduledCheckIn(plan, dueDate);
  if (checkIn.status !== 'scheduled') return [];
  const lastDay = lastDayToRecord(dueDate, rules);
  if (calendarDateOf(now) <= lastDay) {
    throw new RuleBroken(
      `the check-in due on ${dueDate} may still be recorded until ${lastDay}: mark it missed from ${addDays(lastDay, 1)}`,
      'check-in-grace-not-over',
      { lastDayToRecord: lastDay },
    );
  }
  const at = now.toISOString();
  const consecutiveMisses = plan.consecutiveMisses + 1;
  return [
    {
      type: 'CheckInMissed',
      data: { planId: plan.planId, clientId: plan.clientId, dueDate, day: checkIn.day, consecutiveMisses, markedAt: at },
    },
    ...afterFailedContact(plan, dueDate, 'missed-check-in', consecutiveMisses, at, rules),
  ];
}

/** An outreach task for the check-in, and the unreachable mark when the run reaches the network's count. */
function afterFailedContact(
  plan: ExistingAftercarePlan,
  dueDate: string,
  reason: OutreachReason,
  consecutiveMisses: number,
  at: string,
  rules: AftercareRules,
): AftercareEvent[] {
  const ids = { planId: plan.planId, clientId: plan.clientId };
  const events: AftercareEvent[] = [
    { type: 'OutreachTaskCreated', data: { ...ids, taskId: outreachTaskIdFor(plan.planId, dueDate), dueDate, reason, createdAt: at } },
  ];
  if (!plan.isUnreachable && consecutiveMisses >= rules.missesForUnreachable) {
    events.push({ type: 'ClientMarkedUnreachable', data: { ...ids, consecutiveMisses, lastDueDate: dueDate, markedAt: at } });
  }
  return events;
}
