import { findLevel, levelOf } from '@continuum/care-episode';
import { type Decider, RuleBroken } from '@continuum/decider';
import { addGoal, addIntervention, addObjective, addProblem, changeGoalStatus } from './structure.js';
import { closeWeek, recordSession } from './attendance.js';
import { changeCareTeam } from './care-team.js';
import { remindAuthorizationExpiry } from './authorizations.js';
import { POPULATIONS } from './codes.js';
import { type CreatePlan, type PlanCommand } from './commands.js';
import { closeForDischarge } from './discharge.js';
import { addIntegratedCareGoal, requestDualDiagnosisReferral } from './dual-diagnosis.js';
import { recordLevelChange, recordSiteTransfer } from './episode-changes.js';
import { type PlanEvent } from './events.js';
import { plannedEndOf } from './length-of-stay.js';
import { type Plan, evolve, initialPlan } from './plan.js';
import { extendProgramme, recordRelapse } from './relapse.js';
import { flagOverdueReview, reviewPlan, revisePlan, signPlan } from './review.js';
import { DEFAULT_PLAN_RULES, type PlanRules } from './rules.js';
import { confirmDrugTest, recordDrugTest, recordSelfReport } from './sobriety.js';
import { markEnteredInError } from './corrections.js';
import { orderMedication, recordExternalMedication, recordNaloxone, recordPdmpCheck, stopMedication } from './medications.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireOneOf, requireText } from './validation.js';
import { recommendReview } from './worsened-screening.js';
import { followUpUnderDosedWeek } from './under-dosed-follow-ups.js';

// The one entry to the plan's rules. Pure: the clock is `now`, the rules are data, and
// every refusal is a RuleBroken whose message says what to do next (the API answers 422).
// Each concept's rules live in their own file; this file routes and guards.

export function decide(command: PlanCommand, state: Plan, now: Date, rules: PlanRules = DEFAULT_PLAN_RULES): PlanEvent[] {
  if (command.type === 'CreatePlan') return createPlan(command, state, now, rules);
  if (state.status === 'not-created') return followUpWithoutPlan(command);
  // The plan's follow-up to a discharge it was already closed by, heard back from the bus.
  if (state.status === 'closed' && isSameClosing(command, state)) return [];
  if (state.status === 'closed') {
    throw new RuleBroken(
      `the plan was closed at discharge on ${state.closedOn} (${state.disposition}): nothing more is recorded on it; a readmission opens a new episode with its own plan`,
      'plan-closed',
      { closedOn: state.closedOn, disposition: state.disposition },
    );
  }
  const plan = state;
  switch (command.type) {
    case 'AddProblem':
      return addProblem(command, plan);
    case 'AddGoal':
      return addGoal(command, plan, now);
    case 'ChangeGoalStatus':
      return changeGoalStatus(command, plan, now);
    case 'AddObjective':
      return addObjective(command, plan, now);
    case 'AddIntervention':
      return addIntervention(command, plan);
    case 'SignPlan':
      return signPlan(command, plan, now, rules);
    case 'ReviewPlan':
      return reviewPlan(command, plan, now, rules);
    case 'RevisePlan':
      return revisePlan(command, plan, now);
    case 'FlagOverdueReview':
      return flagOverdueReview(command, plan, now);
    case 'RecordSession':
      return recordSession(command, plan, now, rules);
    case 'CloseWeek':
      return closeWeek(command, plan, now, rules);
    case 'FollowUpUnderDosedWeek':
      return followUpUnderDosedWeek(command, plan, now, rules);
    case 'RecordLevelChange':
      return recordLevelChange(command, plan, rules);
    case 'RecordSiteTransfer':
      return recordSiteTransfer(command, plan);
    case 'RecordDrugTest':
      return recordDrugTest(command, plan, now, rules);
    case 'ConfirmDrugTest':
      return confirmDrugTest(command, plan, now, rules);
    case 'MarkEnteredInError':
      return markEnteredInError(command, plan, now, rules);
    case 'OrderMedication':
      return orderMedication(command, plan, now, rules);
    case 'RecordExternalMedication':
      return recordExternalMedication(command, plan, now, rules);
    case 'StopMedication':
      return stopMedication(command, plan, now, rules);
    case 'RecordPdmpCheck':
      return recordPdmpCheck(command, plan, now, rules);
    case 'RecordNaloxone':
      return recordNaloxone(command, plan, now, rules);
    case 'RecordSelfReport':
      return recordSelfReport(command, plan, now, rules);
    case 'RecordRelapse':
      return recordRelapse(command, plan, now, rules);
    case 'ExtendProgramme':
      return extendProgramme(command, plan, now);
    case 'RemindAuthorizationExpiry':
      return remindAuthorizationExpiry(command, plan, now, rules);
    case 'RequestDualDiagnosisReferral':
      return requestDualDiagnosisReferral(command, plan, now);
    case 'AddIntegratedCareGoal':
      return addIntegratedCareGoal(command, plan, now, rules);
    case 'RecommendReview':
      return recommendReview(command, plan, now, rules);
    case 'CloseForDischarge':
      return closeForDischarge(command, plan, now, rules);
    case 'ChangeCareTeam':
      return changeCareTeam(command, plan, now);
  }
}

/**
 * An episode whose plan this store never drafted (a history from before plans): the ledger's
 * level changes, transfers and discharges have nothing to follow, except that a `completed`
 * discharge needs the plan's evidence (signatures, goals achieved) and there is none.
 */
function followUpWithoutPlan(command: PlanCommand): PlanEvent[] {
  switch (command.type) {
    case 'RecordLevelChange':
    case 'RecordSiteTransfer':
      return [];
    case 'CloseForDischarge':
      if (command.data.disposition !== 'completed') return [];
      throw new RuleBroken(
        'a completed discharge needs a signed plan with goals achieved, and this episode has no treatment plan: discharge with another disposition',
        'not-ready-for-completed-discharge',
        { unmet: [{ condition: 'plan-signed', missingSignatures: ['clinician', 'client'] }, { condition: 'goal-achieved' }] },
      );
    default:
      throw new RuleBroken(
        'there is no treatment plan here yet: a draft plan is created when the care episode opens (CreatePlan); send this once it exists',
        'plan-not-created',
      );
  }
}

function isSameClosing(command: PlanCommand, plan: Extract<Plan, { status: 'closed' }>): boolean {
  return command.type === 'CloseForDischarge' && command.data.disposition === plan.disposition && command.data.date === plan.closedOn;
}

/** A second CreatePlan (a redelivered EpisodeOpened) finds the plan and changes nothing. */
function createPlan(command: CreatePlan, state: Plan, now: Date, rules: PlanRules): PlanEvent[] {
  if (state.status !== 'not-created') return [];
  const { planId, episodeId, clientId, siteId, level, population, startDate, clinicianId, programmeId } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'planId', planId, 'give the plan an id (the episode id)');
  requireText(problems, 'episodeId', episodeId, 'give the care episode the plan belongs to');
  requireText(problems, 'clientId', clientId, 'give the client id');
  requireText(problems, 'siteId', siteId, 'give the site of the episode');
  requireOneOf(problems, 'population', population, POPULATIONS);
  const started = requireDate(problems, 'startDate', startDate);
  if (clinicianId !== undefined)
    requireText(problems, 'clinicianId', clinicianId, 'give the id of the responsible clinician, or leave it out');
  if (programmeId !== undefined) requireText(problems, 'programmeId', programmeId, "give the ledger's programme id, or leave it out");
  if (command.data.plannedEndDate !== undefined && started) {
    requireDate(problems, 'plannedEndDate', command.data.plannedEndDate, {
      notBefore: { date: startDate, message: `the programme cannot end before it starts (${startDate})` },
    });
  }
  refuseIfInvalid('the plan cannot be created', 'invalid-plan', problems);
  findLevel(level, rules.levels);
  // Length of stay is measured against a planned end: the admission's own, else the programme's configured length.
  const plannedEndDate =
    command.data.plannedEndDate ?? plannedEndOf(rules, { level, startDate, ...(programmeId === undefined ? {} : { programmeId }) });
  return [
    {
      type: 'PlanDrafted',
      data: {
        planId,
        episodeId,
        clientId,
        siteId,
        level: levelOf(level),
        population,
        startDate,
        ...(clinicianId === undefined ? {} : { clinicianId }),
        ...(plannedEndDate === undefined ? {} : { plannedEndDate }),
        draftedAt: now.toISOString(),
      },
    },
  ];
}

/** The treatment-plan decider with a network's or site's rules. */
export function treatmentPlanDecider(rules: PlanRules = DEFAULT_PLAN_RULES): Decider<PlanCommand, PlanEvent, Plan> {
  return { decide: (command, state, now) => decide(command, state, now, rules), evolve, initialState: initialPlan };
}

/** The decider with the default rules (DEFAULT_PLAN_RULES). */
export const treatmentPlan: Decider<PlanCommand, PlanEvent, Plan> = treatmentPlanDecider();
