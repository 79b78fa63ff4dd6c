import { type CalendarDate, type DischargeDisposition, type LevelOfCare } from '@continuum/care-episode';
import { type DisclosureRecordedData, type InformationCategory, type PurposeOfUse, type RecipientKind } from '@continuum/consent';
import { type Barc10Answers } from './barc10.js';
import { type CaseManagementNeed, type CaseManagementStatus } from './case-management.js';
import { type OutsideSendKind } from './outside-sends.js';
import { type RelapsePreventionPlan } from './relapse-prevention.js';
import {
  type ContinuingTherapy,
  type PeerSupportAttendance,
  type PeerSupportLinkage,
  type RecoveryResidence,
  type StepDown,
} from './recovery-supports.js';

// One aftercare plan per discharged care episode, in the stream `aftercare-<planId>`:
// what happened to it (what we know because of it is plan.ts).

/**
 * The plan's id is the discharged episode's id: one plan per discharge, so a redelivered
 * EpisodeDischarged names the plan it already created, and an auditor joins the care
 * episode and its aftercare on one id. The streams stay apart by prefix.
 */
export const aftercarePlanIdFor = (episodeId: string): string => episodeId;

/** Every aftercare plan's stream starts with it: the relay and the projections follow this prefix. */
export const AFTERCARE_STREAM_PREFIX = 'aftercare-';

export const aftercarePlanStream = (planId: string) => `${AFTERCARE_STREAM_PREFIX}${planId}`;

export const CHECK_IN_OUTCOMES = ['abstinent', 'lapse', 'relapse', 'unreachable'] as const;
export type CheckInOutcome = (typeof CHECK_IN_OUTCOMES)[number];

export const READMISSION_REASONS = ['relapse', 'barc10-drop'] as const;
export type ReadmissionReasonCode = (typeof READMISSION_REASONS)[number];
export type ReadmissionReason = { code: 'relapse' } | { code: 'barc10-drop'; previousTotal: number; total: number; drop: number };

export const CONTINUING_CARE_END_REASONS = ['year-completed', 'readmitted', 'client-declined'] as const;
export type ContinuingCareEndReason = (typeof CONTINUING_CARE_END_REASONS)[number];

export const OUTREACH_REASONS = ['missed-check-in', 'unreachable-at-check-in'] as const;
export type OutreachReason = (typeof OUTREACH_REASONS)[number];

/** A check-in on the plan's schedule: `day` after discharge, due on `dueDate`. */
export type ScheduledCheckIn = { day: number; dueDate: CalendarDate };

export type Barc10Result = { answers: Barc10Answers; total: number; isStrongRecoveryCapital: boolean };

type PlanEvent<Type extends string, Data> = { type: Type; data: { planId: string; clientId: string } & Data };

export type AftercarePlanCreated = PlanEvent<
  'AftercarePlanCreated',
  {
    episodeId: string;
    siteId: string;
    dischargeLevel: LevelOfCare;
    disposition: DischargeDisposition;
    dischargeDate: CalendarDate;
    checkIns: ScheduledCheckIn[];
    /** The last day of continuing care: discharge plus the schedule's `untilDays`. */
    endsOn: CalendarDate;
    createdAt: string;
  }
>;
export type RelapsePreventionPlanRecorded = PlanEvent<
  'RelapsePreventionPlanRecorded',
  { relapsePreventionPlan: RelapsePreventionPlan; recordedAt: string }
>;
export type StepDownLevelSet = PlanEvent<'StepDownLevelSet', { stepDown: StepDown; setAt: string }>;
export type RecoveryResidenceArranged = PlanEvent<'RecoveryResidenceArranged', { residence: RecoveryResidence; arrangedAt: string }>;
export type PeerSupportLinked = PlanEvent<'PeerSupportLinked', { linkage: PeerSupportLinkage; linkedAt: string }>;
export type PeerSupportAttendanceRecorded = PlanEvent<
  'PeerSupportAttendanceRecorded',
  { linkageId: string; recordedAt: string } & PeerSupportAttendance
>;
export type ContinuingTherapyArranged = PlanEvent<'ContinuingTherapyArranged', { therapy: ContinuingTherapy; arrangedAt: string }>;
export type CaseManagementNeedUpdated = PlanEvent<
  'CaseManagementNeedUpdated',
  { need: CaseManagementNeed; status: CaseManagementStatus; previousStatus?: CaseManagementStatus; referenceId?: string; updatedAt: string }
>;
export type CheckInRecorded = PlanEvent<
  'CheckInRecorded',
  {
    dueDate: CalendarDate;
    day: number;
    /** The day the check-in took place. */
    date: CalendarDate;
    outcome: CheckInOutcome;
    /** Null when the client could not be reached. */
    barc10: Barc10Result | null;
    recordedAt: string;
  }
>;
export type CheckInMissed = PlanEvent<'CheckInMissed', { dueDate: CalendarDate; day: number; consecutiveMisses: number; markedAt: string }>;
export type OutreachTaskCreated = PlanEvent<
  'OutreachTaskCreated',
  { taskId: string; dueDate: CalendarDate; reason: OutreachReason; createdAt: string }
>;
export type ClientMarkedUnreachable = PlanEvent<
  'ClientMarkedUnreachable',
  { consecutiveMisses: number; lastDueDate: CalendarDate; markedAt: string }
>;
export type ReadmissionRecommended = PlanEvent<
  'ReadmissionRecommended',
  { siteId: string; episodeId: string; checkInDueDate: CalendarDate; reasons: ReadmissionReason[]; recommendedAt: string }
>;
export type ContinuingCareEnded = PlanEvent<
  'ContinuingCareEnded',
  {
    reason: ContinuingCareEndReason;
    /** For `readmitted`: the new care episode. */ readmissionEpisodeId?: string;
    endedOn: CalendarDate;
    endedAt: string;
  }
>;

/**
 * A send to an outside recipient waits for the client's consent (the one consent rule held it):
 * the main reason with its section, and all the reasons explained. It goes out, with its
 * DisclosureRecorded, when a consent that covers it is copied.
 */
export type SendAwaitingConsent = PlanEvent<
  'SendAwaitingConsent',
  {
    sendId: string;
    kind: OutsideSendKind;
    carrierId: string;
    recipient: { recipientId: string; kind: RecipientKind };
    purpose: PurposeOfUse;
    categories: InformationCategory[];
    reasonCode: string;
    citation: string;
    explanation: string;
    since: string;
  }
>;
/** A held send that will not go: a restriction agreed since refuses it (42 CFR 2.26), so a consent would not release it. */
export type HeldSendWithdrawn = PlanEvent<
  'HeldSendWithdrawn',
  { sendId: string; reasonCode: string; citation: string; explanation: string; withdrawnAt: string }
>;
/**
 * A send the one consent rule allowed, as every discloser records it (@continuum/consent's
 * `disclosureRecorded`; the accounting of disclosures, 42 CFR 2.25, reads it). `carriedBy.id`
 * is the plan (step-down, recovery residence) or the peer-support linkage; `disclosureId` is the
 * send's id. Its basis may hold free text only for a medical emergency, which aftercare does not record.
 */
export type DisclosureRecorded = { type: 'DisclosureRecorded'; data: DisclosureRecordedData };

export type AftercareEvent =
  | AftercarePlanCreated
  | RelapsePreventionPlanRecorded
  | StepDownLevelSet
  | RecoveryResidenceArranged
  | PeerSupportLinked
  | PeerSupportAttendanceRecorded
  | ContinuingTherapyArranged
  | CaseManagementNeedUpdated
  | CheckInRecorded
  | CheckInMissed
  | OutreachTaskCreated
  | ClientMarkedUnreachable
  | ReadmissionRecommended
  | ContinuingCareEnded
  | SendAwaitingConsent
  | HeldSendWithdrawn
  | DisclosureRecorded;

export type AftercareEventType = AftercareEvent['type'];
