// Which request each Idempotency-Key belongs to, so that a key is honoured only for a retry
// of the very request it was first sent with.
//
// A key is claimed (in flight) before the route's handler runs, bound once the handler
// succeeded, and freed again when the handler refused the request (a 4xx): a refused request
// wrote nothing, so its key may be used afresh. A failure that may come after a write (a 5xx)
// keeps the marker. An in-flight marker left by a crashed process expires after
// IN_FLIGHT_EXPIRY_MS, and then a retry of the same request may take it over; a different
// request never does. A bound key stays
// bound: the services derive event and entity ids from the key for ever, so its binding must
// last as long as they do.
//
// Where the bindings live: in the service's read store (READ_STORE_URL, else MONGODB_URI, else
// sqlite:<DATA_DIR>/<service>/read.db, as readStoreUrlFrom has it), in a collection of the
// service's own. It survives a restart in both run modes, and it is shared by every instance
// of the service that shares that store: all of them in distributed mode (MongoDB), every
// process on one machine in embedded mode (SQLite, one file). Every change is one
// version-guarded upsert (an atomic compare-and-set in both adapters), so two instances
// claiming one key at once cannot both win. Each record holds the key, the fingerprint's hash,
// the state and timestamps; never a body or anything else about the request.
import { type Clock, systemClock } from '../clock.js';

export const IN_FLIGHT_EXPIRY_MS = 60_000;
/** What a 409 asks the caller to wait: the first request usually answers within it. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

export type IdempotencyKeyState = 'in-flight' | 'bound' | 'free';

export type IdempotencyKeyRecord = {
  key: string;
  /** requestFingerprint of the request holding the key; absent once the key is free again. */
  fingerprint?: string;
  state: IdempotencyKeyState;
  /** When the request holding the key was let through (ISO 8601). */
  claimedAt?: string;
  updatedAt: string;
};

/** The part of the read store's DocumentCollection the bindings need: all a spec's stand-in has to offer. */
export interface VersionedDocuments<T> {
  get(id: string): Promise<{ version: number; document: T } | undefined>;
  /** Writes only if the stored version is lower (or there is none); false otherwise. */
  upsert(id: string, document: T, version: number): Promise<boolean>;
}

/** The request may run, holding the key; it must then bind the key (success) or release it (refusal). */
export type ClaimedKey = { outcome: 'claimed'; bind(): Promise<boolean>; release(): Promise<boolean> };

export type KeyClaim =
  | ClaimedKey
  /** The same request finished before: let it through, the service answers as the first time. */
  | { outcome: 'completed' }
  /** The same request is still being handled. */
  | { outcome: 'in-flight'; retryAfterSeconds: number }
  /** The key belongs to a different request. */
  | { outcome: 'reused' };

export type IdempotencyKeysOptions = { clock?: Clock; inFlightExpiryMs?: number };

const CLAIM_ATTEMPTS = 3;

export class IdempotencyKeys {
  private readonly clock: Clock;
  private readonly inFlightExpiryMs: number;

  constructor(
    private readonly documents: () => Promise<VersionedDocuments<IdempotencyKeyRecord>>,
    options: IdempotencyKeysOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.inFlightExpiryMs = options.inFlightExpiryMs ?? IN_FLIGHT_EXPIRY_MS;
  }

  /** Decides what a request carrying `key` may do; claims the key when it is free. */
  async claim(key: string, fingerprint: string): Promise<KeyClaim> {
    const documents = await this.documents();
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const now = this.clock.now();
      const stored = await documents.get(key);
      const record = stored?.document;
      if (record?.state === 'bound') return record.fingerprint === fingerprint ? { outcome: 'completed' } : { outcome: 'reused' };
      if (record?.state === 'in-flight') {
        // A marker stays its request's even once expired: that request may have written before
        // it died (ids derive from the key), so only a retry of the same request may take it over.
        if (record.fingerprint !== fingerprint) return { outcome: 'reused' };
        if (!this.hasExpired(record, now)) return { outcome: 'in-flight', retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS };
      }
      // Free: never used, released by a refused request, or held by this same request before it died.
      const version = (stored?.version ?? 0) + 1;
      const marker: IdempotencyKeyRecord = {
        key,
        fingerprint,
        state: 'in-flight',
        claimedAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      if (await documents.upsert(key, marker, version)) return this.claimed(documents, marker, version);
      // Another request (here or in another instance) claimed it between the read and the write: look again.
    }
    return { outcome: 'in-flight', retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS };
  }

  private claimed(documents: VersionedDocuments<IdempotencyKeyRecord>, marker: IdempotencyKeyRecord, version: number): ClaimedKey {
    // Each change is guarded by the claim's version: a marker that expired and was claimed
    // again by another request is not overwritten by its late first holder.
    return {
      outcome: 'claimed',
      bind: () => documents.upsert(marker.key, { ...marker, state: 'bound', updatedAt: this.clock.now().toISOString() }, version + 1),
      release: () =>
        documents.upsert(marker.key, { key: marker.key, state: 'free', updatedAt: this.clock.now().toISOString() }, version + 1),
    };
  }

  private hasExpired(record: IdempotencyKeyRecord, now: Date): boolean {
    const claimedAt = Date.parse(record.claimedAt ?? record.updatedAt);
    return !(now.getTime() - claimedAt < this.inFlightExpiryMs);
  }
}
