import { type FactoryProvider, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { JsonLogger, SERVICE_CONFIG } from '@continuum/platform';
import { type AuditConfig } from '../audit.config.js';
import { ClientIndex } from './client-index.js';
import { clientIndexFileFor } from './client-index-file.js';

const CONTEXT = 'ClientIndex';

/** The service's client index, beside its other local files; what it does is logged with positions and ids only. */
export const clientIndexProvider: FactoryProvider<ClientIndex> = {
  provide: ClientIndex,
  inject: [EVENT_STORE, SERVICE_CONFIG, JsonLogger],
  useFactory: (store: EventStore, config: AuditConfig, logger: JsonLogger) =>
    ClientIndex.open(store, config.CLIENT_INDEX_FILE ?? clientIndexFileFor(config.EVENT_STORE_URL, config.DATA_DIR), {
      onRebuild: (reason) => logger.warn({ message: 'client index rebuilt from zero', reason }, CONTEXT),
      onFarBehind: (checkpoint, headPosition) => logger.log({ message: 'client index catching up', checkpoint, headPosition }, CONTEXT),
      onProgress: (progress) => logger.log({ message: 'client index catching up', ...progress }, CONTEXT),
      onCaughtUp: (report) => {
        if (report.elapsedMs >= 1000) logger.log({ message: 'client index caught up', ...report }, CONTEXT);
      },
    }),
};

/** Catches up once at boot (in the background: a question asked meanwhile waits for it) and closes the file on shutdown. */
@Injectable()
export class ClientIndexLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly index: ClientIndex,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.index.catchUp().catch((error: unknown) => {
      this.logger.error(
        {
          message: 'client index could not catch up at boot; the next question tries again',
          error: error instanceof Error ? error.message : String(error),
        },
        CONTEXT,
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.index.close();
  }
}
