import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../clock.js';
import { type ClaimedKey, type IdempotencyKeyRecord, IdempotencyKeys, type KeyClaim, type VersionedDocuments } from './idempotency-keys.js';
import { IdempotencyKeyStore, idempotencyCollectionName } from './idempotency-key-store.js';
import { SqliteReadStore } from '@continuum/read-store-sqlite';

// The bindings on the read store's SQLite adapter, in a temporary folder: the adapter a
// service uses in embedded mode (MongoDB offers the same version-guarded upsert).

const FIRST = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

let folder: string;
let clock: ManualClock;
let readStores: SqliteReadStore[];

/** The keys of a service started on the read store file of the folder. */
async function keys(): Promise<IdempotencyKeyStore> {
  const readStore = await SqliteReadStore.open({ path: path.join(folder, 'read.db') });
  readStores.push(readStore);
  return new IdempotencyKeyStore('intake', readStore, { clock, inFlightExpiryMs: 60_000 });
}

/** The service stopping: its read store closes. */
async function stop(): Promise<void> {
  for (const readStore of readStores.splice(0)) await readStore.close();
}

function claimed(claim: KeyClaim): ClaimedKey {
  expect(claim.outcome).toBe('claimed');
  return claim as ClaimedKey;
}

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'idempotency-keys-'));
  clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  readStores = [];
});
afterEach(async () => {
  await stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('the idempotency keys of a service', () => {
  it('lets the first request with a key through holding it, and binds the key when it succeeded', async () => {
    const store = await keys();
    expect(await claimed(await store.claim('key-1', FIRST)).bind()).toBe(true);
    expect(await store.claim('key-1', FIRST)).toEqual({ outcome: 'completed' });
  });

  it('refuses a bound key to a different request, for ever', async () => {
    const store = await keys();
    await claimed(await store.claim('key-1', FIRST)).bind();
    clock.advance(365 * 86_400_000);
    expect(await store.claim('key-1', OTHER)).toEqual({ outcome: 'reused' });
  });

  it('answers the same request while the first is still handled as in flight, a different one as reused', async () => {
    const store = await keys();
    claimed(await store.claim('key-1', FIRST));
    expect(await store.claim('key-1', FIRST)).toEqual({ outcome: 'in-flight', retryAfterSeconds: 1 });
    expect(await store.claim('key-1', OTHER)).toEqual({ outcome: 'reused' });
  });

  it('lets exactly one of two simultaneous requests with a key through', async () => {
    const store = await keys();
    const outcomes = (await Promise.all([store.claim('key-1', FIRST), store.claim('key-1', FIRST), store.claim('key-1', FIRST)])).map(
      (claim) => claim.outcome,
    );
    expect(outcomes.sort()).toEqual(['claimed', 'in-flight', 'in-flight']);
  });

  it('lets exactly one of two instances on one store claim a key both saw free', async () => {
    // Both read "free" before either writes: the version-guarded write picks one.
    const records = new Map<string, { version: number; document: IdempotencyKeyRecord }>();
    const raced: VersionedDocuments<IdempotencyKeyRecord> = {
      get: async (id) => records.get(id),
      upsert: async (id, document, version) => {
        if ((records.get(id)?.version ?? 0) >= version) return false;
        records.set(id, { version, document });
        return true;
      },
    };
    let reads = 0;
    let bothRead!: () => void;
    const gate = new Promise<void>((resolve) => (bothRead = resolve));
    const racing: VersionedDocuments<IdempotencyKeyRecord> = {
      get: async (id) => {
        const found = await raced.get(id);
        if (++reads === 2) bothRead();
        if (reads <= 2) await gate;
        return found;
      },
      upsert: raced.upsert,
    };
    const a = new IdempotencyKeys(async () => racing, { clock });
    const b = new IdempotencyKeys(async () => racing, { clock });
    const outcomes = (await Promise.all([a.claim('key-1', FIRST), b.claim('key-1', FIRST)])).map((claim) => claim.outcome);
    expect(outcomes.sort()).toEqual(['claimed', 'in-flight']);
  });

  it('expires an in-flight marker left by a crash, so a retry of the same request is not blocked for ever', async () => {
    const store = await keys();
    const crashed = claimed(await store.claim('key-1', FIRST));
    clock.advance(59_999);
    expect((await store.claim('key-1', FIRST)).outcome).toBe('in-flight');
    clock.advance(1);
    const retry = claimed(await store.claim('key-1', FIRST));
    // The late first holder cannot undo the new claim.
    expect(await crashed.bind()).toBe(false);
    expect(await crashed.release()).toBe(false);
    expect(await retry.bind()).toBe(true);
    expect(await store.claim('key-1', FIRST)).toEqual({ outcome: 'completed' });
  });

  it('never hands an expired marker to a different request: the first may have written before it died', async () => {
    const store = await keys();
    claimed(await store.claim('key-1', FIRST));
    clock.advance(59_999);
    expect((await store.claim('key-1', OTHER)).outcome).toBe('reused');
    clock.advance(3_600_000);
    expect((await store.claim('key-1', OTHER)).outcome).toBe('reused');
  });

  it('leaves the key of a refused request free for any request', async () => {
    const store = await keys();
    expect(await claimed(await store.claim('key-1', FIRST)).release()).toBe(true);
    const next = claimed(await store.claim('key-1', OTHER));
    await next.bind();
    expect(await store.claim('key-1', FIRST)).toEqual({ outcome: 'reused' });
  });

  it('keeps its bindings and in-flight markers across a restart', async () => {
    const before = await keys();
    await claimed(await before.claim('key-1', FIRST)).bind();
    claimed(await before.claim('key-2', FIRST));
    await stop();

    const after = await keys();
    expect(await after.claim('key-1', FIRST)).toEqual({ outcome: 'completed' });
    expect(await after.claim('key-1', OTHER)).toEqual({ outcome: 'reused' });
    expect((await after.claim('key-2', FIRST)).outcome).toBe('in-flight');
  });

  it('stores the key, the hash, the state and timestamps — nothing of the request', async () => {
    const store = await keys();
    await claimed(await store.claim('key-1', FIRST)).bind();
    await stop();
    const reads = await SqliteReadStore.open({ path: path.join(folder, 'read.db') });
    const collection = await reads.collection<IdempotencyKeyRecord>({ name: idempotencyCollectionName('intake'), indexes: [] });
    expect((await collection.get('key-1'))?.document).toEqual({
      key: 'key-1',
      fingerprint: FIRST,
      state: 'bound',
      claimedAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    await reads.close();
  });

  it('names one collection per service, usable as a SQLite table and a MongoDB collection', () => {
    expect(idempotencyCollectionName('treatment-plan')).toBe('platform_idempotency_keys_treatment_plan');
  });
});
