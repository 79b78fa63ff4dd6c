// The service's idempotency keys as a Nest provider, kept in the service's read store (the
// one ReadStoreModule opens, which ProjectionsModule imports); the collection is opened on the
// first keyed write. See idempotency-keys.ts for why the read store.
import { type ReadStore } from '@continuum/read-store';
import { type IdempotencyKeyRecord, IdempotencyKeys, type IdempotencyKeysOptions, type VersionedDocuments } from './idempotency-keys.js';

/** The collection of one service's keys: services may share one MongoDB database, never a key. */
export function idempotencyCollectionName(service: string): string {
  return `platform_idempotency_keys_${service.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 64);
}

export class IdempotencyKeyStore extends IdempotencyKeys {
  /** `readStore` is undefined in a service without a read side (audit): it takes no keyed writes. */
  constructor(service: string, readStore: ReadStore | undefined, options: IdempotencyKeysOptions = {}) {
    let documents: Promise<VersionedDocuments<IdempotencyKeyRecord>> | undefined;
    const open = async (): Promise<VersionedDocuments<IdempotencyKeyRecord>> => {
      if (readStore === undefined)
        throw new Error(`the ${service} service has no read store (ProjectionsModule) to keep idempotency keys in`);
      return readStore.collection<IdempotencyKeyRecord>({ name: idempotencyCollectionName(service), indexes: [] });
    };
    super(() => {
      if (!documents) {
        const opening = open();
        documents = opening;
        // A collection that could not be opened is tried again on the next keyed write.
        opening.catch(() => {
          if (documents === opening) documents = undefined;
        });
      }
      return documents;
    }, options);
  }
}
