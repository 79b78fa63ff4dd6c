import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openEventStore, type RecordedEvent, type SubscriptionMessage } from '@continuum/event-store';
import { event, eventStoreContract } from '@continuum/event-store/testing';
import { runTs } from '@continuum/testing';
import { postgresEventStore } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { describeWithPostgres, freshDatabase } from './testing/index.js';

// The PostgreSQL store against a real server: POSTGRES_URL, which `.ci/run` starts and
// exports (infra/postgres). Under CI=true a missing URL fails; on a workstation without one
// the suites are skipped, by name, with a warning.

describeWithPostgres('PostgreSQL event store (needs POSTGRES_URL)', (serverUrl) => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase(serverUrl);
  });
  afterAll(async () => {
    await database.drop();
  });

  eventStoreContract('PostgreSQL', async () => {
    const store = await PostgresEventStore.open({ connectionString: database.url });
    return { store, cleanup: () => store.close() };
  });

  describe('the global order under concurrent writers', () => {
    it('never lets a reader pass a position that a still-open append will fill, even when that append commits last', async () => {
      const writer = await PostgresEventStore.open({ connectionString: database.url });
      const reader = await PostgresEventStore.open({ connectionString: database.url, pollIntervalMs: 20 });
      const blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
      const prefix = `order-${randomUUID()}`;
      const [slow, fast] = [`${prefix}-slow`, `${prefix}-fast`];
      const subscription = reader.subscribeToAll({ after: await reader.headPosition(), filter: { streamPrefixes: [prefix] } });
      try {
        const messages = subscription[Symbol.asyncIterator]();
        expect((await messages.next()).value).toMatchObject({ kind: 'caught-up' });

        // An uncommitted row at `slow` revision 0: the first writer's insert will wait on it,
        // after the writer has taken its position, until the blocker rolls back.
        await blocker.query('BEGIN');
        await blocker.query(
          `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)
           VALUES (9000000000000, $1, 0, $2, 'Blocker', '{}', '{}', '', '', '')`,
          [slow, randomUUID()],
        );
        const first = writer.appendToStream(slow, [event('First')], { expectedRevision: 'any' });
        await waitUntil(async () => (await waitingOnLock(blocker)) >= 1);
        const second = writer.appendToStream(fast, [event('Second')], { expectedRevision: 'no-stream' });
        let secondDone = false;
        void second.then(() => (secondDone = true));

        // The second writer started later and has nothing to wait for but the first one.
        await sleep(300);
        expect(secondDone).toBe(false);
        let next = messages.next();
        expect(await Promise.race([next, sleep(200).then(() => 'nothing')])).toBe('nothing');

        await blocker.query('ROLLBACK');
        const [firstResult, secondResult] = await Promise.all([first, second]);
        expect(secondResult.position).toBeGreaterThan(firstResult.position);

        const delivered: RecordedEvent[] = [];
        for (;;) {
          const message = (await next).value as SubscriptionMessage;
          if (message.kind === 'event') delivered.push(message.event);
          if (delivered.length === 2) break;
          next = messages.next();
        }
        expect(delivered.map((e) => [e.type, e.position])).toEqual([
          ['First', firstResult.position],
          ['Second', secondResult.position],
        ]);
      } finally {
        await subscription.close();
        await blocker.end();
        await writer.close();
        await reader.close();
      }
    }, 15_000);
  });

  describe('several processes on one database', () => {
    it('wakes a subscriber in this process for every event another process appends, in order', async () => {
      const store = await PostgresEventStore.open({ connectionString: database.url, pollIntervalMs: 60_000 });
      const stream = `process-${randomUUID()}`;
      const subscription = store.subscribeToAll({ after: await store.headPosition(), filter: { streamPrefixes: [stream] } });
      try {
        const messages = subscription[Symbol.asyncIterator]();
        expect((await messages.next()).value).toMatchObject({ kind: 'caught-up' });
        const appender = fileURLToPath(new URL('./testing/appender-process.ts', import.meta.url));
        const child = runTs(appender, [database.url, stream, '20'], { timeoutMs: 30_000 });

        // The subscriber polls once a minute here: only the server's notifications can wake it.
        const received: string[] = [];
        while (received.length < 20) {
          const next = await messages.next();
          const message = next.value as SubscriptionMessage;
          if (message.kind === 'event') received.push(message.event.eventId);
        }
        const run = await child;
        expect(run.code).toBe(0);
        expect(received).toEqual(JSON.parse(run.stdout.trim()) as string[]);
      } finally {
        await subscription.close();
        await store.close();
      }
    }, 30_000);

    it('lets two stores append to one stream at once, each append landing once with an unbroken chain', async () => {
      const [a, b] = await Promise.all([
        PostgresEventStore.open({ connectionString: database.url }),
        PostgresEventStore.open({ connectionString: database.url }),
      ]);
      const stream = `shared-${randomUUID()}`;
      try {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 === 0 ? a : b).appendToStream(stream, [event('Counted', { i })], { expectedRevision: 'any' }),
          ),
        );
        expect(await a.readStream(stream)).toHaveLength(40);
        await expect(b.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 40 });
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe('single-active leases', () => {
    it('gives a lease to one holder at a time, to another once it ran out, and saves progress only for the holder', async () => {
      const [a, b] = await Promise.all([
        PostgresEventStore.open({ connectionString: database.url }),
        PostgresEventStore.open({ connectionString: database.url }),
      ]);
      const name = `relay:${randomUUID()}`;
      try {
        expect(await a.acquireLease(name, 'instance-a', 300)).toBe(true);
        expect(await b.acquireLease(name, 'instance-b', 300)).toBe(false);
        expect(await a.acquireLease(name, 'instance-a', 300)).toBe(true);
        expect(await a.saveLeasedPosition(name, 'instance-a', 41)).toBe(true);
        expect(await b.saveLeasedPosition(name, 'instance-b', 99)).toBe(false);

        await sleep(400);
        expect(await b.acquireLease(name, 'instance-b', 300)).toBe(true);
        expect(await a.saveLeasedPosition(name, 'instance-a', 42)).toBe(false);
        expect(await b.leasedPosition(name)).toBe(41);

        await b.releaseLease(name, 'instance-b');
        expect(await a.acquireLease(name, 'instance-a', 300)).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  it('is what EVENT_STORE_URL=postgres://… opens', async () => {
    const store = await openEventStore(database.url, [postgresEventStore]);
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
    } finally {
      await store.close();
    }
  });
});

describe('opening the PostgreSQL store', () => {
  it('fails at start-up with a clear message, and without the password, when the server cannot be reached', async () => {
    const opening = PostgresEventStore.open({ connectionString: 'postgres://continuum:secret@127.0.0.1:1/continuum' });
    await expect(opening).rejects.toThrow(
      /^cannot reach PostgreSQL at postgres:\/\/continuum:\*\*\*@127\.0\.0\.1:1\/continuum .*start the server or fix EVENT_STORE_URL/,
    );
    await expect(opening).rejects.not.toThrow(/secret/);
  });

  it('refuses a postgres:// URL in a program built without the PostgreSQL adapter', async () => {
    await expect(openEventStore('postgres://127.0.0.1:1/continuum', [])).rejects.toThrow(
      'EVENT_STORE_URL names a PostgreSQL store, which this program is not built with (it has: none)',
    );
  });
});

/** How many sessions of this database wait for another transaction to end (as the first writer waits on the blocker's row). */
async function waitingOnLock(holder: pg.Client): Promise<number> {
  const { rows } = await holder.query<{ waiting: string }>(
    `SELECT count(*) AS waiting FROM pg_locks
     WHERE NOT granted AND locktype = 'transactionid' AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`,
  );
  return Number(rows[0].waiting);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
