import { type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';

/** One row per under-dosed week of a plan (WeekUnderDosed): the alert a clinician follows up. */
export type UnderDosedWeek = {
  planId: string;
  clientId: string;
  siteId: string;
  weekStart: string;
  hours: number;
  minimum: number;
  level: LevelOfCare;
};

export const UNDER_DOSED_WEEKS: ReadModelDefinition = {
  name: 'treatment_plan_under_dosed_weeks',
  indexes: [{ fields: ['siteId', 'weekStart'] }, { fields: ['weekStart'] }, { fields: ['planId'] }],
};
