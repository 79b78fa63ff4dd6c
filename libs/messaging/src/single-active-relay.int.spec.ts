import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { event } from '@continuum/event-store/testing';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { HEADERS, type MessagePublisher, type OutgoingMessage } from './bus.js';
import { type CheckpointStore } from './checkpoint-store.js';
import { Relay } from './relay.js';

// Two instances of one service on one store (two SqliteEventStore connections to one file, as
// two processes have): one relays at a time, each position is published once, and when the
// active one dies without giving its lease up, the other takes over within the lease.

const LEASE_MS = 600;

class MemoryCheckpoints implements CheckpointStore {
  private readonly saved = new Map<string, number>();
  async load(name: string) {
    return this.saved.get(name);
  }
  async save(name: string, position: number) {
    this.saved.set(name, position);
  }
}

const map = (recorded: RecordedEvent): IntegrationEvent => ({
  eventId: recorded.eventId,
  type: recorded.type,
  schemaVersion: 1,
  source: 'intake',
  occurredAt: recorded.metadata.occurredAt,
  clientId: recorded.metadata.clientId ?? '',
  siteId: recorded.metadata.siteId,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.metadata.causationId,
  data: {},
});

describe('two instances of a relay on one store', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-single-active-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('publishes each position once, and hands over within the lease when the active instance dies', async () => {
    const path = join(folder, `${randomUUID()}.db`);
    const writer = await SqliteEventStore.open({ path });
    const instances = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const store = await SqliteEventStore.open({ path, pollIntervalMs: 5 });
        const published: string[] = [];
        const publisher: MessagePublisher = {
          publish: async (messages: OutgoingMessage[]) => void published.push(...messages.map((m) => m.headers[HEADERS.eventId])),
          close: async () => undefined,
        };
        const relay = new Relay({
          name: 'intake',
          store,
          streamPrefixes: ['client-'],
          map,
          topic: 'intake.events',
          publisher,
          checkpoints: new MemoryCheckpoints(),
          leaseMs: LEASE_MS,
        });
        await relay.start();
        return { name, store, relay, published };
      }),
    );
    const appendSome = async (count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const e = event('ClientAdmitted');
        await writer.appendToStream(`client-${randomUUID()}`, [e], { expectedRevision: 'no-stream' });
        ids.push(e.eventId);
      }
      return ids;
    };
    const everything = () => instances.flatMap((instance) => instance.published);
    try {
      const before = await appendSome(20);
      await until(() => everything().length >= 20);
      const active = instances.filter((instance) => instance.relay.isActive());
      expect(active).toHaveLength(1);
      expect(everything().sort()).toEqual([...before].sort());
      const [dying] = active;
      const standby = instances.find((instance) => instance !== dying)!;
      expect(standby.published).toEqual([]);
      expect(standby.relay.isRunning()).toBe(true);

      // After a quiet moment (the relay saves its position under the lease once idle for 100 ms),
      // the active instance dies: its store goes away and its lease is never given up.
      await sleep(250);
      await dying.store.close();
      const diedAt = Date.now();
      const after = await appendSome(10);
      await until(() => standby.published.length >= 10, LEASE_MS * 4);
      expect(Date.now() - diedAt).toBeLessThan(LEASE_MS * 3);
      expect(standby.published).toEqual(after);
      expect(everything().sort()).toEqual([...before, ...after].sort());
      await standby.relay.stop();
    } finally {
      await Promise.allSettled(instances.map((instance) => instance.relay.stop()));
      await Promise.allSettled(instances.map((instance) => instance.store.close()));
      await writer.close();
    }
  }, 20_000);
});

describe('the position a relay saves under its lease', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-leased-position-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is saved at most once a second while events keep coming, and at once when the relay goes quiet', async () => {
    const store = await SqliteEventStore.open({ path: join(folder, `${randomUUID()}.db`), pollIntervalMs: 5 });
    let saves = 0;
    const save = store.saveLeasedPosition.bind(store);
    store.saveLeasedPosition = (...args) => {
      saves++;
      return save(...args);
    };
    let batches = 0;
    const publisher: MessagePublisher = { publish: async () => void batches++, close: async () => undefined };
    const relay = new Relay({
      name: 'intake',
      store,
      streamPrefixes: ['client-'],
      map,
      topic: 'intake.events',
      publisher,
      checkpoints: new MemoryCheckpoints(),
      leaseMs: LEASE_MS,
    });
    try {
      await relay.start();
      // 300 ms of appends one after another: each one a batch of its own for the relay.
      const until300 = Date.now() + 300;
      while (Date.now() < until300) {
        await store.appendToStream(`client-${randomUUID()}`, [event('ClientAdmitted')], { expectedRevision: 'no-stream' });
        await sleep(1);
      }
      const last = await store.headPosition();
      await until(() => relay.position() === last);
      expect(batches).toBeGreaterThan(20);
      expect(saves).toBeLessThanOrEqual(2);
      // Quiet now: the last acknowledged position is under the lease within moments.
      await until(async () => (await store.leasedPosition('relay:intake')) === last, 1000);
    } finally {
      await relay.stop();
      await store.close();
    }
  }, 10_000);

  it('that cannot be saved on stopping does not keep the lease from the next holder', async () => {
    const store = await SqliteEventStore.open({ path: join(folder, `${randomUUID()}.db`), pollIntervalMs: 5 });
    let failing = false;
    const save = store.saveLeasedPosition.bind(store);
    store.saveLeasedPosition = (...args) => (failing ? Promise.reject(new Error('disk I/O error')) : save(...args));
    const publisher: MessagePublisher = { publish: async () => undefined, close: async () => undefined };
    const relay = new Relay({
      name: 'intake',
      store,
      streamPrefixes: ['client-'],
      map,
      topic: 'intake.events',
      publisher,
      checkpoints: new MemoryCheckpoints(),
      leaseMs: LEASE_MS,
      leasedPositionEveryMs: 60_000,
    });
    try {
      await relay.start();
      await store.appendToStream(`client-${randomUUID()}`, [event('ClientAdmitted')], { expectedRevision: 'no-stream' });
      await until(async () => (await store.leasedPosition('relay:intake')) === (await store.headPosition()));
      await store.appendToStream(`client-${randomUUID()}`, [event('ClientAdmitted')], { expectedRevision: 'no-stream' });
      const last = await store.headPosition();
      await until(() => relay.position() === last);
      failing = true;
      await expect(relay.stop()).resolves.toBeUndefined();
      expect(await store.acquireLease('relay:intake', 'the-next-holder', LEASE_MS)).toBe(true);
    } finally {
      await relay.stop();
      await store.close();
    }
  }, 10_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
