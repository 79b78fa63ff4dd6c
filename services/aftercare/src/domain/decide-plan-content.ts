import { calendarDateOf, classifyChange, describeLevel, findLevel, levelOf } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { CASE_MANAGEMENT_NEEDS, CASE_MANAGEMENT_STATUSES } from './case-management.js';
import {
  type ArrangeContinuingTherapy,
  type ArrangeRecoveryResidence,
  type LinkPeerSupport,
  type RecordPeerSupportAttendance,
  type RecordRelapsePreventionPlan,
  type SetStepDownLevel,
  type UpdateCaseManagementNeed,
} from './commands.js';
import { outsideSendEvents } from './decide-outside-sends.js';
import { type AftercareEvent } from './events.js';
import { type ExistingAftercarePlan } from './plan.js';
import { validateRelapsePreventionPlan } from './relapse-prevention.js';
import { CONTINUING_THERAPY_KINDS, NARR_LEVELS, PEER_SUPPORT_PROGRAMMES, RECOVERY_RESIDENCE_KINDS } from './recovery-supports.js';
import { type AftercareRules } from './rules.js';
import { type ValidationProblem, dateProblems, isBlank, isOneOf, refuseInvalid } from './validation.js';

// The content of the aftercare plan, set and updated by staff while continuing care runs.
// Sending what the plan already says decides nothing, so a form saved twice adds no event.
// The step-down, the recovery residence and a peer-support linkage go to an outside recipient:
// each is recorded with its send, allowed or held, by the one consent rule (decide-outside-sends.ts).

const ids = (plan: ExistingAftercarePlan) => ({ planId: plan.planId, clientId: plan.clientId });
const sameContent = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function recordRelapsePreventionPlan(
  command: RecordRelapsePreventionPlan,
  plan: ExistingAftercarePlan,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  const relapsePreventionPlan = command.data;
  const problems = validateRelapsePreventionPlan(relapsePreventionPlan, rules.minimumSupportContacts);
  if (problems.length > 0) refuseInvalid('the relapse-prevention plan cannot be recorded', 'invalid-relapse-prevention-plan', problems);
  if (sameContent(plan.relapsePreventionPlan, relapsePreventionPlan)) return [];
  return [{ type: 'RelapsePreventionPlanRecorded', data: { ...ids(plan), relapsePreventionPlan, recordedAt: now.toISOString() } }];
}

export function setStepDownLevel(
  command: SetStepDownLevel,
  plan: ExistingAftercarePlan,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  const { level, providerId, startDate } = command.data;
  const problems: ValidationProblem[] = [];
  if (!level) problems.push({ field: 'level', message: 'give the step-down level with its ASAM edition, e.g. { code: "1", edition: 3 }' });
  if (isBlank(providerId)) problems.push({ field: 'providerId', message: 'give the programme or provider that continues the care' });
  problems.push(...dateProblems(startDate, 'startDate', { notBefore: { date: plan.dischargeDate, what: 'the discharge' } }));
  if (problems.length > 0) refuseInvalid('the step-down level cannot be set', 'invalid-step-down', problems);
  findLevel(level, rules.levels);
  if (classifyChange(plan.dischargeLevel, level, rules.levels) === 'step-up') {
    throw new RuleBroken(
      `${describeLevel(level, rules.levels)} is more intensive than the discharge level ${describeLevel(plan.dischargeLevel, rules.levels)}: a step-down continues at the same or a lower level; a client who needs more care is readmitted`,
      'step-down-above-discharge-level',
    );
  }
  const stepDown = { level: levelOf(level), providerId, startDate };
  if (sameContent(plan.stepDown, stepDown)) return [];
  const send = outsideSendEvents(
    plan,
    { kind: 'step-down', carrierId: plan.planId, recipientId: providerId, send: command.send },
    now,
    rules,
  );
  return [{ type: 'StepDownLevelSet', data: { ...ids(plan), stepDown, setAt: now.toISOString() } }, ...send];
}

export function arrangeRecoveryResidence(
  command: ArrangeRecoveryResidence,
  plan: ExistingAftercarePlan,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  const { kind, residenceId, narrLevel, moveInDate } = command.data;
  const problems: ValidationProblem[] = [];
  if (!isOneOf(RECOVERY_RESIDENCE_KINDS, kind))
    problems.push({ field: 'kind', message: `give one of ${RECOVERY_RESIDENCE_KINDS.join(', ')}` });
  if (isBlank(residenceId)) problems.push({ field: 'residenceId', message: "give the residence from the network's directory" });
  if (!isOneOf(NARR_LEVELS, narrLevel))
    problems.push({ field: 'narrLevel', message: `give the residence's NARR level: ${NARR_LEVELS.join(', ')}` });
  problems.push(...dateProblems(moveInDate, 'moveInDate'));
  if (problems.length > 0) refuseInvalid('the recovery residence cannot be arranged', 'invalid-recovery-residence', problems);
  const residence = { kind, residenceId, narrLevel, moveInDate };
  if (sameContent(plan.recoveryResidence, residence)) return [];
  const send = outsideSendEvents(
    plan,
    { kind: 'recovery-residence', carrierId: plan.planId, recipientId: residenceId, send: command.send },
    now,
    rules,
  );
  return [{ type: 'RecoveryResidenceArranged', data: { ...ids(plan), residence, arrangedAt: now.toISOString() } }, ...send];
}

export function linkPeerSupport(command: LinkPeerSupport, plan: ExistingAftercarePlan, now: Date, rules: AftercareRules): AftercareEvent[] {
  const { linkageId, programme, groupId, otherProgrammeCode, linkedOn } = command.data;
  const existing = plan.peerSupport.find((linkage) => linkage.linkageId === linkageId);
  if (existing) {
    const { attendance: _attendance, ...linkage } = existing;
    if (sameContent(linkage, command.data)) return [];
    throw new RuleBroken(
      `peer-support linkage ${linkageId} is already recorded: give a new linkage a new id`,
      'peer-support-linkage-exists',
    );
  }
  const problems: ValidationProblem[] = [];
  if (isBlank(linkageId)) problems.push({ field: 'linkageId', message: 'give the linkage an id' });
  if (!isOneOf(PEER_SUPPORT_PROGRAMMES, programme))
    problems.push({ field: 'programme', message: `give one of ${PEER_SUPPORT_PROGRAMMES.join(', ')}` });
  if (isBlank(groupId)) problems.push({ field: 'groupId', message: 'give the group or meeting the client was linked to' });
  if (programme === 'other' && isBlank(otherProgrammeCode))
    problems.push({ field: 'otherProgrammeCode', message: 'for another programme, give its code' });
  if (programme !== 'other' && otherProgrammeCode !== undefined)
    problems.push({ field: 'otherProgrammeCode', message: `leave it out for ${programme}` });
  problems.push(...dateProblems(linkedOn, 'linkedOn', { notAfter: { date: calendarDateOf(now), what: 'today' } }));
  if (problems.length > 0) refuseInvalid('the peer-support linkage cannot be recorded', 'invalid-peer-support-linkage', problems);
  const linkage = { linkageId, programme, groupId, ...(programme === 'other' ? { otherProgrammeCode } : {}), linkedOn };
  const send = outsideSendEvents(
    plan,
    { kind: 'peer-support', carrierId: linkageId, recipientId: groupId, send: command.send },
    now,
    rules,
  );
  return [{ type: 'PeerSupportLinked', data: { ...ids(plan), linkage, linkedAt: now.toISOString() } }, ...send];
}

export function recordPeerSupportAttendance(
  command: RecordPeerSupportAttendance,
  plan: ExistingAftercarePlan,
  now: Date,
): AftercareEvent[] {
  const { linkageId, meetingDate, attended } = command.data;
  const linkage = plan.peerSupport.find((candidate) => candidate.linkageId === linkageId);
  if (!linkage) {
    throw new RuleBroken(
      `there is no peer-support linkage ${linkageId} on this plan: link the client to the group first`,
      'unknown-peer-support-linkage',
    );
  }
  const problems = dateProblems(meetingDate, 'meetingDate', {
    notBefore: { date: linkage.linkedOn, what: 'the client was linked to the group' },
    notAfter: { date: calendarDateOf(now), what: 'today' },
  });
  if (typeof attended !== 'boolean') problems.push({ field: 'attended', message: 'say whether the client attended (true or false)' });
  if (problems.length > 0) refuseInvalid('the attendance cannot be recorded', 'invalid-peer-support-attendance', problems);
  const recorded = linkage.attendance.find((record) => record.meetingDate === meetingDate);
  if (recorded?.attended === attended) return [];
  if (recorded) {
    throw new RuleBroken(
      `attendance at the ${meetingDate} meeting is already recorded as ${recorded.attended ? 'attended' : 'not attended'}: records are not changed; check the meeting date`,
      'peer-support-attendance-recorded',
    );
  }
  return [
    { type: 'PeerSupportAttendanceRecorded', data: { ...ids(plan), linkageId, meetingDate, attended, recordedAt: now.toISOString() } },
  ];
}

export function arrangeContinuingTherapy(command: ArrangeContinuingTherapy, plan: ExistingAftercarePlan, now: Date): AftercareEvent[] {
  const { therapyId, kind, providerId, sessionsPerMonth, startDate } = command.data;
  const problems: ValidationProblem[] = [];
  if (isBlank(therapyId)) problems.push({ field: 'therapyId', message: 'give the therapy an id' });
  if (!isOneOf(CONTINUING_THERAPY_KINDS, kind))
    problems.push({ field: 'kind', message: `give one of ${CONTINUING_THERAPY_KINDS.join(', ')}` });
  if (isBlank(providerId)) problems.push({ field: 'providerId', message: "give the provider from the network's directory" });
  if (!Number.isInteger(sessionsPerMonth) || sessionsPerMonth < 1 || sessionsPerMonth > 31) {
    problems.push({ field: 'sessionsPerMonth', message: 'give the planned sessions a month, a whole number from 1 to 31' });
  }
  problems.push(...dateProblems(startDate, 'startDate', { notBefore: { date: plan.dischargeDate, what: 'the discharge' } }));
  if (problems.length > 0) refuseInvalid('the continuing therapy cannot be arranged', 'invalid-continuing-therapy', problems);
  const therapy = { therapyId, kind, providerId, sessionsPerMonth, startDate };
  if (
    sameContent(
      plan.continuingTherapies.find((t) => t.therapyId === therapyId),
      therapy,
    )
  )
    return [];
  return [{ type: 'ContinuingTherapyArranged', data: { ...ids(plan), therapy, arrangedAt: now.toISOString() } }];
}

export function updateCaseManagementNeed(command: UpdateCaseManagementNeed, plan: ExistingAftercarePlan, now: Date): AftercareEvent[] {
  const { need, status, referenceId } = command.data;
  const problems: ValidationProblem[] = [];
  if (!isOneOf(CASE_MANAGEMENT_NEEDS, need)) problems.push({ field: 'need', message: `give one of ${CASE_MANAGEMENT_NEEDS.join(', ')}` });
  if (!isOneOf(CASE_MANAGEMENT_STATUSES, status))
    problems.push({ field: 'status', message: `give one of ${CASE_MANAGEMENT_STATUSES.join(', ')}` });
  if (referenceId !== undefined && isBlank(referenceId))
    problems.push({ field: 'referenceId', message: "give the outside service's reference, or leave it out" });
  if (problems.length > 0) refuseInvalid('the case-management need cannot be updated', 'invalid-case-management-need', problems);
  const current = plan.caseManagementNeeds[need];
  if (current?.status === status && current.referenceId === referenceId) return [];
  return [
    {
      type: 'CaseManagementNeedUpdated',
      data: {
        ...ids(plan),
        need,
        status,
        ...(current ? { previousStatus: current.status } : {}),
        ...(referenceId ? { referenceId } : {}),
        updatedAt: now.toISOString(),
      },
    },
  ];
}
