import { startService } from '@continuum/platform';
import { auditServiceConfig } from './audit.config.js';
import { AuditModule } from './audit.module.js';

await startService(AuditModule, { serviceName: 'audit', config: auditServiceConfig });
