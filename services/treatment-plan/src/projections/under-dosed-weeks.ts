import { type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';

/**
 * One row per under-dosed week of a plan (WeekUnderDosed): the alert a clinician follows up.
 * `isQueued` until the care team follows it up or the plan closes (under-dosed-follow-ups.ts).
 */
export type UnderDosedWeek = {
  planId: string;
  clientId: string;
  siteId: string;
  weekStart: string;
  hours: number;
  minimum: number;
  level: LevelOfCare;
  isQueued: boolean;
};

export const UNDER_DOSED_WEEKS: ReadModelDefinition = {
  name: 'treatment_plan_under_dosed_weeks',
  indexes: [
    { fields: ['isQueued', 'siteId', 'weekStart'] },
    { fields: ['isQueued', 'weekStart'] },
    { fields: ['siteId', 'weekStart'] },
    { fields: ['weekStart'] },
    { fields: ['planId'] },
  ],
};
