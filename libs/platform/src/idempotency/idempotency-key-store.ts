// The service's idempotency keys as a Nest provider: the read store is opened on the first
// keyed write (a service that never gets one, like audit, opens nothing) and closed on shutdown.
// See idempotency-keys.ts for why the read store.
import { type OnApplicationShutdown } from '@nestjs/common';
import { openReadStore, readStoreUrlFrom } from '@continuum/read-store';
import { type IdempotencyKeyRecord, IdempotencyKeys, type IdempotencyKeysOptions, type VersionedDocuments } from './idempotency-keys.js';

/** The collection of one service's keys: services may share one MongoDB database, never a key. */
export function idempotencyCollectionName(service: string): string {
  return `platform_idempotency_keys_${service.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 64);
}

type Opened = { documents: VersionedDocuments<IdempotencyKeyRecord>; close(): Promise<void> };

/** Opens the service's read store once, when first asked. */
class LazyReadStore {
  private opened?: Promise<Opened>;

  constructor(
    private readonly service: string,
    private readonly env: Record<string, string | undefined>,
  ) {}

  async documents(): Promise<VersionedDocuments<IdempotencyKeyRecord>> {
    if (!this.opened) {
      const opening = this.open();
      this.opened = opening;
      // A store that could not be opened is tried again on the next keyed write.
      opening.catch(() => {
        if (this.opened === opening) this.opened = undefined;
      });
    }
    return (await this.opened).documents;
  }

  private async open(): Promise<Opened> {
    const store = await openReadStore(readStoreUrlFrom(this.env, this.service));
    try {
      const documents = await store.collection<IdempotencyKeyRecord>({ name: idempotencyCollectionName(this.service), indexes: [] });
      return { documents, close: () => store.close() };
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    const store = await opened?.catch(() => undefined);
    await store?.close();
  }
}

export class IdempotencyKeyStore extends IdempotencyKeys implements OnApplicationShutdown {
  private readonly store: LazyReadStore;

  constructor(service: string, env: Record<string, string | undefined>, options: IdempotencyKeysOptions = {}) {
    const store = new LazyReadStore(service, env);
    super(() => store.documents(), options);
    this.store = store;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
