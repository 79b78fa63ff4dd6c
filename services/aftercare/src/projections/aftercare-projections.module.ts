// Aftercare's read side as Nest providers: its read store (READ_STORE_URL, else
// MONGODB_URI, else ./data/aftercare/read.db), the runner that feeds its projections
// from the event store (started once the app is up, stopped before the stores close), and
// its lag in /health/ready.
import { type BeforeApplicationShutdown, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { JsonLogger, ReadinessRegistry, SERVICE_ENV } from '#continuum/platform';
import { ProjectionRunner, READ_STORE, type ReadStore, openReadStore, readStoreUrlFrom } from '#continuum/read-store';
import { aftercareProjections } from './aftercare-projections.js';

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
    { provide: READ_STORE, inject: [SERVICE_ENV], useFactory: (env: Record<string, string | undefined>) => openReadStore(readStoreUrlFrom(env, 'aftercare')) },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_STORE, JsonLogger],
      useFactory: (eventStore: EventStore, readStore: ReadStore, logger: JsonLogger) =>
        new ProjectionRunner({ eventStore, readStore, projections: aftercareProjections, log: (entry) => logger.log(entry, 'projections') }),
    },
    ProjectionsLifecycle,
  ],
  exports: [READ_STORE, ProjectionRunner],
})
export class AftercareProjectionsModule {}
