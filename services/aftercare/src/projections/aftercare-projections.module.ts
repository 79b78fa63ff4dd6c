import { ProjectionsModule } from '@continuum/platform';
import { mongooseReadStore } from '@continuum/read-store-mongoose';
import { sqliteReadStore } from '@continuum/read-store-sqlite';
import { aftercareProjections } from './aftercare-projections.js';

/** Aftercare's read side: its read store (default ./data/aftercare/read.db), the projection runner and its readiness check. */
export const AftercareProjectionsModule = ProjectionsModule.forService({
  service: 'aftercare',
  projections: aftercareProjections,
  readStores: [sqliteReadStore, mongooseReadStore],
});
