// The four services (and the read-only audit service) in one process, on one event store file
// and one bus, every one of them reading the same simulated clock: months of care pass in
// seconds. Each is built exactly as its main.ts builds it (createServiceApp + connectBus), from
// its module factory given the shared clock, and listens on a free local port, so the journey
// reaches them only through their HTTP APIs. `npm start` is the real thing: separate processes
// on the real clock. Used by `npm run demo` and by the whole-journey system test.
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { type INestApplication, type Type } from '@nestjs/common';
import { connectBus } from '@continuum/messaging';
import { type Clock, type ConfigDefinition, type LogSink, type PlatformConfig, createServiceApp } from '@continuum/platform';
import { aftercareServiceConfig } from '@continuum/aftercare/aftercare.config.js';
import { aftercareModule } from '@continuum/aftercare/aftercare.module.js';
import { auditServiceConfig } from '@continuum/audit/audit.config.js';
import { AuditModule } from '@continuum/audit/audit.module.js';
import { dualDiagnosisServiceConfig } from '@continuum/dual-diagnosis/dual-diagnosis.config.js';
import { dualDiagnosisModule } from '@continuum/dual-diagnosis/dual-diagnosis.module.js';
import { intakeServiceConfig } from '@continuum/intake/intake.config.js';
import { intakeModule } from '@continuum/intake/intake.module.js';
import { treatmentPlanServiceConfig } from '@continuum/treatment-plan/treatment-plan.config.js';
import { treatmentPlanModule } from '@continuum/treatment-plan/treatment-plan.module.js';

export type ServiceName = 'intake' | 'treatment-plan' | 'dual-diagnosis' | 'aftercare' | 'audit';

type ServiceDefinition = {
  name: ServiceName;
  module: (clock: Clock) => Type<unknown>;
  config: ConfigDefinition<PlatformConfig>;
  /** The audit service reads the store directly: no bus, no read models. */
  onTheBus: boolean;
};

// In start order: the consumers are on the bus before the first producer publishes.
const SERVICES: ServiceDefinition[] = [
  { name: 'treatment-plan', module: treatmentPlanModule, config: treatmentPlanServiceConfig, onTheBus: true },
  { name: 'dual-diagnosis', module: dualDiagnosisModule, config: dualDiagnosisServiceConfig, onTheBus: true },
  { name: 'aftercare', module: (clock) => aftercareModule(clock), config: aftercareServiceConfig, onTheBus: true },
  { name: 'intake', module: intakeModule, config: intakeServiceConfig, onTheBus: true },
  { name: 'audit', module: () => AuditModule, config: auditServiceConfig, onTheBus: false },
];

export type InProcessServices = {
  /** The base URL of each service's HTTP API (`http://127.0.0.1:<port>`). */
  readonly urls: Record<ServiceName, string>;
  readonly apps: Record<ServiceName, INestApplication>;
  /** Closes every service, in the reverse order of their start; the store and the bus stay in `folder`. */
  close(): Promise<void>;
};

export type InProcessOptions = {
  /** Holds the event store, the embedded bus and each service's read models. */
  folder: string;
  clock: Clock;
  /** Added to (and overriding) the defaults: BUS, KAFKA_BROKERS, LOG_LEVEL… */
  env?: Record<string, string>;
  logSink?: LogSink;
};

export async function startServicesInProcess({
  folder,
  clock,
  env = {},
  logSink = () => undefined,
}: InProcessOptions): Promise<InProcessServices> {
  const apps = {} as Record<ServiceName, INestApplication>;
  const urls = {} as Record<ServiceName, string>;
  const started: INestApplication[] = [];
  const close = async () => {
    for (const app of started.reverse()) await app.close();
    started.length = 0;
  };
  try {
    for (const service of SERVICES) {
      const app = await createServiceApp(service.module(clock), {
        serviceName: service.name,
        config: service.config,
        env: {
          EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
          READ_STORE_URL: `sqlite:${path.join(folder, `${service.name}-read.db`)}`,
          DATA_DIR: folder,
          BUS: 'embedded',
          LOG_LEVEL: 'error',
          // Deadlines are not fired by timers here: a timer on a simulated clock would find
          // months-old deadlines at every jump. The journey records what happens, on the day.
          SCHEDULER_INTERVAL_MS: '0',
          OVERDUE_CHECK_INTERVAL_MS: '0',
          ...env,
        },
        logSink,
      });
      started.push(app);
      if (service.onTheBus) await connectBus(app);
      await app.listen(0, '127.0.0.1');
      apps[service.name] = app;
      urls[service.name] = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { apps, urls, close };
}
