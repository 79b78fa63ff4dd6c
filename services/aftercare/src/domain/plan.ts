import { type CalendarDate, type DischargeDisposition, type LevelOfCare } from '@continuum/care-episode';
import { type CaseManagementNeed, type CaseManagementNeedState } from './case-management.js';
import {
  type AftercareEvent,
  type Barc10Result,
  type CheckInOutcome,
  type ContinuingCareEndReason,
  type ReadmissionReason,
  type ScheduledCheckIn,
} from './events.js';
import { type RelapsePreventionPlan } from './relapse-prevention.js';
import {
  type ContinuingTherapy,
  type PeerSupportAttendance,
  type PeerSupportLinkage,
  type RecoveryResidence,
  type StepDown,
} from './recovery-supports.js';

// One aftercare plan per discharged care episode, in the stream `aftercare-<planId>`:
// what we know because of what happened (events.ts).

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
      return {
        ...state,
        continuingTherapies: [...state.continuingTherapies.filter((t) => t.therapyId !== event.data.therapy.therapyId), event.data.therapy],
      };
    case 'CaseManagementNeedUpdated': {
      const { need, status, referenceId, updatedAt } = event.data;
      return {
        ...state,
        caseManagementNeeds: { ...state.caseManagementNeeds, [need]: { status, ...(referenceId ? { referenceId } : {}), updatedAt } },
      };
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
