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
import { type OutsideSend } from './outside-sends.js';
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
  /** Every send of the plan to an outside recipient and where it stands (domain/outside-sends.ts). */
  outsideSends: OutsideSend[];
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
      outsideSends: [],
    };
  }
  // A stream that does not start with AftercarePlanCreated is corrupt; folding further would invent a plan.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RelapsePreventionPlanRecorded':
      return { ...state, relapsePreventionPlan: event.data.relapsePreventionPlan };
    case 'StepDownLevelSet':
      // A new arrangement replaces the one still waiting: the earlier recipient is not sent a plan that changed.
      return {
        ...state,
        stepDown: event.data.stepDown,
        outsideSends: withdrawWaiting(state.outsideSends, 'superseded', event.data.setAt, (s) => s.kind === 'step-down'),
      };
    case 'RecoveryResidenceArranged':
      return {
        ...state,
        recoveryResidence: event.data.residence,
        outsideSends: withdrawWaiting(state.outsideSends, 'superseded', event.data.arrangedAt, (s) => s.kind === 'recovery-residence'),
      };
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
      const { reason, readmissionEpisodeId, endedOn, endedAt } = event.data;
      return {
        ...state,
        status: 'ended',
        ended: { reason, ...(readmissionEpisodeId ? { readmissionEpisodeId } : {}), endedOn },
        // Nothing more goes out for a plan that ended.
        outsideSends: withdrawWaiting(state.outsideSends, 'continuing-care-ended', endedAt, () => true),
      };
    }
    case 'SendAwaitingConsent': {
      const { planId: _planId, clientId: _clientId, ...waiting } = event.data;
      const send: OutsideSend = { ...waiting, status: 'awaiting-consent' };
      return { ...state, outsideSends: [...state.outsideSends.filter((s) => s.sendId !== send.sendId), send] };
    }
    case 'HeldSendWithdrawn': {
      const { sendId, reasonCode, withdrawnAt } = event.data;
      return { ...state, outsideSends: withdrawWaiting(state.outsideSends, reasonCode, withdrawnAt, (s) => s.sendId === sendId) };
    }
    case 'DisclosureRecorded': {
      const record = event.data;
      const consentId = record.basis.kind === 'consent' ? record.basis.consentId : undefined;
      const sent: OutsideSend = {
        sendId: record.disclosureId,
        kind: record.carriedBy.kind as OutsideSend['kind'],
        carrierId: record.carriedBy.id,
        recipient: { recipientId: record.recipient.recipientId, kind: record.recipient.kind },
        purpose: record.purpose,
        categories: [...record.categories],
        status: 'sent',
        sentAt: record.disclosedAt,
        ...(consentId === undefined ? {} : { consentId }),
      };
      return { ...state, outsideSends: [...state.outsideSends.filter((s) => s.sendId !== sent.sendId), sent] };
    }
  }
}

function withdrawWaiting(
  sends: OutsideSend[],
  reasonCode: string,
  withdrawnAt: string,
  which: (send: OutsideSend) => boolean,
): OutsideSend[] {
  return sends.map((send) => {
    if (send.status !== 'awaiting-consent' || !which(send)) return send;
    const { reasonCode: _code, citation: _citation, explanation: _explanation, since: _since, ...rest } = send;
    return { ...rest, status: 'withdrawn', reasonCode, withdrawnAt };
  });
}
