// A service's read side as Nest providers: its read store (READ_STORE_URL, else MONGODB_URI,
// else sqlite:./data/<service>/read.db), the runner that feeds its projections from the event
// store (started once the app is up, stopped before the stores close), and the projections'
// lag in /health/ready. The read store itself is ReadStoreModule's (global: the idempotency
// keys live there too). Every service imports it the same way, naming the read store
// adapters it is built with:
//   ProjectionsModule.forService({ service: 'intake', projections: intakeProjections, readStores: [sqliteReadStore, mongooseReadStore] })
import { type BeforeApplicationShutdown, type DynamicModule, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type Projection, ProjectionRunner, READ_STORE, type ReadStore, type ReadStoreAdapter } from '@continuum/read-store';
import { ReadinessRegistry } from '../health/readiness.js';
import { JsonLogger } from '../logging/json-logger.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { ReadStoreModule } from './read-store.module.js';

export type ProjectionsModuleOptions = {
  /** Names the default read store folder, as `projections:rebuild <service>` does. */
  service: string;
  projections: readonly Projection[];
  /** The adapters this service is built with; READ_STORE_URL (or MONGODB_URI) chooses one of them. */
  readStores: readonly ReadStoreAdapter[];
};

@Injectable()
class ProjectionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    readiness: ReadinessRegistry,
    metrics: ServiceMetrics,
  ) {
    readiness.register('projections', () => runner.readiness());
    metrics.gaugeOnScrape(
      'continuum_projection_lag_events',
      'Events in the store a projection has not yet applied to the read store, up to 10000.',
      ['projection', 'state'],
      async () => (await runner.lag()).map(({ projection, state, lag }) => ({ labels: { projection, state }, value: lag })),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

@Module({})
export class ProjectionsModule {
  static forService({ service, projections, readStores }: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [ReadStoreModule.forRoot({ service, adapters: readStores })],
      providers: [
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_STORE, JsonLogger],
          useFactory: (eventStore: EventStore, readStore: ReadStore, logger: JsonLogger) =>
            new ProjectionRunner({ eventStore, readStore, projections, log: (entry) => logger.log(entry, 'projections') }),
        },
        ProjectionsLifecycle,
      ],
      exports: [ProjectionRunner],
    };
  }
}
