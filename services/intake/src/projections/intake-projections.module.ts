import { ProjectionsModule } from '@continuum/platform';
import { intakeProjections } from './intake-projections.js';

/** Intake's read side: its read store (default ./data/intake/read.db), the projection runner and its readiness check. */
export const IntakeProjectionsModule = ProjectionsModule.forService({ service: 'intake', projections: intakeProjections });
