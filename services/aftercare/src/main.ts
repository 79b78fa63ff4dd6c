import { connectBus } from '@continuum/messaging';
import { startService } from '@continuum/platform';
import { aftercareServiceConfig } from './aftercare.config.js';
import { AftercareModule } from './aftercare.module.js';

const app = await startService(AftercareModule, { serviceName: 'aftercare', config: aftercareServiceConfig });
await connectBus(app);
