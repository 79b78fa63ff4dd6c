import { connectBus } from '@continuum/messaging';
import { startService } from '@continuum/platform';
import { treatmentPlanServiceConfig } from './treatment-plan.config.js';
import { TreatmentPlanModule } from './treatment-plan.module.js';

const app = await startService(TreatmentPlanModule, { serviceName: 'treatment-plan', config: treatmentPlanServiceConfig });
await connectBus(app);
