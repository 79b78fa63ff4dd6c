import { type CalendarDate, type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';
import { type ExistingAftercarePlan, OUTCOME_DAYS, type OutcomeAt, type OutcomeDay, outcomeAt } from '../domain/index.js';

// One row per aftercare plan, for the scheduler (open check-ins past their grace days, plans
// at the end of their year) and the outcome reports (per site, per discharge level). The
// plan's folded state rides along, so the next event folds from it with the write side's own
// `evolve`, and the rows can never disagree with the rules about what a status means.

export type AftercarePlanRow = {
  planId: string;
  episodeId: string;
  clientId: string;
  siteId: string;
  status: 'active' | 'ended';
  isActive: boolean;
  dischargeLevel: LevelOfCare;
  /** `<edition>:<code>`, the report's grouping key. */
  dischargeLevelKey: string;
  dischargeDate: CalendarDate;
  endsOn: CalendarDate;
  /** The earliest check-in neither recorded nor marked missed; null when none is left. */
  nextScheduledDue: CalendarDate | null;
  isUnreachable: boolean;
  consecutiveMisses: number;
  readmissionRecommendations: number;
  endReason: string | null;
  /** The answer of `outcomeAt` for each reporting day (null: no check-in up to that day was recorded). */
  outcomes: Record<`${OutcomeDay}`, OutcomeAt | null>;
  state: ExistingAftercarePlan;
  updatedAt: string;
};

export const AFTERCARE_PLANS: ReadModelDefinition = {
  name: 'aftercare_plans',
  indexes: [
    { fields: ['siteId', 'isActive'] },
    { fields: ['isActive', 'nextScheduledDue'] },
    { fields: ['isActive', 'endsOn'] },
    { fields: ['clientId'] },
    { fields: ['dischargeDate'] },
  ],
};

export const levelKeyOf = (level: LevelOfCare) => `${level.edition}:${level.code}`;

export function aftercarePlanRowOf(plan: ExistingAftercarePlan, updatedAt: string): AftercarePlanRow {
  const outcomes = Object.fromEntries(OUTCOME_DAYS.map((day) => [`${day}`, outcomeAt(plan, day) ?? null])) as AftercarePlanRow['outcomes'];
  return {
    planId: plan.planId,
    episodeId: plan.episodeId,
    clientId: plan.clientId,
    siteId: plan.siteId,
    status: plan.status,
    isActive: plan.status === 'active',
    dischargeLevel: plan.dischargeLevel,
    dischargeLevelKey: levelKeyOf(plan.dischargeLevel),
    dischargeDate: plan.dischargeDate,
    endsOn: plan.endsOn,
    nextScheduledDue: plan.checkIns.find((checkIn) => checkIn.status === 'scheduled')?.dueDate ?? null,
    isUnreachable: plan.isUnreachable,
    consecutiveMisses: plan.consecutiveMisses,
    readmissionRecommendations: plan.readmissionRecommendations.length,
    endReason: plan.ended?.reason ?? null,
    outcomes,
    state: plan,
    updatedAt,
  };
}
