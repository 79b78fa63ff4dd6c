import { type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';
import { type OpenPlan, type ClosedPlan, type PlanStatus, careTeamUserIds, isGoalClosed, reviewNeeded, sobriety } from '../domain/index.js';

// One row per plan, for the caseload, overdue-review, review-needed and ready-for-discharge lists. Dates
// that depend on "today" are stored as the day they are compared with (nextReviewDue,
// soberSince), so the lists ask the store "due before today" without re-reading the plans.

export type PlanListItem = {
  planId: string;
  episodeId: string;
  clientId: string;
  siteId: string;
  status: PlanStatus;
  /** 1 while the plan is not closed: an index works on a scalar, and the lists show open plans. */
  isOpen: boolean;
  /** The clinician the plan was drafted for, else the clinician who signed it. */
  clinicianId: string | null;
  /** The user ids on the episode's care team: who, besides the site's clinical supervisors and auditors, sees this row's clinical columns. */
  careTeam: string[];
  level: LevelOfCare;
  levelCode: string;
  population: string;
  startDate: string;
  plannedEndDate: string | null;
  nextReviewDue: string | null;
  /** The day the sobriety streak counts from (the last known use, else the plan's start). */
  soberSince: string;
  openGoals: number;
  goals: number;
  isRevisionRequired: boolean;
  /** A worsened screening asked for a review that no review or revision has answered yet. */
  isReviewNeeded: boolean;
  /** The day of the oldest such recommendation. */
  reviewNeededSince: string | null;
  underDosedWeeks: number;
  updatedAt: string;
};

export const PLAN_LIST: ReadModelDefinition = {
  name: 'treatment_plans',
  indexes: [
    { fields: ['siteId', 'isOpen'] },
    { fields: ['clinicianId', 'isOpen'] },
    { fields: ['isOpen', 'nextReviewDue'] },
    { fields: ['isOpen', 'isReviewNeeded', 'reviewNeededSince'] },
    { fields: ['isOpen', 'openGoals', 'soberSince'] },
    { fields: ['clientId'] },
    { fields: ['startDate'] },
  ],
};

/** The last day any use is recorded for; a streak counted as of then counts from the last use at all. */
const END_OF_RECORD = '9999-12-31';

export function planListItemOf(plan: OpenPlan | ClosedPlan, updatedAt: string): PlanListItem {
  return {
    planId: plan.planId,
    episodeId: plan.episodeId,
    clientId: plan.clientId,
    siteId: plan.siteId,
    status: plan.status,
    isOpen: plan.status !== 'closed',
    clinicianId: plan.clinicianId ?? plan.signatures.clinician?.signedBy ?? null,
    careTeam: careTeamUserIds(plan),
    level: plan.level,
    levelCode: plan.level.code,
    population: plan.population,
    startDate: plan.startDate,
    plannedEndDate: plan.plannedEndDate ?? null,
    nextReviewDue: plan.nextReviewDue ?? null,
    soberSince: sobriety(plan, END_OF_RECORD).since,
    openGoals: plan.goals.filter((goal) => !isGoalClosed(goal)).length,
    goals: plan.goals.length,
    isRevisionRequired: plan.status === 'revision-required',
    ...reviewNeededOf(plan),
    underDosedWeeks: plan.closedWeeks.filter((week) => week.underDosed).length,
    updatedAt,
  };
}

function reviewNeededOf(plan: OpenPlan | ClosedPlan): Pick<PlanListItem, 'isReviewNeeded' | 'reviewNeededSince'> {
  const { isReviewNeeded, since } = reviewNeeded(plan);
  return { isReviewNeeded, reviewNeededSince: since };
}
