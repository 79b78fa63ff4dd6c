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
  type GoalStatus,
  INTEGRATED_CARE_GOAL_CODE,
  type InterventionKind,
  type PlanSigner,
} from './codes.js';
import { type CareTeamMember } from './care-team.js';
import { type CorrectableKind } from './corrections.js';
import { type PlanEvent, type ReviewRecommended, type StepUpReason } from './events.js';
import { type Medication } from './medications.js';
import { type CollectorRole, type DrugTestStage, type Specimen } from './toxicology.js';
import { type UnderDosedFollowUpOutcome } from './under-dosed-follow-ups.js';

// A treatment plan as its rules see it: everything the events told, folded. One plan per
// care episode (planId = episodeId), on its own stream.

export type Problem = { problemId: string; code: string; dimension?: AsamDimension };
export type Goal = {
  goalId: string;
  problemId: string;
  code: string;
  targetDate: CalendarDate;
  status: GoalStatus;
  /** The day the status last changed; absent while the goal keeps the status it was added with. */
  statusSince?: CalendarDate;
  /** Set on an integrated-care goal: the dual-diagnosis referral it came from. */
  referralId?: string;
};
export type Objective = { objectiveId: string; goalId: string; code: string; targetDate?: CalendarDate };
export type Intervention = { interventionId: string; problemId: string; kind: InterventionKind; frequencyPerWeek?: number };
export type Signature = { signedBy: string; signedOn: CalendarDate };
export type Session = { sessionId: string; date: CalendarDate; hours: number; attended: boolean; kind?: string };
/** The level the plan recorded from `effectiveDate` on (until the next period starts). */
export type LevelPeriod = { level: LevelOfCare; effectiveDate: CalendarDate };
export type WeekOutcome = {
  weekStart: CalendarDate;
  hours: number;
  minimum: number;
  underDosed: boolean;
  individualSessions?: number;
  individualSessionsMinimum?: number;
  /** How an under-dosed week was answered (under-dosed-follow-ups.ts); absent until it is. */
  followUp?: { outcome: UnderDosedFollowUpOutcome; followedUpBy: string; followedUpOn: CalendarDate };
};
/**
 * A test as the rules read it: once the laboratory confirmed it, `result` and `substanceCodes`
 * are the confirmed ones and `presumptive` keeps what the cup said.
 */
export type DrugTest = {
  testId: string;
  date: CalendarDate;
  result: DrugTestResult;
  substanceCodes: string[];
  specimen?: Specimen;
  panel?: string[];
  observed?: boolean;
  collectedBy?: string;
  collectorRole?: CollectorRole;
  stage?: DrugTestStage;
  presumptive?: { result: DrugTestResult; substanceCodes: string[] };
};
/** An entry marked entered-in-error: gone from the lists the rules read, kept here and in the stream. */
export type EnteredInError = { kind: CorrectableKind; id: string; reasonCode: string; markedBy: string; markedOn: CalendarDate };
export type PdmpCheck = { checkId: string; date: CalendarDate; result: string; checkedBy: string };
export type NaloxoneRecord = { naloxoneId: string; date: CalendarDate; action: string };
export type SelfReport = { reportId: string; date: CalendarDate; used: boolean; lastUseDate?: CalendarDate; substanceCodes: string[] };
export type Relapse = { relapseId: string; date: CalendarDate; substanceCodes: string[]; evidence: EvidenceReference[] };
export type RecommendedStepUp = { recommendedOn: CalendarDate; reasons: StepUpReason[] };
export type AuthorizationReminder = { authorizationRef: string; throughDate: CalendarDate; remindedOn: CalendarDate };
/** A review a worsened screening asked for; `answeredOn` once a review or a revision followed it. */
export type ReviewRecommendation = Omit<ReviewRecommended['data'], 'planId'> & { answeredOn?: CalendarDate };
/** A lengthening of the programme: from and to which planned end, why, and the relapse it came with. */
export type Extension = {
  previousEndDate?: CalendarDate;
  newEndDate: CalendarDate;
  reasonCode: string;
  extendedOn: CalendarDate;
  relapseId?: string;
};

export type PlanFacts = {
  planId: string;
  episodeId: string;
  clientId: string;
  siteId: string;
  population: Population;
  startDate: CalendarDate;
  clinicianId?: string;
  /** The episode's care team (care-team.ts); absent until one is assigned. */
  careTeam?: CareTeamMember[];
  /** The programme's planned end now, extensions included. */
  plannedEndDate?: CalendarDate;
  /** The planned end the plan was drafted with, before any extension. */
  initialPlannedEndDate?: CalendarDate;
  /** Every extension, oldest first. */
  extensions: Extension[];
  /** The episode's current clinical level, as the ledger last told the plan. */
  level: LevelOfCare;
  /** Every level the plan recorded, oldest first: weeks are checked against the level of their days. */
  levelHistory: LevelPeriod[];
  signatures: Partial<Record<PlanSigner, Signature>>;
  activatedOn?: CalendarDate;
  nextReviewDue?: CalendarDate;
  lastReviewedOn?: CalendarDate;
  /** Due dates already flagged overdue, so that the scheduler's repeats change nothing. */
  overdueReviewsFlagged: CalendarDate[];
  /** The relapse that put the plan into `revision-required`, until a review or revision. */
  revisionRequiredBy?: string;
  problems: Problem[];
  goals: Goal[];
  objectives: Objective[];
  interventions: Intervention[];
  sessions: Session[];
  closedWeeks: WeekOutcome[];
  drugTests: DrugTest[];
  /** Tests and sessions marked entered-in-error, oldest first (corrections.ts). */
  enteredInError: EnteredInError[];
  /** Medications ordered here or recorded as external, oldest first (medications.ts). */
  medications: Medication[];
  pdmpChecks: PdmpCheck[];
  naloxone: NaloxoneRecord[];
  selfReports: SelfReport[];
  relapses: Relapse[];
  stepUpRecommendations: RecommendedStepUp[];
  /** Reviews worsened screenings asked for, oldest first (worsened-screening.ts). */
  reviewRecommendations: ReviewRecommendation[];
  authorizationReminders: AuthorizationReminder[];
  referralRequestIds: string[];
};

/**
 * - `draft`: written, not yet signed by both clinician and client;
 * - `active`: signed by both, reviewed every `reviewIntervalDays`;
 * - `revision-required`: a relapse asks for the plan to be revised (ReviewPlan or RevisePlan
 *   clear it); the client stays in treatment, because a slip is not an expulsion;
 * - `closed`: the client was discharged; nothing more is accepted.
 */
export type PlanStatus = 'draft' | 'active' | 'revision-required' | 'closed';

export type OpenPlan = { status: 'draft' | 'active' | 'revision-required' } & PlanFacts;
export type ClosedPlan = { status: 'closed'; disposition: DischargeDisposition; closedOn: CalendarDate } & PlanFacts;
export type Plan = { status: 'not-created' } | OpenPlan | ClosedPlan;

export const initialPlan: Plan = { status: 'not-created' };

export function isActivated(plan: Pick<PlanFacts, 'activatedOn'>): boolean {
  return plan.activatedOn !== undefined;
}

/** The status a plan returns to once a revision is no longer required. */
const settledStatus = (plan: PlanFacts): 'draft' | 'active' => (isActivated(plan) ? 'active' : 'draft');

export function evolve(state: Plan, event: PlanEvent): Plan {
  if (event.type === 'PlanDrafted') {
    if (state.status !== 'not-created') return state;
    const { planId, episodeId, clientId, siteId, level, population, startDate, clinicianId, plannedEndDate } = event.data;
    return {
      status: 'draft',
      planId,
      episodeId,
      clientId,
      siteId,
      population,
      startDate,
      ...(clinicianId === undefined ? {} : { clinicianId }),
      ...(plannedEndDate === undefined ? {} : { plannedEndDate, initialPlannedEndDate: plannedEndDate }),
      extensions: [],
      level,
      levelHistory: [{ level, effectiveDate: startDate }],
      signatures: {},
      overdueReviewsFlagged: [],
      problems: [],
      goals: [],
      objectives: [],
      interventions: [],
      sessions: [],
      closedWeeks: [],
      drugTests: [],
      enteredInError: [],
      medications: [],
      pdmpChecks: [],
      naloxone: [],
      selfReports: [],
      relapses: [],
      stepUpRecommendations: [],
      reviewRecommendations: [],
      authorizationReminders: [],
      referralRequestIds: [],
    };
  }
  // A stream that does not begin with PlanDrafted is corrupt; folding it would invent a plan.
  // Nothing follows a close (the decider refuses it); a stream that says otherwise is corrupt.
  if (state.status === 'not-created' || state.status === 'closed') return state;
  return evolveOpen(state, event);
}

function evolveOpen(plan: OpenPlan, event: Exclude<PlanEvent, { type: 'PlanDrafted' }>): Plan {
  switch (event.type) {
    case 'ProblemAdded': {
      const { planId: _planId, ...problem } = event.data;
      return { ...plan, problems: [...plan.problems, problem] };
    }
    case 'GoalAdded': {
      const { planId: _planId, ...goal } = event.data;
      return { ...plan, goals: [...plan.goals, { ...goal, status: 'proposed' }] };
    }
    case 'GoalStatusChanged':
      return {
        ...plan,
        goals: plan.goals.map((goal) =>
          goal.goalId === event.data.goalId ? { ...goal, status: event.data.to, statusSince: event.data.changedOn } : goal,
        ),
      };
    case 'ObjectiveAdded': {
      const { planId: _planId, ...objective } = event.data;
      return { ...plan, objectives: [...plan.objectives, objective] };
    }
    case 'InterventionAdded': {
      const { planId: _planId, ...intervention } = event.data;
      return { ...plan, interventions: [...plan.interventions, intervention] };
    }
    case 'PlanSigned': {
      const { signer, signedBy, signedOn } = event.data;
      return { ...plan, signatures: { ...plan.signatures, [signer]: { signedBy, signedOn } } };
    }
    case 'PlanActivated': {
      const { activatedOn, nextReviewDue } = event.data;
      // A plan activated while a revision is required stays so until the revision.
      return { ...plan, status: plan.status === 'draft' ? 'active' : plan.status, activatedOn, nextReviewDue };
    }
    case 'PlanReviewed': {
      const { reviewedOn, nextReviewDue } = event.data;
      const { revisionRequiredBy: _cleared, ...rest } = plan;
      const reviewed = {
        ...rest,
        lastReviewedOn: reviewedOn,
        nextReviewDue,
        reviewRecommendations: answered(plan.reviewRecommendations, reviewedOn),
      };
      return { ...reviewed, status: settledStatus(reviewed) };
    }
    case 'PlanRevised': {
      const { revisionRequiredBy: _cleared, ...rest } = plan;
      const revised = { ...rest, reviewRecommendations: answered(plan.reviewRecommendations, event.data.revisedOn) };
      return { ...revised, status: settledStatus(revised) };
    }
    case 'PlanReviewOverdue':
      return { ...plan, overdueReviewsFlagged: [...plan.overdueReviewsFlagged, event.data.dueDate] };
    case 'SessionAttended':
    case 'SessionMissed': {
      const { planId: _planId, ...session } = event.data;
      return { ...plan, sessions: [...plan.sessions, { ...session, attended: event.type === 'SessionAttended' }] };
    }
    case 'WeekDoseMet':
    case 'WeekUnderDosed': {
      const { weekStart, hours, minimum, individualSessions, individualSessionsMinimum } = event.data;
      const outcome: WeekOutcome = {
        weekStart,
        hours,
        minimum,
        underDosed: event.type === 'WeekUnderDosed',
        ...(individualSessionsMinimum === undefined ? {} : { individualSessions, individualSessionsMinimum }),
      };
      return { ...plan, closedWeeks: [...plan.closedWeeks, outcome] };
    }
    case 'UnderDosedWeekFollowedUp': {
      const { weekStart, outcome, followedUpBy, followedUpOn } = event.data;
      return {
        ...plan,
        closedWeeks: plan.closedWeeks.map((week) =>
          week.weekStart === weekStart ? { ...week, followUp: { outcome, followedUpBy, followedUpOn } } : week,
        ),
      };
    }
    case 'PlanLevelUpdated': {
      const { to, effectiveDate } = event.data;
      return { ...plan, level: to, levelHistory: [...plan.levelHistory, { level: to, effectiveDate }] };
    }
    case 'PlanSiteUpdated':
      return { ...plan, siteId: event.data.toSiteId };
    case 'CareTeamChanged':
      return { ...plan, careTeam: event.data.members.map((member) => ({ ...member })) };
    case 'DrugTestRecorded': {
      const { planId: _planId, ...test } = event.data;
      return { ...plan, drugTests: [...plan.drugTests, test] };
    }
    case 'DrugTestConfirmed': {
      const { testId, result, substanceCodes } = event.data;
      return {
        ...plan,
        drugTests: plan.drugTests.map((test) =>
          test.testId === testId
            ? {
                ...test,
                result,
                substanceCodes,
                stage: 'confirmed' as const,
                presumptive: test.presumptive ?? { result: test.result, substanceCodes: test.substanceCodes },
              }
            : test,
        ),
      };
    }
    case 'EntryMarkedInError': {
      const { planId: _planId, ...entry } = event.data;
      const enteredInError = [...plan.enteredInError, entry];
      if (entry.kind === 'drug-test')
        return { ...plan, enteredInError, drugTests: plan.drugTests.filter((test) => test.testId !== entry.id) };
      return { ...plan, enteredInError, sessions: plan.sessions.filter((session) => session.sessionId !== entry.id) };
    }
    case 'MedicationOrdered': {
      const { medicationId, code, rxnorm, startDate } = event.data;
      return { ...plan, medications: [...plan.medications, { medicationId, code, rxnorm, source: 'ordered', startDate }] };
    }
    case 'ExternalMedicationRecorded': {
      const { medicationId, code, rxnorm, source, since } = event.data;
      return { ...plan, medications: [...plan.medications, { medicationId, code, rxnorm, source, startDate: since }] };
    }
    case 'MedicationStopped': {
      const { medicationId, stopDate, reasonCode } = event.data;
      return {
        ...plan,
        medications: plan.medications.map((medication) =>
          medication.medicationId === medicationId ? { ...medication, stopDate, stopReason: reasonCode } : medication,
        ),
      };
    }
    case 'PdmpChecked': {
      const { checkId, date, result, checkedBy } = event.data;
      return {
        ...plan,
        pdmpChecks: [...plan.pdmpChecks, { checkId, date, result, checkedBy }].sort((a, b) => a.date.localeCompare(b.date)),
      };
    }
    case 'NaloxoneRecorded': {
      const { naloxoneId, date, action } = event.data;
      return { ...plan, naloxone: [...plan.naloxone, { naloxoneId, date, action }] };
    }
    case 'SelfReportRecorded': {
      const { planId: _planId, ...report } = event.data;
      return { ...plan, selfReports: [...plan.selfReports, report] };
    }
    case 'RelapseRecorded': {
      const { relapseId, date, substanceCodes, evidence } = event.data;
      const relapses = [...plan.relapses, { relapseId, date, substanceCodes, evidence }];
      return { ...plan, relapses, status: 'revision-required', revisionRequiredBy: relapseId };
    }
    case 'ProgrammeExtended': {
      const { planId: _planId, ...extension } = event.data;
      return { ...plan, plannedEndDate: extension.newEndDate, extensions: [...plan.extensions, extension] };
    }
    case 'StepUpRecommended': {
      const { recommendedOn, reasons } = event.data;
      return { ...plan, stepUpRecommendations: [...plan.stepUpRecommendations, { recommendedOn, reasons }] };
    }
    case 'ReviewRecommended': {
      const { planId: _planId, ...recommendation } = event.data;
      return { ...plan, reviewRecommendations: [...plan.reviewRecommendations, recommendation] };
    }
    case 'AuthorizationExpiryReminded': {
      const { authorizationRef, throughDate, remindedOn } = event.data;
      return { ...plan, authorizationReminders: [...plan.authorizationReminders, { authorizationRef, throughDate, remindedOn }] };
    }
    case 'DualDiagnosisReferralRequested':
      return { ...plan, referralRequestIds: [...plan.referralRequestIds, event.data.requestId] };
    case 'IntegratedCareGoalAdded': {
      const { referralId, goalId, problemId, problemAdded, conditionCode, targetDate } = event.data;
      const problems = problemAdded ? [...plan.problems, { problemId, code: conditionCode }] : plan.problems;
      const goal: Goal = { goalId, problemId, code: INTEGRATED_CARE_GOAL_CODE, targetDate, status: 'proposed', referralId };
      return { ...plan, problems, goals: [...plan.goals, goal] };
    }
    case 'PlanClosed':
      return { ...plan, status: 'closed', disposition: event.data.disposition, closedOn: event.data.date };
  }
}

/**
 * A review or a revision answers every recommendation still open that was made by its day: a
 * review dated before the worsening (a late entry) did not see it.
 */
function answered(recommendations: ReviewRecommendation[], on: CalendarDate): ReviewRecommendation[] {
  return recommendations.map((recommendation) =>
    recommendation.answeredOn === undefined && recommendation.recommendedOn <= on ? { ...recommendation, answeredOn: on } : recommendation,
  );
}
