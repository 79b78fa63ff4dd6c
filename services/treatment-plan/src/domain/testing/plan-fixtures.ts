// Builders for the plan's commands and histories, shared by the domain specs and the
// application's tests. Excluded from the build (`**/testing/**`).
import { type CalendarDate, type LateEntryReason, type LevelOfCare } from '@continuum/care-episode';
import { fold } from '@continuum/decider';
import { addDays } from '../calendar.js';
import {
  type AddGoal,
  type AddIntegratedCareGoal,
  type AddIntervention,
  type AddObjective,
  type AddProblem,
  type ChangeCareTeam,
  type ChangeGoalStatus,
  type FollowUpUnderDosedWeek,
  type CloseForDischarge,
  type ConfirmDrugTest,
  type MarkEnteredInError,
  type OrderMedication,
  type RecordExternalMedication,
  type RecordPdmpCheck,
  type StopMedication,
  type CloseWeek,
  type CreatePlan,
  type ExtendProgramme,
  type FlagOverdueReview,
  type PlanCommand,
  type RecommendReview,
  type RecordDrugTest,
  type RecordLevelChange,
  type RecordRelapse,
  type RecordSelfReport,
  type RecordSession,
  type RemindAuthorizationExpiry,
  type RequestDualDiagnosisReferral,
  type ReviewPlan,
  type RevisePlan,
  type SignPlan,
} from '../commands.js';
import { decide } from '../decide.js';
import { type ScreeningMeasure } from '../codes.js';
import { type PlanEvent } from '../events.js';
import { type Plan, evolve, initialPlan } from '../plan.js';
import { DEFAULT_PLAN_RULES, type PlanRules } from '../rules.js';
import { STANDARD_URINE_PANEL } from '../toxicology.js';

export const PLAN_ID = 'episode-1';
export const EPISODE_ID = 'episode-1';
export const CLIENT_ID = 'client-1';
export const SITE_ID = 'site-north';
/** A Monday: the plan's first week is a whole week. */
export const START: CalendarDate = '2026-01-05';

export const IOP: LevelOfCare = { edition: 3, code: '2.1' };
export const PHP: LevelOfCare = { edition: 3, code: '2.5' };
export const OP: LevelOfCare = { edition: 3, code: '1' };

/** Noon UTC on a day: the instant a spec decides at when it means "on that day". */
export const on = (day: CalendarDate): Date => new Date(`${day}T12:00:00.000Z`);
/** The day `days` after the plan's start. */
export const dayOfPlan = (days: number): CalendarDate => addDays(START, days);

export const createPlan = (data: Partial<CreatePlan['data']> = {}): CreatePlan => ({
  type: 'CreatePlan',
  data: {
    planId: PLAN_ID,
    episodeId: EPISODE_ID,
    clientId: CLIENT_ID,
    siteId: SITE_ID,
    level: IOP,
    population: 'adult',
    startDate: START,
    ...data,
  },
});
export const addProblem = (data: Partial<AddProblem['data']> = {}): AddProblem => ({
  type: 'AddProblem',
  data: { problemId: 'problem-1', code: 'alcohol-use-disorder', ...data },
});
export const addGoal = (data: Partial<AddGoal['data']> = {}): AddGoal => ({
  type: 'AddGoal',
  data: { goalId: 'goal-1', problemId: 'problem-1', code: 'abstinence', targetDate: dayOfPlan(90), ...data },
});
export const changeGoalStatus = (goalId: string, status: ChangeGoalStatus['data']['status'], reasonCode?: string): ChangeGoalStatus => ({
  type: 'ChangeGoalStatus',
  data: { goalId, status, ...(reasonCode === undefined ? {} : { reasonCode }) },
});
export const addObjective = (data: Partial<AddObjective['data']> = {}): AddObjective => ({
  type: 'AddObjective',
  data: { objectiveId: 'objective-1', goalId: 'goal-1', code: 'identify-triggers', ...data },
});
export const addIntervention = (data: Partial<AddIntervention['data']> = {}): AddIntervention => ({
  type: 'AddIntervention',
  data: { interventionId: 'intervention-1', problemId: 'problem-1', kind: 'cbt', ...data },
});
export const sign = (signer: SignPlan['data']['signer'], signedBy = signer === 'clinician' ? 'clinician-7' : CLIENT_ID): SignPlan => ({
  type: 'SignPlan',
  data: { signer, signedBy },
});
export const review = (data: Partial<ReviewPlan['data']> = {}): ReviewPlan => ({
  type: 'ReviewPlan',
  data: { reviewedBy: 'clinician-7', outcomeCode: 'continue', ...data },
});
export const revise = (reasonCode = 'relapse'): RevisePlan => ({ type: 'RevisePlan', data: { revisedBy: 'clinician-7', reasonCode } });
/** A PHQ-9 that worsened from 9 (mild) to 16 (moderately severe): the measure the specs share. */
export const WORSENED_PHQ9 = {
  instrument: 'PHQ-9',
  score: 16,
  band: 'moderately-severe',
  previousScore: 9,
  previousBand: 'mild',
  reasons: ['score-up', 'band-up'],
} as const satisfies Omit<ScreeningMeasure, 'screeningId'>;

/** Intake's worsened PHQ-9 as the plan's command. */
export const recommendReview = (data: Partial<RecommendReview['data']> = {}): RecommendReview => ({
  type: 'RecommendReview',
  data: {
    screeningId: 'screening-2',
    ...WORSENED_PHQ9,
    reasons: [...WORSENED_PHQ9.reasons],
    screenedAt: '2026-01-20T10:00:00.000Z',
    ...data,
  },
});
export const flagOverdueReview = (dueDate: CalendarDate): FlagOverdueReview => ({ type: 'FlagOverdueReview', data: { dueDate } });
export const session = (sessionId: string, date: CalendarDate, hours: number, attended = true): RecordSession => ({
  type: 'RecordSession',
  data: { sessionId, date, hours, attended },
});
/** A session or test recorded after its day, with the late-entry reason the date rule asks for. */
export const late = <Command extends RecordSession | RecordDrugTest>(
  command: Command,
  lateEntryReason: LateEntryReason = 'documented-late',
): Command => ({
  ...command,
  data: { ...command.data, lateEntryReason },
});
export const closeWeek = (weekStart: CalendarDate): CloseWeek => ({ type: 'CloseWeek', data: { weekStart } });
export const followUpWeek = (
  weekStart: CalendarDate,
  outcome = 'client-contacted',
  followedUpBy = 'clinician-7',
): FollowUpUnderDosedWeek => ({
  type: 'FollowUpUnderDosedWeek',
  data: { weekStart, outcome, followedUpBy },
});
export const careTeam = (...members: ChangeCareTeam['data']['members']): ChangeCareTeam => ({ type: 'ChangeCareTeam', data: { members } });
export const levelChange = (to: LevelOfCare, effectiveDate: CalendarDate): RecordLevelChange => ({
  type: 'RecordLevelChange',
  data: { to, effectiveDate },
});
export const drugTest = (
  testId: string,
  date: CalendarDate,
  result: RecordDrugTest['data']['result'],
  substanceCodes?: string[],
): RecordDrugTest => ({
  type: 'RecordDrugTest',
  data: { testId, date, result, substanceCodes: substanceCodes ?? (result === 'positive' ? ['alcohol'] : []) },
});
export const selfReport = (data: Partial<RecordSelfReport['data']> & { date: CalendarDate }): RecordSelfReport => ({
  type: 'RecordSelfReport',
  data: { reportId: 'report-1', used: false, substanceCodes: [], ...data },
});
export const relapse = (relapseId: string, date: CalendarDate, data: Partial<RecordRelapse['data']> = {}): RecordRelapse => ({
  type: 'RecordRelapse',
  data: { relapseId, date, substanceCodes: ['alcohol'], evidence: [{ kind: 'other', id: `note-${relapseId}` }], ...data },
});
export const extendProgramme = (newEndDate: CalendarDate, reasonCode = 'criteria-unmet'): ExtendProgramme => ({
  type: 'ExtendProgramme',
  data: { newEndDate, reasonCode },
});
export const remindExpiry = (authorizationRef: string, throughDate: CalendarDate): RemindAuthorizationExpiry => ({
  type: 'RemindAuthorizationExpiry',
  data: { authorizationRef, throughDate },
});
export const requestReferral = (data: Partial<RequestDualDiagnosisReferral['data']> = {}): RequestDualDiagnosisReferral => ({
  type: 'RequestDualDiagnosisReferral',
  data: { requestId: 'request-1', specialty: 'psychiatric-evaluation', urgency: 'urgent', conditionCode: 'depression', ...data },
});
export const integratedCareGoal = (data: Partial<AddIntegratedCareGoal['data']> = {}): AddIntegratedCareGoal => ({
  type: 'AddIntegratedCareGoal',
  data: { referralId: 'referral-1', conditionCode: 'depression', conditionConfirmed: true, recommendationCodes: ['ssri-trial'], ...data },
});
export const discharge = (disposition: CloseForDischarge['data']['disposition'], date?: CalendarDate): CloseForDischarge => ({
  type: 'CloseForDischarge',
  data: { disposition, ...(date === undefined ? {} : { date }) },
});

export const confirmTest = (testId: string, result: ConfirmDrugTest['data']['result'], substanceCodes: string[] = []): ConfirmDrugTest => ({
  type: 'ConfirmDrugTest',
  data: { testId, result, substanceCodes },
});
export const markInError = (kind: MarkEnteredInError['data']['kind'], id: string, reasonCode = 'wrong-client'): MarkEnteredInError => ({
  type: 'MarkEnteredInError',
  data: { kind, id, reasonCode, markedBy: 'nurse-3' },
});
/** A urine test with its panel: the standard panel unless given. */
export const panelTest = (
  testId: string,
  date: CalendarDate,
  found: string[],
  data: Partial<RecordDrugTest['data']> = {},
): RecordDrugTest => ({
  type: 'RecordDrugTest',
  data: {
    testId,
    date,
    result: found.length > 0 ? 'positive' : 'negative',
    substanceCodes: found,
    specimen: 'urine',
    panel: [...STANDARD_URINE_PANEL],
    ...data,
  },
});
/** Buprenorphine from an outside prescriber, verified in the PDMP, since the plan's start. */
export const externalBuprenorphine = (data: Partial<RecordExternalMedication['data']> = {}): RecordExternalMedication => ({
  type: 'RecordExternalMedication',
  data: {
    medicationId: 'medication-1',
    code: 'buprenorphine-naloxone',
    source: 'external-prescriber',
    prescriberId: 'npi-1234567893',
    since: START,
    verification: 'pdmp',
    recordedBy: 'nurse-3',
    ...data,
  },
});
export const orderMedication = (data: Partial<OrderMedication['data']> = {}): OrderMedication => ({
  type: 'OrderMedication',
  data: {
    medicationId: 'medication-2',
    code: 'buprenorphine',
    doseAmount: 8,
    doseUnit: 'mg',
    route: 'sublingual',
    frequency: 'daily',
    startDate: START,
    orderedBy: 'prescriber-1',
    ...data,
  },
});
export const pdmpCheck = (
  checkId: string,
  date: CalendarDate,
  result: RecordPdmpCheck['data']['result'] = 'no-concerns',
): RecordPdmpCheck => ({
  type: 'RecordPdmpCheck',
  data: { checkId, date, result, checkedBy: 'prescriber-1' },
});
export const stopMedication = (
  medicationId: string,
  stopDate: CalendarDate,
  reasonCode: StopMedication['data']['reasonCode'] = 'completed-taper',
  source: StopMedication['data']['source'] = 'external',
): StopMedication => ({
  type: 'StopMedication',
  data: { medicationId, source, stopDate, reasonCode },
});

/** The day a command is about, if it names one: the history decides it no earlier. */
function dayNamedBy(command: PlanCommand): CalendarDate | undefined {
  switch (command.type) {
    case 'CreatePlan':
      return command.data.startDate;
    case 'CloseWeek':
      return addDays(command.data.weekStart, 7);
    case 'RecordLevelChange':
    case 'RecordSiteTransfer':
      return command.data.effectiveDate;
    case 'RecordPdmpCheck':
    case 'RecordSession':
    case 'RecordDrugTest':
    case 'RecordSelfReport':
    case 'RecordRelapse':
      return command.data.date;
    case 'CloseForDischarge':
      return command.data.date;
    default:
      return undefined;
  }
}

/** A command, or a command and the day it was sent. */
export type Step = PlanCommand | readonly [PlanCommand, CalendarDate];

/**
 * The events a sequence of commands produces, each decided by the real rules. The clock
 * moves forward only: a step is decided on its given day, else on the day it names (a
 * session's date), else on the previous step's day. Starts on the plan's start day.
 */
export function historyOf(steps: readonly Step[], rules: PlanRules = DEFAULT_PLAN_RULES): PlanEvent[] {
  let state: Plan = initialPlan;
  let today = START;
  const events: PlanEvent[] = [];
  for (const step of steps) {
    const [command, day] = Array.isArray(step) ? (step as readonly [PlanCommand, CalendarDate]) : [step as PlanCommand, undefined];
    const named = dayNamedBy(command);
    today = day ?? (named !== undefined && named > today ? named : today);
    const decided = decide(command, state, on(today), rules);
    state = fold(evolve, state, decided);
    events.push(...decided);
  }
  return events;
}

/** The plan those steps leave. */
export function planAfter(steps: readonly Step[], rules: PlanRules = DEFAULT_PLAN_RULES): Plan {
  return fold(evolve, initialPlan, historyOf(steps, rules));
}

/**
 * The evidence sober days need: a negative test and an attended three-hour session every
 * seven days, on plan days `fromDay`, `fromDay + 7`, … up to `toDay`.
 */
export function weeklyEvidence(fromDay: number, toDay: number): Step[] {
  const steps: Step[] = [];
  for (let day = fromDay; day <= toDay; day += 7) {
    steps.push(drugTest(`negative-${day}`, dayOfPlan(day), 'negative'), session(`session-${day}`, dayOfPlan(day), 3));
  }
  return steps;
}

/** A draft plan with one problem and one goal, ready to be signed. */
export const draftPlan = (): Step[] => [createPlan(), addProblem(), addGoal()];
/** The draft, signed by both on the start day: active, review due 30 days later. */
export const activePlan = (): Step[] => [...draftPlan(), sign('clinician'), sign('client')];
