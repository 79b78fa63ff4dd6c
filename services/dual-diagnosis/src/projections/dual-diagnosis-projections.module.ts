// The dual-diagnosis read side as Nest providers: the read store (READ_STORE_URL, else
// MONGODB_URI, else ./data/dual-diagnosis/read.db), the runner feeding the projections from
// the event store (started once the app is up, stopped before the stores close), and its lag in /health/ready.
import { type BeforeApplicationShutdown, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { READ_STORE, ProjectionRunner, type ReadStore, openReadStore, readStoreUrlFrom } from '#continuum/read-store';
import { JsonLogger, ReadinessRegistry, SERVICE_ENV } from '#continuum/platform';
import { dualDiagnosisProjections } from './dual-diagnosis-projections.js';

@Injectable()
class ProjectionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    readiness: ReadinessRegistry,
  ) {
    readiness.register('projections', () => runner.readiness());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}

@Module({
  providers: [
    { provide: READ_STORE, inject: [SERVICE_ENV], useFactory: (env: Record<string, string | undefined>) => openReadStore(readStoreUrlFrom(env, 'dual-diagnosis')) },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_STORE, JsonLogger],
      useFactory: (eventStore: EventStore, readStore: ReadStore, logger: JsonLogger) =>
        new ProjectionRunner({ eventStore, readStore, projections: dualDiagnosisProjections, log: (entry) => logger.log(entry, 'projections') }),
    },
    ProjectionsLifecycle,
  ],
  exports: [READ_STORE, ProjectionRunner],
})
export class DualDiagnosisProjectionsModule {}
