import { dayOf, addDays } from './calendar.js';
import { DUAL_DIAGNOSIS_SPECIALTIES, REFERRAL_URGENCIES } from './codes.js';
import { type AddIntegratedCareGoal, type RequestDualDiagnosisReferral } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireCodes, requireOneOf, requireText } from './validation.js';

// Dual diagnosis from the plan's side: a clinician asks for a referral (the dual-diagnosis
// service opens and runs it), and the referral's outcome comes back as an integrated-care
// goal, so that the psychiatric and the substance-use care sit in one plan.

export function requestDualDiagnosisReferral(command: RequestDualDiagnosisReferral, plan: OpenPlan, now: Date): PlanEvent[] {
  const { requestId, specialty, urgency, conditionCode } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'requestId', requestId, 'give the request an id');
  requireOneOf(problems, 'specialty', specialty, DUAL_DIAGNOSIS_SPECIALTIES);
  requireOneOf(problems, 'urgency', urgency, REFERRAL_URGENCIES);
  requireText(problems, 'conditionCode', conditionCode, 'give the code of the condition to be seen to');
  refuseIfInvalid('the referral cannot be requested', 'invalid-referral-request', problems);
  if (plan.referralRequestIds.includes(requestId)) return [];
  return [
    {
      type: 'DualDiagnosisReferralRequested',
      data: {
        planId: plan.planId,
        requestId,
        episodeId: plan.episodeId,
        clientId: plan.clientId,
        siteId: plan.siteId,
        specialty,
        urgency,
        conditionCode,
        requestedAt: now.toISOString(),
      },
    },
  ];
}

/** Ids derived from the referral, so that a redelivered outcome names the same goal. */
export const integratedCareGoalId = (referralId: string): string => `integrated-care-${referralId}`;
export const integratedCareProblemId = (referralId: string): string => `condition-${referralId}`;

/**
 * Once per referral. The goal serves the plan's problem coded with the condition, or a new
 * one when the plan has none; it is proposed (the clinician and client make it active) and
 * due at the next review interval, when the team looks at it together.
 */
export function addIntegratedCareGoal(command: AddIntegratedCareGoal, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { referralId, conditionCode, conditionConfirmed, recommendationCodes } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'referralId', referralId, 'give the id of the completed referral');
  requireText(problems, 'conditionCode', conditionCode, 'give the condition code of the referral');
  if (typeof conditionConfirmed !== 'boolean')
    problems.push({ field: 'conditionConfirmed', message: 'say whether the condition was confirmed (true or false)' });
  requireCodes(problems, 'recommendationCodes', recommendationCodes);
  refuseIfInvalid('the integrated-care goal cannot be added', 'invalid-integrated-care-goal', problems);
  if (plan.goals.some((goal) => goal.referralId === referralId)) return [];
  const existingProblem = plan.problems.find((problem) => problem.code === conditionCode);
  return [
    {
      type: 'IntegratedCareGoalAdded',
      data: {
        planId: plan.planId,
        referralId,
        goalId: integratedCareGoalId(referralId),
        problemId: existingProblem?.problemId ?? integratedCareProblemId(referralId),
        problemAdded: existingProblem === undefined,
        conditionCode,
        conditionConfirmed,
        recommendationCodes,
        targetDate: addDays(dayOf(now), rules.reviewIntervalDays),
      },
    },
  ];
}
