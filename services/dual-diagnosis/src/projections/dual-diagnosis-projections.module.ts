import { ProjectionsModule } from '@continuum/platform';
import { mongooseReadStore } from '@continuum/read-store-mongoose';
import { sqliteReadStore } from '@continuum/read-store-sqlite';
import { dualDiagnosisProjections } from './dual-diagnosis-projections.js';

/** Dual-diagnosis's read side: its read store (default ./data/dual-diagnosis/read.db), the projection runner and its readiness check. */
export const DualDiagnosisProjectionsModule = ProjectionsModule.forService({
  service: 'dual-diagnosis',
  projections: dualDiagnosisProjections,
  readStores: [sqliteReadStore, mongooseReadStore],
});
