import { startService } from '#continuum/platform';
import { intakeServiceConfig } from './intake.config.js';
import { IntakeModule } from './intake.module.js';

await startService(IntakeModule, { serviceName: 'intake', config: intakeServiceConfig });
