// The service's read store as a global Nest provider: opened from READ_STORE_URL (else
// MONGODB_URI, else sqlite:./data/<service>/read.db) with the adapters the service names, and
// closed on shutdown, after the projection runner stopped. Its projections and its
// idempotency keys live there. ProjectionsModule imports it; a service without projections
// that takes keyed writes imports it alone:
//   ReadStoreModule.forRoot({ service: 'intake', adapters: [sqliteReadStore, mongooseReadStore] })
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { READ_STORE, type ReadStore, type ReadStoreAdapter, openReadStore, readStoreUrlFrom } from '@continuum/read-store';
import { SERVICE_ENV } from '../platform.module.js';

export type ReadStoreModuleOptions = {
  /** Names the default read store folder, as `projections:rebuild <service>` does. */
  service: string;
  /** The adapters this service is built with; READ_STORE_URL (or MONGODB_URI) chooses one of them. */
  adapters: readonly ReadStoreAdapter[];
};

@Injectable()
class ReadStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}

@Module({})
export class ReadStoreModule {
  static forRoot({ service, adapters }: ReadStoreModuleOptions): DynamicModule {
    return {
      module: ReadStoreModule,
      global: true,
      providers: [
        {
          provide: READ_STORE,
          inject: [SERVICE_ENV],
          useFactory: (env: Record<string, string | undefined>) => openReadStore(readStoreUrlFrom(env, service), adapters),
        },
        ReadStoreLifecycle,
      ],
      exports: [READ_STORE],
    };
  }
}
