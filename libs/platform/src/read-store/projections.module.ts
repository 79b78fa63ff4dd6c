// A service's read side as Nest providers: its read store (READ_STORE_URL, else MONGODB_URI,
// else sqlite:./data/<service>/read.db), the runner that feeds its projections from the event
// store (started once the app is up, stopped before the stores close), and the projections'
// lag in /health/ready. Every service imports it the same way:
//   ProjectionsModule.forService({ service: 'intake', projections: intakeProjections })
import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type Projection, ProjectionRunner, READ_STORE, type ReadStore, openReadStore, readStoreUrlFrom } from '@continuum/read-store';
import { ReadinessRegistry } from '../health/readiness.js';
import { JsonLogger } from '../logging/json-logger.js';
import { SERVICE_ENV } from '../platform.module.js';

export type ProjectionsModuleOptions = {
  /** Names the default read store folder, as `projections:rebuild <service>` does. */
  service: string;
  projections: readonly Projection[];
};

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

@Module({})
export class ProjectionsModule {
  static forService({ service, projections }: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        { provide: READ_STORE, inject: [SERVICE_ENV], useFactory: (env: Record<string, string | undefined>) => openReadStore(readStoreUrlFrom(env, service)) },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_STORE, JsonLogger],
          useFactory: (eventStore: EventStore, readStore: ReadStore, logger: JsonLogger) =>
            new ProjectionRunner({ eventStore, readStore, projections, log: (entry) => logger.log(entry, 'projections') }),
        },
        ProjectionsLifecycle,
      ],
      exports: [READ_STORE, ProjectionRunner],
    };
  }
}
