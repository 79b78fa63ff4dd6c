import { ProjectionsModule } from '@continuum/platform';
import { mongooseReadStore } from '@continuum/read-store-mongoose';
import { sqliteReadStore } from '@continuum/read-store-sqlite';
import { intakeProjections } from './intake-projections.js';

/** Intake's read side: its read store (default ./data/intake/read.db), the projection runner and its readiness check. */
export const IntakeProjectionsModule = ProjectionsModule.forService({
  service: 'intake',
  projections: intakeProjections,
  readStores: [sqliteReadStore, mongooseReadStore],
});
