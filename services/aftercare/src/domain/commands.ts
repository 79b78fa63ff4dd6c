import { type CalendarDate, type DischargeDisposition, type LevelOfCare } from '@continuum/care-episode';
import { type Barc10Answers } from './barc10.js';
import { type CaseManagementNeed, type CaseManagementStatus } from './case-management.js';
import { type CheckInOutcome, type ContinuingCareEndReason } from './events.js';
import { type ConsentFile } from '@continuum/consent';
import { type OutsideSendContext } from './outside-sends.js';
import { type RelapsePreventionPlan } from './relapse-prevention.js';
import {
  type ContinuingTherapy,
  type PeerSupportAttendance,
  type PeerSupportLinkage,
  type RecoveryResidence,
  type StepDown,
} from './recovery-supports.js';

// What the aftercare service is asked to do: by treatment-plan's EpisodeDischarged (create),
// by staff (plan content, check-ins), and by the scheduler (missed check-ins, end of the
// year). Every command names the plan's stream by `planId`. Scores are never part of a
// command: the BARC-10 total is computed from the answers.

type PlanCommand<Type extends string, Data> = { type: Type; planId: string; data: Data };

/** From treatment-plan's EpisodeDischarged; `planId` is `aftercarePlanIdFor(episodeId)`. */
export type CreateAftercarePlan = PlanCommand<
  'CreateAftercarePlan',
  {
    episodeId: string;
    clientId: string;
    siteId: string;
    dischargeLevel: LevelOfCare;
    disposition: DischargeDisposition;
    dischargeDate: CalendarDate;
  }
>;
/** Sets the plan the first time and replaces it on every later update. */
export type RecordRelapsePreventionPlan = PlanCommand<'RecordRelapsePreventionPlan', RelapsePreventionPlan>;
/**
 * The three arrangements that send Part 2 information outside (domain/outside-sends.ts): each
 * carries the client's consent file as the application read it, so the rule decides here.
 */
export type SetStepDownLevel = PlanCommand<'SetStepDownLevel', StepDown> & { send: OutsideSendContext };
export type ArrangeRecoveryResidence = PlanCommand<'ArrangeRecoveryResidence', RecoveryResidence> & { send: OutsideSendContext };
export type LinkPeerSupport = PlanCommand<'LinkPeerSupport', PeerSupportLinkage> & { send: OutsideSendContext };
/**
 * A consent was copied: every send of the plan waiting for one is decided again under the
 * file as it now stands; the covered ones go out. Repeating it changes nothing.
 */
export type ReleaseHeldSends = PlanCommand<'ReleaseHeldSends', { file: ConsentFile }>;
export type RecordPeerSupportAttendance = PlanCommand<'RecordPeerSupportAttendance', { linkageId: string } & PeerSupportAttendance>;
/** Arranges a therapy, or updates the one with the same `therapyId`. */
export type ArrangeContinuingTherapy = PlanCommand<'ArrangeContinuingTherapy', ContinuingTherapy>;
export type UpdateCaseManagementNeed = PlanCommand<
  'UpdateCaseManagementNeed',
  { need: CaseManagementNeed; status: CaseManagementStatus; referenceId?: string }
>;
export type RecordCheckIn = PlanCommand<
  'RecordCheckIn',
  {
    /** Which scheduled check-in this is. */
    dueDate: CalendarDate;
    /** The day it took place; defaults to the day of `now`. */
    date?: CalendarDate;
    outcome: CheckInOutcome;
    /** The ten BARC-10 answers; left out when the client could not be reached. */
    barc10?: Barc10Answers;
  }
>;
/** From the scheduler, once the grace days after `dueDate` have passed; repeating it changes nothing. */
export type MarkCheckInMissed = PlanCommand<'MarkCheckInMissed', { dueDate: CalendarDate }>;
/**
 * From the scheduler at the end of the year (`year-completed`), from the reaction to a new
 * episode that follows this one (`readmitted`), or from staff when the client declines
 * further aftercare. Repeating it changes nothing.
 */
export type EndContinuingCare = PlanCommand<'EndContinuingCare', { reason: ContinuingCareEndReason; readmissionEpisodeId?: string }>;

export type AftercareCommand =
  | CreateAftercarePlan
  | RecordRelapsePreventionPlan
  | SetStepDownLevel
  | ArrangeRecoveryResidence
  | LinkPeerSupport
  | RecordPeerSupportAttendance
  | ArrangeContinuingTherapy
  | UpdateCaseManagementNeed
  | RecordCheckIn
  | MarkCheckInMissed
  | EndContinuingCare
  | ReleaseHeldSends;

export type AftercareCommandType = AftercareCommand['type'];
