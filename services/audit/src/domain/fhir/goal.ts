import { type Extension, type FhirResource, SYSTEMS, coded, fhirId, referenceTo } from './fhir-resource.js';

// A treatment-plan goal as a Goal: its code, target date and status; an integrated-care goal
// (from a completed dual-diagnosis referral) also says which referral, condition and
// recommendations it came from.

export type GoalStatus = 'proposed' | 'active' | 'achieved' | 'not-achieved' | 'cancelled';

export type GoalFacts = {
  goalId: string;
  planId: string;
  code: string;
  targetDate?: string;
  status: GoalStatus;
  statusDate?: string;
  statusReasonCode?: string;
  integratedCare?: { referralId: string; conditionCode: string; conditionConfirmed: boolean; recommendationCodes: string[] };
};

export const INTEGRATED_CARE_EXTENSION = 'urn:continuum:fhir:extension:integrated-care-outcome';

export function evolveGoalFacts(
  current: GoalFacts | undefined,
  planId: string,
  type: string,
  data: Record<string, unknown>,
): GoalFacts | undefined {
  const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  switch (type) {
    case 'GoalAdded':
      return { goalId: text('goalId')!, planId, code: text('code') ?? 'unknown', targetDate: text('targetDate'), status: 'proposed' };
    case 'IntegratedCareGoalAdded':
      return {
        goalId: text('goalId')!,
        planId,
        code: 'integrated-care',
        targetDate: text('targetDate'),
        status: 'proposed',
        integratedCare: {
          referralId: text('referralId') ?? '',
          conditionCode: text('conditionCode') ?? '',
          conditionConfirmed: data.conditionConfirmed === true,
          recommendationCodes: Array.isArray(data.recommendationCodes)
            ? data.recommendationCodes.filter((code): code is string => typeof code === 'string')
            : [],
        },
      };
    case 'GoalStatusChanged':
      return (
        current && { ...current, status: text('to') as GoalStatus, statusDate: text('changedOn'), statusReasonCode: text('reasonCode') }
      );
    default:
      return current;
  }
}

const LIFECYCLE: Record<GoalStatus, string> = {
  proposed: 'proposed',
  active: 'active',
  achieved: 'completed',
  'not-achieved': 'completed',
  cancelled: 'cancelled',
};
const ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

export function goalOf(goal: GoalFacts, clientId: string): FhirResource {
  const care = goal.integratedCare;
  const extension: Extension[] = care
    ? [
        {
          url: INTEGRATED_CARE_EXTENSION,
          extension: [
            { url: 'referral', valueReference: referenceTo('ServiceRequest', care.referralId) },
            { url: 'condition', valueCoding: { system: SYSTEMS.condition, code: care.conditionCode } },
            { url: 'conditionConfirmed', valueBoolean: care.conditionConfirmed },
            ...care.recommendationCodes.map((code) => ({ url: 'recommendation', valueCoding: { system: SYSTEMS.recommendation, code } })),
          ],
        },
      ]
    : [];
  return {
    resourceType: 'Goal',
    id: fhirId(goal.goalId),
    ...(extension.length ? { extension } : {}),
    identifier: [{ system: SYSTEMS.goal, value: goal.goalId }],
    lifecycleStatus: LIFECYCLE[goal.status],
    ...(goal.status === 'achieved' || goal.status === 'not-achieved' ? { achievementStatus: coded(ACHIEVEMENT_SYSTEM, goal.status) } : {}),
    description: { ...coded(SYSTEMS.goalCode, goal.code), text: goal.code },
    subject: referenceTo('Patient', clientId),
    ...(goal.targetDate ? { target: [{ dueDate: goal.targetDate }] } : {}),
    ...(goal.statusDate ? { statusDate: goal.statusDate } : {}),
    ...(goal.statusReasonCode ? { statusReason: goal.statusReasonCode } : {}),
  };
}
