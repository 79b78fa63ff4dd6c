import { connectBus } from '@continuum/messaging';
import { startService } from '@continuum/platform';
import { dualDiagnosisServiceConfig } from './dual-diagnosis.config.js';
import { dualDiagnosisModule } from './dual-diagnosis.module.js';

const app = await startService(dualDiagnosisModule(), { serviceName: 'dual-diagnosis', config: dualDiagnosisServiceConfig });
await connectBus(app);
