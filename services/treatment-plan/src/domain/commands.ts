import {
  type CalendarDate,
  type DischargeDisposition,
  type EvidenceReference,
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
import { type CareTeamMember } from './care-team.js';
import { type CorrectableKind } from './corrections.js';
import {
  type DOSE_UNITS,
  type EXTERNAL_SOURCES,
  type FREQUENCIES,
  type MedicationCode,
  type NALOXONE_ACTIONS,
  type PDMP_RESULTS,
  type ROUTES,
  type STOP_REASONS,
  type VERIFICATIONS,
} from './medications.js';
import { type CollectorRole, type DrugTestStage, type Specimen } from './toxicology.js';

// What clinicians, the ledger's writer and the scheduler ask of a plan. The stream names the
// plan, so commands after CreatePlan carry no planId. Dates are calendar days; where a
// command leaves one out, the rules use the day of `now`.

type CommandOf<Type extends string, Data> = { type: Type; data: Data };

export type CreatePlan = CommandOf<
  'CreatePlan',
  {
    planId: string;
    episodeId: string;
    clientId: string;
    siteId: string;
    level: LevelOfCare;
    population: Population;
    startDate: CalendarDate;
    clinicianId?: string;
    /** The ledger's programme (`<siteId>/<edition>-<code>/<track>`): its configured length sets the planned end. */
    programmeId?: string;
    /** Given, it wins over the programme's configured length. */
    plannedEndDate?: CalendarDate;
  }
>;

export type AddProblem = CommandOf<'AddProblem', { problemId: string; code: string; dimension?: AsamDimension }>;
export type AddGoal = CommandOf<'AddGoal', { goalId: string; problemId: string; code: string; targetDate: CalendarDate }>;
export type ChangeGoalStatus = CommandOf<'ChangeGoalStatus', { goalId: string; status: GoalStatus; reasonCode?: string }>;
export type AddObjective = CommandOf<'AddObjective', { objectiveId: string; goalId: string; code: string; targetDate?: CalendarDate }>;
export type AddIntervention = CommandOf<
  'AddIntervention',
  { interventionId: string; problemId: string; kind: InterventionKind; frequencyPerWeek?: number }
>;

/** `signedBy` is the user who signs, or who records the client's signature on the form: the event names the client by the plan's client id. */
export type SignPlan = CommandOf<'SignPlan', { signer: PlanSigner; signedBy: string }>;
export type ReviewPlan = CommandOf<'ReviewPlan', { reviewedBy: string; outcomeCode: string; reviewedOn?: CalendarDate }>;
/** A revision outside the review cycle, e.g. after a relapse; clears `revision-required`. */
export type RevisePlan = CommandOf<'RevisePlan', { revisedBy: string; reasonCode: string }>;
/** From the scheduler: `dueDate` is the review due date it saw on the plan. */
export type FlagOverdueReview = CommandOf<'FlagOverdueReview', { dueDate: CalendarDate }>;

/** `lateEntryReason`: why a session is recorded after its day (fact-dates.ts in @continuum/care-episode). */
export type RecordSession = CommandOf<
  'RecordSession',
  { sessionId: string; date: CalendarDate; hours: number; attended: boolean; kind?: string; lateEntryReason?: string }
>;
/** From the scheduler, once the week (Monday to Sunday) is over. */
export type CloseWeek = CommandOf<'CloseWeek', { weekStart: CalendarDate }>;
/** A care-team member answers an under-dosed week (under-dosed-follow-ups.ts); `outcome` is one of UNDER_DOSED_FOLLOW_UP_OUTCOMES. */
export type FollowUpUnderDosedWeek = CommandOf<
  'FollowUpUnderDosedWeek',
  { weekStart: CalendarDate; outcome: string; followedUpBy: string }
>;

/** Issued by the service when the care-episode ledger records a level change. */
export type RecordLevelChange = CommandOf<'RecordLevelChange', { to: LevelOfCare; effectiveDate: CalendarDate }>;
/** Issued by the service when the care-episode ledger records a site transfer. */
export type RecordSiteTransfer = CommandOf<'RecordSiteTransfer', { toSiteId: string; effectiveDate: CalendarDate }>;

/**
 * `date`: the specimen's collection day; `lateEntryReason` when recorded after it.
 * `substanceCodes`: the analytes found (toxicology.ts); `panel`: the analytes tested for.
 * `stage`: presumptive (point of care) unless the result is the laboratory's.
 */
export type RecordDrugTest = CommandOf<
  'RecordDrugTest',
  {
    testId: string;
    date: CalendarDate;
    result: DrugTestResult;
    substanceCodes: string[];
    lateEntryReason?: string;
    specimen?: Specimen;
    panel?: string[];
    observed?: boolean;
    collectedBy?: string;
    collectorRole?: CollectorRole;
    stage?: DrugTestStage;
  }
>;
/** The laboratory's confirmation of a presumptive test: it supersedes the presumptive result. */
export type ConfirmDrugTest = CommandOf<'ConfirmDrugTest', { testId: string; result: DrugTestResult; substanceCodes: string[] }>;
/** A test or a session recorded in error: the original stays in the history, the rules stop reading it. */
export type MarkEnteredInError = CommandOf<
  'MarkEnteredInError',
  { kind: CorrectableKind; id: string; reasonCode: string; markedBy: string }
>;

export type OrderMedication = CommandOf<
  'OrderMedication',
  {
    medicationId: string;
    code: MedicationCode;
    doseAmount: number;
    doseUnit: (typeof DOSE_UNITS)[number];
    route: (typeof ROUTES)[number];
    frequency: (typeof FREQUENCIES)[number];
    startDate: CalendarDate;
    orderedBy: string;
  }
>;
export type RecordExternalMedication = CommandOf<
  'RecordExternalMedication',
  {
    medicationId: string;
    code: MedicationCode;
    source: (typeof EXTERNAL_SOURCES)[number];
    /** The programme's or prescriber's id (e.g. an NPI or the programme's code), never a name. */
    prescriberId: string;
    since: CalendarDate;
    verification: (typeof VERIFICATIONS)[number];
    recordedBy: string;
  }
>;
/** `source`: which list the route names (a prescriber stops an order; an external record is stopped by who records those). */
export type StopMedication = CommandOf<
  'StopMedication',
  { medicationId: string; source: 'ordered' | 'external'; stopDate: CalendarDate; reasonCode: (typeof STOP_REASONS)[number] }
>;
export type RecordPdmpCheck = CommandOf<
  'RecordPdmpCheck',
  { checkId: string; date: CalendarDate; result: (typeof PDMP_RESULTS)[number]; checkedBy: string }
>;
export type RecordNaloxone = CommandOf<
  'RecordNaloxone',
  { naloxoneId: string; date: CalendarDate; action: (typeof NALOXONE_ACTIONS)[number]; recordedBy: string }
>;
export type RecordSelfReport = CommandOf<
  'RecordSelfReport',
  { reportId: string; date: CalendarDate; used: boolean; lastUseDate?: CalendarDate; substanceCodes: string[] }
>;

export type ProgrammeExtension = { newEndDate: CalendarDate; reasonCode: string };
export type RecordRelapse = CommandOf<
  'RecordRelapse',
  {
    relapseId: string;
    date: CalendarDate;
    substanceCodes: string[];
    evidence: EvidenceReference[];
    /** Lengthen the programme in the same act, as a relapse may (docs/domain/treatment-plan.md#relapse). */
    extendProgramme?: ProgrammeExtension;
  }
>;
export type ExtendProgramme = CommandOf<'ExtendProgramme', ProgrammeExtension>;

/** From the scheduler, for an authorisation on the episode's ledger (`payerReference` as the ref). */
export type RemindAuthorizationExpiry = CommandOf<'RemindAuthorizationExpiry', { authorizationRef: string; throughDate: CalendarDate }>;

export type RequestDualDiagnosisReferral = CommandOf<
  'RequestDualDiagnosisReferral',
  { requestId: string; specialty: DualDiagnosisSpecialty; urgency: ReferralUrgency; conditionCode: string }
>;
/** From dual-diagnosis's ReferralCompleted. */
export type AddIntegratedCareGoal = CommandOf<
  'AddIntegratedCareGoal',
  { referralId: string; conditionCode: string; conditionConfirmed: boolean; recommendationCodes: string[] }
>;

/** From intake's ScreeningWorsened: the measure that worsened, as evidence for a review. Ids, codes and scores only. */
export type RecommendReview = CommandOf<
  'RecommendReview',
  ScreeningMeasure & {
    /** Intake's instant the screening was recorded (ISO 8601). */
    screenedAt: string;
  }
>;

/** `date`: the discharge day; defaults to the day of `now`. */
export type CloseForDischarge = CommandOf<
  'CloseForDischarge',
  { disposition: DischargeDisposition; date?: CalendarDate; lateEntryReason?: string }
>;

/** The care team as it is to stand, whole (care-team.ts). */
export type ChangeCareTeam = CommandOf<'ChangeCareTeam', { members: CareTeamMember[] }>;

export type PlanCommand =
  | CreatePlan
  | AddProblem
  | AddGoal
  | ChangeGoalStatus
  | AddObjective
  | AddIntervention
  | SignPlan
  | ReviewPlan
  | RevisePlan
  | FlagOverdueReview
  | RecordSession
  | CloseWeek
  | FollowUpUnderDosedWeek
  | RecordLevelChange
  | RecordSiteTransfer
  | RecordDrugTest
  | ConfirmDrugTest
  | MarkEnteredInError
  | OrderMedication
  | RecordExternalMedication
  | StopMedication
  | RecordPdmpCheck
  | RecordNaloxone
  | RecordSelfReport
  | RecordRelapse
  | ExtendProgramme
  | RemindAuthorizationExpiry
  | RequestDualDiagnosisReferral
  | AddIntegratedCareGoal
  | RecommendReview
  | CloseForDischarge
  | ChangeCareTeam;

export type PlanCommandType = PlanCommand['type'];
