import {
  type CalendarDate,
  type DischargeDisposition,
  type EvidenceReference,
  type LateEntryReason,
  type LevelOfCare,
  type Population,
} from '@continuum/care-episode';
import {
  type AsamDimension,
  type DrugTestResult,
  type DualDiagnosisSpecialty,
  type GoalStatus,
  type InterventionKind,
  type PlanSigner,
  type ReferralUrgency,
  type ScreeningMeasure,
} from './codes.js';
import {
  type OrderMedication,
  type RecordExternalMedication,
  type RecordNaloxone,
  type RecordPdmpCheck,
  type StopMedication,
} from './commands.js';
import { type CareTeamMember } from './care-team.js';
import { type CorrectableKind } from './corrections.js';
import { type MedicationCode } from './medications.js';
import { type CollectorRole, type DrugTestStage, type Specimen } from './toxicology.js';
import { type UnderDosedFollowUpOutcome } from './under-dosed-follow-ups.js';

// What happened to a treatment plan, in the domain's words. Every event names its plan
// (`planId`) so that a projection reading many streams needs no lookup. Ids and codes only:
// clinicians' notes stay in documents the events refer to.

export const PLAN_STREAM_PREFIX = 'treatment-plan-';

export function planStream(planId: string): string {
  return `${PLAN_STREAM_PREFIX}${planId}`;
}

type PlanEventOf<Type extends string, Data> = { type: Type; data: { planId: string } & Data };

export type PlanDrafted = PlanEventOf<
  'PlanDrafted',
  {
    episodeId: string;
    clientId: string;
    siteId: string;
    level: LevelOfCare;
    population: Population;
    startDate: CalendarDate;
    clinicianId?: string;
    /**
     * The programme's planned end: given, or the start date plus the programme's configured
     * length (IOP 90 days by default; length-of-stay.ts). Absent when neither says.
     */
    plannedEndDate?: CalendarDate;
    draftedAt: string;
  }
>;

export type ProblemAdded = PlanEventOf<'ProblemAdded', { problemId: string; code: string; dimension?: AsamDimension }>;
export type GoalAdded = PlanEventOf<'GoalAdded', { goalId: string; problemId: string; code: string; targetDate: CalendarDate }>;
export type GoalStatusChanged = PlanEventOf<
  'GoalStatusChanged',
  { goalId: string; from: GoalStatus; to: GoalStatus; reasonCode?: string; changedOn: CalendarDate }
>;
export type ObjectiveAdded = PlanEventOf<
  'ObjectiveAdded',
  { objectiveId: string; goalId: string; code: string; targetDate?: CalendarDate }
>;
export type InterventionAdded = PlanEventOf<
  'InterventionAdded',
  { interventionId: string; problemId: string; kind: InterventionKind; frequencyPerWeek?: number }
>;

export type PlanSigned = PlanEventOf<'PlanSigned', { signer: PlanSigner; signedBy: string; signedOn: CalendarDate }>;
export type PlanActivated = PlanEventOf<'PlanActivated', { activatedOn: CalendarDate; nextReviewDue: CalendarDate }>;
export type PlanReviewed = PlanEventOf<
  'PlanReviewed',
  { reviewedBy: string; outcomeCode: string; reviewedOn: CalendarDate; nextReviewDue: CalendarDate }
>;
export type PlanRevised = PlanEventOf<'PlanRevised', { revisedBy: string; reasonCode: string; revisedOn: CalendarDate }>;
export type PlanReviewOverdue = PlanEventOf<'PlanReviewOverdue', { dueDate: CalendarDate; flaggedOn: CalendarDate }>;

/** `lateEntryReason` on a session, test or closing recorded after its day (fact-dates.ts in @continuum/care-episode). */
export type SessionAttended = PlanEventOf<
  'SessionAttended',
  { sessionId: string; date: CalendarDate; hours: number; kind?: string; lateEntryReason?: LateEntryReason }
>;
/** `hours`: the hours the missed session was scheduled for. */
export type SessionMissed = PlanEventOf<
  'SessionMissed',
  { sessionId: string; date: CalendarDate; hours: number; kind?: string; lateEntryReason?: LateEntryReason }
>;
/**
 * The week's verdict on hours; beside it, when the programme asks for individual sessions, how
 * many the client attended and the minimum (absent on weeks closed before it was counted).
 */
type WeekDose = {
  weekStart: CalendarDate;
  hours: number;
  minimum: number;
  level: LevelOfCare;
  individualSessions?: number;
  individualSessionsMinimum?: number;
};
export type WeekDoseMet = PlanEventOf<'WeekDoseMet', WeekDose>;
export type WeekUnderDosed = PlanEventOf<'WeekUnderDosed', WeekDose>;
/** An under-dosed week answered by a care-team member: what was done, by whom, on which day at the site (under-dosed-follow-ups.ts). */
export type UnderDosedWeekFollowedUp = PlanEventOf<
  'UnderDosedWeekFollowedUp',
  { weekStart: CalendarDate; outcome: UnderDosedFollowUpOutcome; followedUpBy: string; followedUpOn: CalendarDate }
>;

export type PlanLevelUpdated = PlanEventOf<'PlanLevelUpdated', { from: LevelOfCare; to: LevelOfCare; effectiveDate: CalendarDate }>;
export type PlanSiteUpdated = PlanEventOf<'PlanSiteUpdated', { fromSiteId: string; toSiteId: string; effectiveDate: CalendarDate }>;

/** The workflow's fields (specimen, panel, observed, collector, stage) are absent on tests recorded before they existed. */
export type DrugTestRecorded = PlanEventOf<
  'DrugTestRecorded',
  {
    testId: string;
    date: CalendarDate;
    result: DrugTestResult;
    substanceCodes: string[];
    lateEntryReason?: LateEntryReason;
    specimen?: Specimen;
    panel?: string[];
    observed?: boolean;
    collectedBy?: string;
    collectorRole?: CollectorRole;
    stage?: DrugTestStage;
  }
>;
/** The laboratory's result for a presumptive test: from now on the rules read this one. */
export type DrugTestConfirmed = PlanEventOf<
  'DrugTestConfirmed',
  { testId: string; result: DrugTestResult; substanceCodes: string[]; confirmedOn: CalendarDate }
>;
/** A correction: the entry it names stays in the stream, and the plan's rules no longer read it. */
export type EntryMarkedInError = PlanEventOf<
  'EntryMarkedInError',
  { kind: CorrectableKind; id: string; reasonCode: string; markedBy: string; markedOn: CalendarDate }
>;
export type MedicationOrdered = PlanEventOf<
  'MedicationOrdered',
  Omit<OrderMedication['data'], never> & { episodeId: string; clientId: string; rxnorm: string; orderedOn: CalendarDate }
>;
export type ExternalMedicationRecorded = PlanEventOf<
  'ExternalMedicationRecorded',
  RecordExternalMedication['data'] & { episodeId: string; clientId: string; rxnorm: string }
>;
export type MedicationStopped = PlanEventOf<
  'MedicationStopped',
  Omit<StopMedication['data'], 'source'> & { episodeId: string; clientId: string; code: MedicationCode }
>;
export type PdmpChecked = PlanEventOf<'PdmpChecked', RecordPdmpCheck['data']>;
export type NaloxoneRecorded = PlanEventOf<'NaloxoneRecorded', RecordNaloxone['data'] & { episodeId: string; clientId: string }>;
export type SelfReportRecorded = PlanEventOf<
  'SelfReportRecorded',
  { reportId: string; date: CalendarDate; used: boolean; lastUseDate?: CalendarDate; substanceCodes: string[] }
>;
/** Carries the episode and client so that the integration event needs nothing else (docs/architecture/integration-events.md#the-integration-event). */
export type RelapseRecorded = PlanEventOf<
  'RelapseRecorded',
  {
    episodeId: string;
    clientId: string;
    relapseId: string;
    date: CalendarDate;
    substanceCodes: string[];
    evidence: EvidenceReference[];
  }
>;
/** `relapseId`: set when the extension came with a relapse (RecordRelapse), so "extended after relapse" is counted. */
export type ProgrammeExtended = PlanEventOf<
  'ProgrammeExtended',
  { previousEndDate?: CalendarDate; newEndDate: CalendarDate; reasonCode: string; extendedOn: CalendarDate; relapseId?: string }
>;
/** One piece of use that counted towards a step-up recommendation. */
export type StepUpReason = { kind: 'positive-test' | 'relapse'; id: string; date: CalendarDate };
export type StepUpRecommended = PlanEventOf<
  'StepUpRecommended',
  { currentLevel: LevelOfCare; reasons: StepUpReason[]; windowDays: number; recommendedOn: CalendarDate }
>;

/**
 * A worsened screening during treatment (intake's ScreeningWorsened) asks for a plan review and
 * for a step-up to be considered, with the measure as evidence. Advice for the clinician, never
 * a level change: only the ledger's level-change route changes the level. A review or a revision
 * answers it.
 */
export type ReviewRecommended = PlanEventOf<
  'ReviewRecommended',
  ScreeningMeasure & {
    /** The screening, as the ledger cites evidence: `{ kind: 'screening', id }`. */
    evidence: EvidenceReference[];
    /** The level a step-up would start from. */
    currentLevel: LevelOfCare;
    /** Intake's instant the screening was recorded. */
    screenedAt: string;
    recommendedOn: CalendarDate;
  }
>;

export type AuthorizationExpiryReminded = PlanEventOf<
  'AuthorizationExpiryReminded',
  { authorizationRef: string; throughDate: CalendarDate; remindedOn: CalendarDate }
>;

/** Carries episode, client and site so that the integration event needs nothing else (docs/architecture/integration-events.md#the-integration-event). */
export type DualDiagnosisReferralRequested = PlanEventOf<
  'DualDiagnosisReferralRequested',
  {
    requestId: string;
    episodeId: string;
    clientId: string;
    siteId: string;
    specialty: DualDiagnosisSpecialty;
    urgency: ReferralUrgency;
    conditionCode: string;
    requestedAt: string;
  }
>;
/**
 * A completed dual-diagnosis referral's outcome as a new goal (status proposed, code
 * `integrated-care`). The goal serves the problem coded with the condition; `problemAdded`
 * says that problem was created by this event because the plan did not have it yet.
 */
export type IntegratedCareGoalAdded = PlanEventOf<
  'IntegratedCareGoalAdded',
  {
    referralId: string;
    goalId: string;
    problemId: string;
    problemAdded: boolean;
    conditionCode: string;
    conditionConfirmed: boolean;
    recommendationCodes: string[];
    targetDate: CalendarDate;
  }
>;

export type PlanClosed = PlanEventOf<
  'PlanClosed',
  { disposition: DischargeDisposition; date: CalendarDate; lateEntryReason?: LateEntryReason; closedAt: string }
>;

/** The care team as it now stands (care-team.ts); carries episode, client and site for the integration event. */
export type CareTeamChanged = PlanEventOf<
  'CareTeamChanged',
  { episodeId: string; clientId: string; siteId: string; members: CareTeamMember[]; changedAt: string }
>;

export type PlanEvent =
  | PlanDrafted
  | ProblemAdded
  | GoalAdded
  | GoalStatusChanged
  | ObjectiveAdded
  | InterventionAdded
  | PlanSigned
  | PlanActivated
  | PlanReviewed
  | PlanRevised
  | PlanReviewOverdue
  | SessionAttended
  | SessionMissed
  | WeekDoseMet
  | WeekUnderDosed
  | UnderDosedWeekFollowedUp
  | PlanLevelUpdated
  | PlanSiteUpdated
  | DrugTestRecorded
  | DrugTestConfirmed
  | EntryMarkedInError
  | MedicationOrdered
  | ExternalMedicationRecorded
  | MedicationStopped
  | PdmpChecked
  | NaloxoneRecorded
  | SelfReportRecorded
  | RelapseRecorded
  | ProgrammeExtended
  | StepUpRecommended
  | ReviewRecommended
  | AuthorizationExpiryReminded
  | DualDiagnosisReferralRequested
  | IntegratedCareGoalAdded
  | PlanClosed
  | CareTeamChanged;

export type PlanEventType = PlanEvent['type'];
