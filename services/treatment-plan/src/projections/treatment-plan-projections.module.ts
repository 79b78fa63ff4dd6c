import { ProjectionsModule } from '@continuum/platform';
import { mongooseReadStore } from '@continuum/read-store-mongoose';
import { sqliteReadStore } from '@continuum/read-store-sqlite';
import { treatmentPlanProjections } from './treatment-plan-projections.js';

/** Treatment-plan's read side: its read store (default ./data/treatment-plan/read.db), the projection runner and its readiness check. */
export const TreatmentPlanProjectionsModule = ProjectionsModule.forService({
  service: 'treatment-plan',
  projections: treatmentPlanProjections,
  readStores: [sqliteReadStore, mongooseReadStore],
});
