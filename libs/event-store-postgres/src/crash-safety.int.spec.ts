import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type NewEvent, type SubscriptionMessage } from '@continuum/event-store';
import { event } from '@continuum/event-store/testing';
import { PostgresEventStore } from './postgres-event-store.js';
import { freePort } from '@continuum/testing';
import { describeWithPostgres } from './testing/index.js';

// kill -9 of the PostgreSQL server under appends, then a restart (crash recovery from its
// WAL): every append the store acknowledged is still there, chains intact, and the same store
// object — no restart of the process — appends again and its subscription goes on without a
// gap or a repeat. The spec runs its own throwaway server (infra/postgres/postgres.sh on a free
// port and a temporary folder), never the shared one other suites use.

const execFileAsync = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../infra/postgres/postgres.sh', import.meta.url));

describeWithPostgres('the PostgreSQL store when its server is killed (needs POSTGRES_URL: a machine with PostgreSQL)', () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  const server = async (command: 'up' | 'down' | 'crash') => execFileAsync('bash', [SCRIPT, command], { env });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-pg-crash-'));
    // Run as root, the script hands the cluster to an unprivileged user, who must reach it.
    chmodSync(folder, 0o755);
    env = { ...process.env, PGPORT: String(await freePort()), POSTGRES_DATA: join(folder, 'cluster') };
    await server('up');
    url = (await execFileAsync('bash', [SCRIPT, 'url'], { env })).stdout.trim();
  }, 60_000);
  afterAll(async () => {
    await server('down').catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('loses nothing it acknowledged, and the same store object goes on after the restart', async () => {
    const store = await PostgresEventStore.open({ connectionString: url, pollIntervalMs: 50 });
    const prefix = `crash-${randomUUID()}`;
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const delivered: string[] = [];
    const following = (async () => {
      for await (const message of subscription as AsyncIterable<SubscriptionMessage>)
        if (message.kind === 'event') delivered.push(message.event.eventId);
    })();
    const acknowledged = new Map<string, string[]>();
    let failures = 0;
    let crashed = false;
    let restarted: Promise<unknown> = Promise.resolve();

    // Four writers, each on a stream of its own, each retrying a failed append with the same
    // ids at the same expected revision until it is acknowledged (a retry after an append that
    // did commit is answered with the first result, so nothing lands twice).
    const writer = async (stream: string, appends: number) => {
      const ids: string[] = [];
      acknowledged.set(stream, ids);
      for (let i = 0; i < appends; i++) {
        const events: NewEvent[] = [event('Counted', { i }), event('Counted', { i, second: true })];
        const expectedRevision = i === 0 ? 'no-stream' : 2 * i - 1;
        for (;;) {
          try {
            await store.appendToStream(stream, events, { expectedRevision });
            break;
          } catch {
            failures += 1;
            await sleep(50);
          }
        }
        ids.push(...events.map((e) => e.eventId));
        if (crashed === false && ids.length >= 40) {
          crashed = true;
          await server('crash');
          restarted = sleep(300).then(() => server('up'));
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: 4 }, (_, w) => writer(`${prefix}-${w}`, 60)));
      await restarted;

      expect(failures).toBeGreaterThan(0);
      for (const [stream, ids] of acknowledged) {
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(ids);
        await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 120 });
      }
      const all = [...acknowledged.values()].flat();
      await waitUntil(() => delivered.length >= all.length);
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(new Set(delivered)).toEqual(new Set(all));
    } finally {
      await subscription.close();
      await following;
      await store.close();
    }
  }, 60_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
