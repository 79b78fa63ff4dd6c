import { ProjectionsModule } from '@continuum/platform';
import { aftercareProjections } from './aftercare-projections.js';

/** Aftercare's read side: its read store (default ./data/aftercare/read.db), the projection runner and its readiness check. */
export const AftercareProjectionsModule = ProjectionsModule.forService({ service: 'aftercare', projections: aftercareProjections });
