import { DISCHARGE_DISPOSITIONS, calendarDateOf, findLevel, levelOf } from '@continuum/care-episode';
import { type Decider, RuleBroken } from '@continuum/decider';
import { addDays } from './calendar-days.js';
import { type AftercareCommand, type CreateAftercarePlan, type EndContinuingCare } from './commands.js';
import { markCheckInMissed, recordCheckIn } from './decide-check-ins.js';
import { releaseHeldSends } from './decide-outside-sends.js';
import {
  arrangeContinuingTherapy,
  arrangeRecoveryResidence,
  linkPeerSupport,
  recordPeerSupportAttendance,
  recordRelapsePreventionPlan,
  setStepDownLevel,
  updateCaseManagementNeed,
} from './decide-plan-content.js';
import { type AftercareEvent, CONTINUING_CARE_END_REASONS, aftercarePlanIdFor } from './events.js';
import { type AftercarePlan, type ExistingAftercarePlan, evolve, initialAftercarePlan } from './plan.js';
import { type AftercareRules, DEFAULT_AFTERCARE_RULES } from './rules.js';
import { type ValidationProblem, dateProblems, isBlank, isOneOf, refuseInvalid } from './validation.js';

// The only place aftercare's rules live. Pure: the clock is `now`, the rules are data, and
// every refusal is a RuleBroken whose message says what to do next (the API answers 422).
// Commands from the scheduler and from redelivered integration events decide nothing when
// they repeat what already happened, so they can be sent again safely.

export function decide(
  command: AftercareCommand,
  state: AftercarePlan,
  now: Date,
  rules: AftercareRules = DEFAULT_AFTERCARE_RULES,
): AftercareEvent[] {
  if (command.type === 'CreateAftercarePlan') return createAftercarePlan(command, state, now, rules);
  const plan = requirePlan(command, state);
  switch (command.type) {
    case 'MarkCheckInMissed':
      return markCheckInMissed(command, plan, now, rules);
    case 'EndContinuingCare':
      return endContinuingCare(command, plan, now);
    case 'ReleaseHeldSends':
      // A plan that ended has withdrawn its waiting sends: nothing to release.
      return releaseHeldSends(command, plan, now, rules);
  }
  requireActive(plan);
  switch (command.type) {
    case 'RecordRelapsePreventionPlan':
      return recordRelapsePreventionPlan(command, plan, now, rules);
    case 'SetStepDownLevel':
      return setStepDownLevel(command, plan, now, rules);
    case 'ArrangeRecoveryResidence':
      return arrangeRecoveryResidence(command, plan, now, rules);
    case 'LinkPeerSupport':
      return linkPeerSupport(command, plan, now, rules);
    case 'RecordPeerSupportAttendance':
      return recordPeerSupportAttendance(command, plan, now);
    case 'ArrangeContinuingTherapy':
      return arrangeContinuingTherapy(command, plan, now);
    case 'UpdateCaseManagementNeed':
      return updateCaseManagementNeed(command, plan, now);
    case 'RecordCheckIn':
      return recordCheckIn(command, plan, now, rules);
  }
}

/** The aftercare decider, with a network's or site's rules (defaults otherwise). */
export function aftercareDecider(
  rules: AftercareRules = DEFAULT_AFTERCARE_RULES,
): Decider<AftercareCommand, AftercareEvent, AftercarePlan> {
  return { decide: (command, state, now) => decide(command, state, now, rules), evolve, initialState: initialAftercarePlan };
}

function requirePlan(command: AftercareCommand, state: AftercarePlan): ExistingAftercarePlan {
  if (state.status === 'none') {
    throw new RuleBroken(
      `there is no aftercare plan ${command.planId}: a plan is created when treatment-plan discharges the care episode; check the plan id`,
      'no-aftercare-plan',
    );
  }
  if (command.planId !== state.planId) {
    throw new RuleBroken(
      `this stream holds aftercare plan ${state.planId}, not ${command.planId}: send the command to the plan's own stream`,
      'wrong-plan',
    );
  }
  return state;
}

function requireActive(plan: ExistingAftercarePlan): void {
  if (plan.status === 'ended') {
    throw new RuleBroken(
      `continuing care for this plan ended on ${plan.ended?.endedOn} (${plan.ended?.reason}): nothing more is recorded on it; a readmitted client gets a new plan at the next discharge`,
      'continuing-care-ended',
    );
  }
}

function createAftercarePlan(command: CreateAftercarePlan, state: AftercarePlan, now: Date, rules: AftercareRules): AftercareEvent[] {
  const { episodeId, clientId, siteId, dischargeLevel, disposition, dischargeDate } = command.data;
  if (state.status !== 'none') {
    // A redelivered EpisodeDischarged: the plan exists already.
    if (state.episodeId === episodeId) return [];
    throw new RuleBroken(
      `this stream holds the aftercare plan of episode ${state.episodeId}, not ${episodeId}: use aftercarePlanIdFor(episodeId)`,
      'wrong-plan',
    );
  }
  const problems: ValidationProblem[] = [];
  if (isBlank(episodeId)) problems.push({ field: 'episodeId', message: 'give the discharged care episode' });
  else if (command.planId !== aftercarePlanIdFor(episodeId)) {
    problems.push({ field: 'planId', message: 'the plan id is derived from the episode: use aftercarePlanIdFor(episodeId)' });
  }
  if (isBlank(clientId)) problems.push({ field: 'clientId', message: 'give the discharged client' });
  if (isBlank(siteId)) problems.push({ field: 'siteId', message: 'give the site that discharged the client' });
  if (!dischargeLevel) problems.push({ field: 'dischargeLevel', message: 'give the level of care at discharge with its ASAM edition' });
  if (!isOneOf(DISCHARGE_DISPOSITIONS, disposition))
    problems.push({ field: 'disposition', message: `give one of ${DISCHARGE_DISPOSITIONS.join(', ')}` });
  problems.push(...dateProblems(dischargeDate, 'dischargeDate'));
  if (problems.length > 0) refuseInvalid('the aftercare plan cannot be created', 'invalid-aftercare-plan', problems);
  findLevel(dischargeLevel, rules.levels);

  return [
    {
      type: 'AftercarePlanCreated',
      data: {
        planId: command.planId,
        clientId,
        episodeId,
        siteId,
        dischargeLevel: levelOf(dischargeLevel),
        disposition,
        dischargeDate,
        checkIns: rules.checkInDays.map((day) => ({ day, dueDate: addDays(dischargeDate, day) })),
        endsOn: addDays(dischargeDate, rules.schedule.untilDays),
        createdAt: now.toISOString(),
      },
    },
  ];
}

function endContinuingCare(command: EndContinuingCare, plan: ExistingAftercarePlan, now: Date): AftercareEvent[] {
  if (plan.status === 'ended') return [];
  const { reason, readmissionEpisodeId } = command.data;
  const problems: ValidationProblem[] = [];
  if (!isOneOf(CONTINUING_CARE_END_REASONS, reason))
    problems.push({ field: 'reason', message: `give one of ${CONTINUING_CARE_END_REASONS.join(', ')}` });
  if (reason === 'readmitted' && (isBlank(readmissionEpisodeId) || readmissionEpisodeId === plan.episodeId)) {
    problems.push({
      field: 'readmissionEpisodeId',
      message: 'a readmission opened a new care episode: give its id (not the discharged one)',
    });
  }
  if (problems.length > 0) refuseInvalid('continuing care cannot be ended', 'invalid-end-of-continuing-care', problems);

  const today = calendarDateOf(now);
  if (reason === 'year-completed' && today < plan.endsOn) {
    throw new RuleBroken(
      `continuing care runs until ${plan.endsOn}: end it for year-completed on or after that day, or give the reason it ends early`,
      'continuing-care-not-over',
      { endsOn: plan.endsOn },
    );
  }
  return [
    {
      type: 'ContinuingCareEnded',
      data: {
        planId: plan.planId,
        clientId: plan.clientId,
        reason,
        ...(reason === 'readmitted' ? { readmissionEpisodeId } : {}),
        // The year ends on its last day, even when the scheduler gets to it later.
        endedOn: reason === 'year-completed' ? plan.endsOn : today,
        endedAt: now.toISOString(),
      },
    },
  ];
}
