import { type CalendarDate, type DischargeDisposition, type LevelOfCare } from '@continuum/care-episode';
import { type Barc10Answers } from './barc10.js';
import { type CaseManagementNeed, type CaseManagementNeedState, type CaseManagementStatus } from './case-management.js';
import { type RelapsePreventionPlan } from './relapse-prevention.js';
import { type ContinuingTherapy, type PeerSupportAttendance, type PeerSupportLinkage, type RecoveryResidence, type StepDown } from './recovery-supports.js';

// One aftercare plan per discharged care episode, in the stream `aftercare-<planId>`.
// What happened (events), and what we know because of it (state).

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
export type ReadmissionReason =
  | { code: 'relapse' }
  | { code: 'barc10-drop'; previousTotal: number; total: number; drop: number };

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
export type RelapsePreventionPlanRecorded = PlanEvent<'RelapsePreventionPlanRecorded', { relapsePreventionPlan: RelapsePreventionPlan; recordedAt: string }>;
export type StepDownLevelSet = PlanEvent<'StepDownLevelSet', { stepDown: StepDown; setAt: string }>;
export type RecoveryResidenceArranged = PlanEvent<'RecoveryResidenceArranged', { residence: RecoveryResidence; arrangedAt: string }>;
export type PeerSupportLinked = PlanEvent<'PeerSupportLinked', { linkage: PeerSupportLinkage; linkedAt: string }>;
export type PeerSupportAttendanceRecorded = PlanEvent<'PeerSupportAttendanceRecorded', { linkageId: string; recordedAt: string } & PeerSupportAttendance>;
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
export type OutreachTaskCreated = PlanEvent<'OutreachTaskCreated', { taskId: string; dueDate: CalendarDate; reason: OutreachReason; createdAt: string }>;
export type ClientMarkedUnreachable = PlanEvent<'ClientMarkedUnreachable', { consecutiveMisses: number; lastDueDate: CalendarDate; markedAt: string }>;
export type ReadmissionRecommended = PlanEvent<
  'ReadmissionRecommended',
  { siteId: string; episodeId: string; checkInDueDate: CalendarDate; reasons: ReadmissionReason[]; recommendedAt: string }
>;
export type ContinuingCareEnded = PlanEvent<
  'ContinuingCareEnded',
  { reason: ContinuingCareEndReason; /** For `readmitted`: the new care episode. */ readmissionEpisodeId?: string; endedOn: CalendarDate; endedAt: string }
>;

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
  | ContinuingCareEnded;

export type AftercareEventType = AftercareEvent['type'];

export type CheckIn = ScheduledCheckIn &
  (
    | { status: 'scheduled' }
    | { status: 'missed'; consecutiveMisses: number }
    | {
        status: 'recorded';
        date: CalendarDate;
        outcome: CheckInOutcome;
        barc10: Barc10Result | null;
        /** Set when it was first marked missed and recorded later. */
        wasMarkedMissed: boolean;
      }
  );
export type CheckInStatus = CheckIn['status'];
export type RecordedCheckIn = Extract<CheckIn, { status: 'recorded' }>;

export type PeerSupport = PeerSupportLinkage & { attendance: PeerSupportAttendance[] };

export type AftercarePlanFacts = {
  planId: string;
  episodeId: string;
  clientId: string;
  siteId: string;
  dischargeLevel: LevelOfCare;
  disposition: DischargeDisposition;
  dischargeDate: CalendarDate;
  endsOn: CalendarDate;
  checkIns: CheckIn[];
  relapsePreventionPlan?: RelapsePreventionPlan;
  stepDown?: StepDown;
  recoveryResidence?: RecoveryResidence;
  peerSupport: PeerSupport[];
  continuingTherapies: ContinuingTherapy[];
  caseManagementNeeds: Partial<Record<CaseManagementNeed, CaseManagementNeedState>>;
  /** Missed (or unreachable) check-ins since the client was last reached. */
  consecutiveMisses: number;
  isUnreachable: boolean;
  /** The BARC-10 total of the check-in recorded last, which the next one is compared with. */
  lastBarc10Total?: number;
  readmissionRecommendations: Array<{ checkInDueDate: CalendarDate; reasons: ReadmissionReason[]; recommendedAt: string }>;
  ended?: { reason: ContinuingCareEndReason; readmissionEpisodeId?: string; endedOn: CalendarDate };
};

export type AftercarePlan = { status: 'none' } | ({ status: 'active' | 'ended' } & AftercarePlanFacts);
export type ExistingAftercarePlan = Exclude<AftercarePlan, { status: 'none' }>;

export const initialAftercarePlan: AftercarePlan = { status: 'none' };

export const isUnreachableOutcome = (outcome: CheckInOutcome) => outcome === 'unreachable';

export function evolve(state: AftercarePlan, event: AftercareEvent): AftercarePlan {
  if (event.type === 'AftercarePlanCreated') {
    const { planId, episodeId, clientId, siteId, dischargeLevel, disposition, dischargeDate, checkIns, endsOn } = event.data;
    return {
      status: 'active',
      planId,
      episodeId,
      clientId,
      siteId,
      dischargeLevel,
      disposition,
      dischargeDate,
      endsOn,
      checkIns: checkIns.map((checkIn) => ({ ...checkIn, status: 'scheduled' })),
      peerSupport: [],
      continuingTherapies: [],
      caseManagementNeeds: {},
      consecutiveMisses: 0,
      isUnreachable: false,
      readmissionRecommendations: [],
    };
  }
  // A stream that does not start with AftercarePlanCreated is corrupt; folding further would invent a plan.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RelapsePreventionPlanRecorded':
      return { ...state, relapsePreventionPlan: event.data.relapsePreventionPlan };
    case 'StepDownLevelSet':
      return { ...state, stepDown: event.data.stepDown };
    case 'RecoveryResidenceArranged':
      return { ...state, recoveryResidence: event.data.residence };
    case 'PeerSupportLinked':
      return { ...state, peerSupport: [...state.peerSupport, { ...event.data.linkage, attendance: [] }] };
    case 'PeerSupportAttendanceRecorded': {
      const { linkageId, meetingDate, attended } = event.data;
      return {
        ...state,
        peerSupport: state.peerSupport.map((linkage) =>
          linkage.linkageId === linkageId ? { ...linkage, attendance: [...linkage.attendance, { meetingDate, attended }] } : linkage,
        ),
      };
    }
    case 'ContinuingTherapyArranged':
      return { ...state, continuingTherapies: [...state.continuingTherapies.filter((t) => t.therapyId !== event.data.therapy.therapyId), event.data.therapy] };
    case 'CaseManagementNeedUpdated': {
      const { need, status, referenceId, updatedAt } = event.data;
      return { ...state, caseManagementNeeds: { ...state.caseManagementNeeds, [need]: { status, ...(referenceId ? { referenceId } : {}), updatedAt } } };
    }
    case 'CheckInRecorded': {
      const { dueDate, date, outcome, barc10 } = event.data;
      const wasReached = !isUnreachableOutcome(outcome);
      return {
        ...state,
        checkIns: state.checkIns.map((checkIn) =>
          checkIn.dueDate === dueDate
            ? { day: checkIn.day, dueDate, status: 'recorded', date, outcome, barc10, wasMarkedMissed: checkIn.status === 'missed' }
            : checkIn,
        ),
        consecutiveMisses: wasReached ? 0 : state.consecutiveMisses + 1,
        isUnreachable: wasReached ? false : state.isUnreachable,
        lastBarc10Total: barc10?.total ?? state.lastBarc10Total,
      };
    }
    case 'CheckInMissed': {
      const { dueDate, consecutiveMisses } = event.data;
      return {
        ...state,
        checkIns: state.checkIns.map((checkIn) =>
          checkIn.dueDate === dueDate ? { day: checkIn.day, dueDate, status: 'missed', consecutiveMisses } : checkIn,
        ),
        consecutiveMisses,
      };
    }
    case 'OutreachTaskCreated':
      return state;
    case 'ClientMarkedUnreachable':
      return { ...state, isUnreachable: true };
    case 'ReadmissionRecommended': {
      const { checkInDueDate, reasons, recommendedAt } = event.data;
      return { ...state, readmissionRecommendations: [...state.readmissionRecommendations, { checkInDueDate, reasons, recommendedAt }] };
    }
    case 'ContinuingCareEnded': {
      const { reason, readmissionEpisodeId, endedOn } = event.data;
      return { ...state, status: 'ended', ended: { reason, ...(readmissionEpisodeId ? { readmissionEpisodeId } : {}), endedOn } };
    }
  }
}
