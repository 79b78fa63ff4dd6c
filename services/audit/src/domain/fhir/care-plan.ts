import { type FhirResource, SYSTEMS, fhirId, identified, periodOf, referenceTo } from './fhir-resource.js';

// A treatment plan (stream `treatment-plan-<planId>`, plan id = episode id) as a CarePlan.
// The audit mirrors the few facts of treatment-plan's events it needs (it may not import
// that service): status, dates, the clinician, and which goals the plan holds.

export type PlanStatus = 'draft' | 'active' | 'revision-required' | 'closed';

export type PlanFacts = {
  planId: string;
  episodeId?: string;
  clientId?: string;
  status: PlanStatus;
  startDate?: string;
  draftedAt?: string;
  clinicianId?: string;
  closedOn?: string;
  disposition?: string;
  goalIds: string[];
};

export const PLAN_STATUS_EXTENSION = 'urn:continuum:fhir:extension:plan-status';

/** The plan's status moves as treatment-plan's own evolve moves it (services/treatment-plan/src/domain/plan.ts). */
export function evolvePlanFacts(current: PlanFacts | undefined, planId: string, type: string, data: Record<string, unknown>): PlanFacts {
  // One plan per episode, planId = episodeId (docs/architecture/streams.md#streams-by-service).
  const plan: PlanFacts = current ?? { planId, episodeId: planId, status: 'draft', goalIds: [] };
  const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  switch (type) {
    case 'PlanDrafted':
      return {
        ...plan,
        status: 'draft',
        episodeId: text('episodeId') ?? planId,
        clientId: text('clientId'),
        startDate: text('startDate'),
        draftedAt: text('draftedAt'),
        clinicianId: text('clinicianId'),
      };
    case 'PlanActivated':
      return { ...plan, status: plan.status === 'draft' ? 'active' : plan.status };
    case 'PlanReviewed':
    case 'PlanRevised':
      return { ...plan, status: plan.status === 'revision-required' ? 'active' : plan.status };
    case 'RelapseRecorded':
      return { ...plan, status: 'revision-required' };
    case 'GoalAdded':
    case 'IntegratedCareGoalAdded': {
      const goalId = text('goalId');
      return goalId && !plan.goalIds.includes(goalId) ? { ...plan, goalIds: [...plan.goalIds, goalId] } : plan;
    }
    case 'PlanClosed':
      return { ...plan, status: 'closed', closedOn: text('date'), disposition: text('disposition') };
    default:
      return plan;
  }
}

// A plan that needs revision after a relapse is still followed: FHIR's `active`, with
// Continuum's own status kept beside it.
const CARE_PLAN_STATUS: Record<PlanStatus, string> = {
  draft: 'draft',
  active: 'active',
  'revision-required': 'active',
  closed: 'completed',
};

export function carePlanOf(plan: PlanFacts, clientId: string): FhirResource {
  return {
    resourceType: 'CarePlan',
    id: fhirId(plan.planId),
    extension: [{ url: PLAN_STATUS_EXTENSION, valueCode: plan.status }],
    status: CARE_PLAN_STATUS[plan.status],
    intent: 'plan',
    subject: referenceTo('Patient', clientId),
    ...(plan.startDate || plan.closedOn ? { period: periodOf(plan.startDate, plan.closedOn) } : {}),
    ...(plan.draftedAt ? { created: plan.draftedAt } : {}),
    ...(plan.clinicianId ? { author: identified(SYSTEMS.user, plan.clinicianId) } : {}),
    ...(plan.episodeId ? { supportingInfo: [referenceTo('EpisodeOfCare', plan.episodeId)] } : {}),
    ...(plan.goalIds.length ? { goal: plan.goalIds.map((goalId) => referenceTo('Goal', goalId)) } : {}),
  };
}
