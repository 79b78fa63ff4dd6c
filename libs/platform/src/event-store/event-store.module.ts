// The event store as a Nest provider: opened from EVENT_STORE_URL (SQLite file by default,
// KurrentDB when the URL says so) with the adapters the service names, checked by
// /health/ready, closed on shutdown so the last group commit is flushed before the process exits.
//   EventStoreModule.forRoot({ adapters: [sqliteEventStore, kurrentDbEventStore] })
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type EventStoreAdapter, openEventStore } from '@continuum/event-store';
import { type PlatformConfig } from '../config/service-config.js';
import { ReadinessRegistry } from '../health/readiness.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { SERVICE_CONFIG } from '../platform.module.js';
import { instrumentedEventStore } from './instrumented-event-store.js';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    readiness: ReadinessRegistry,
  ) {
    readiness.register('event-store', async () => ({ status: 'up', details: { headPosition: await store.headPosition() } }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export type EventStoreModuleOptions = {
  /** The adapters this service is built with; EVENT_STORE_URL chooses one of them. */
  adapters: readonly EventStoreAdapter[];
};

@Module({})
export class EventStoreModule {
  static forRoot({ adapters }: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [SERVICE_CONFIG, ServiceMetrics],
          useFactory: async (config: PlatformConfig, metrics: ServiceMetrics) =>
            instrumentedEventStore(await openEventStore(config.EVENT_STORE_URL, adapters), metrics),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
