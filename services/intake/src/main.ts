import { connectBus } from '@continuum/messaging';
import { startService } from '@continuum/platform';
import { intakeServiceConfig } from './intake.config.js';
import { IntakeModule } from './intake.module.js';

const app = await startService(IntakeModule, { serviceName: 'intake', config: intakeServiceConfig });
await connectBus(app);
