import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { runTs } from '@continuum/testing';
import { type ExpectedRevision, type NewEvent } from '@continuum/event-store';
import { SqliteEventStore } from './sqlite-event-store.js';

let folder: string;
beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'wal-checkpointer-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const event = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Appended',
  data: { i, note: 'x'.repeat(300) },
  metadata: {
    schemaVersion: 1,
    siteId: 'site-north',
    actor: { userId: 'u', role: 'clinician' },
    occurredAt: new Date(0).toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

async function appendConcurrently(store: SqliteEventStore, writers: number, perWriter: number): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let expectedRevision: ExpectedRevision = 'no-stream';
      for (let i = 0; i < perWriter; i++) {
        expectedRevision = (await store.appendToStream(`writer-${writer}`, [event(i)], { expectedRevision })).nextExpectedRevision;
      }
    }),
  );
}

const walBytes = (file: string) => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the event store checkpoints its WAL on a worker thread', () => {
  it("keeps the WAL from growing with the log, the writer never running SQLite's automatic checkpoint", async () => {
    const file = path.join(folder, 'events.db');
    // Not sized up front (walPresizeBytes 0), so that the file's size shows what the log needed.
    const store = await SqliteEventStore.open({ path: file, checkpointEveryEvents: 50, walPresizeBytes: 0 });
    await appendConcurrently(store, 16, 400);
    const wal = walBytes(file);
    await store.close();

    // The same appends into a file nobody checkpoints: what the WAL would hold without it.
    const unchecked = path.join(folder, 'unchecked.db');
    const reference = await SqliteEventStore.open({ path: unchecked, checkpointEveryEvents: Number.MAX_SAFE_INTEGER, walPresizeBytes: 0 });
    await appendConcurrently(reference, 16, 400);
    const uncheckedWal = walBytes(unchecked);
    await reference.close();

    expect(wal).toBeLessThan(uncheckedWal / 3);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 6400 });
    db.close();
  }, 60_000);

  it('sizes the WAL once at start, so that commits overwrite it instead of extending it, and nothing of the sizing is ever read', async () => {
    const file = path.join(folder, 'sized.db');
    const store = await SqliteEventStore.open({ path: file, walPresizeBytes: 4 * 1024 * 1024 });
    // Nearly all of it: the last pages of the rolled-back transaction never leave the page cache.
    await eventually(() => walBytes(file) >= 3.5 * 1024 * 1024);
    await appendConcurrently(store, 4, 50);
    expect(walBytes(file)).toBeLessThan(5 * 1024 * 1024);
    await store.close();

    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 200 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'continuum_wal_presize'").get()).toEqual({ n: 0 });
    db.close();
    const reopened = await SqliteEventStore.open({ path: file, walPresizeBytes: 0 });
    expect((await reopened.readStream('writer-3')).length).toBe(50);
    await reopened.close();
  }, 30_000);

  it('starts a sized WAL over before it outgrows its file, even when every append commits alone', async () => {
    // An append committed alone writes four pages: 50 of them fill some 0.8 MB of WAL, and
    // finishing only every eighth round would let it reach some 6.6 MB, far past the 2 MB given.
    const file = path.join(folder, 'alone.db');
    const store = await SqliteEventStore.open({ path: file, checkpointEveryEvents: 50, walPresizeBytes: 2 * 1024 * 1024 });
    let expectedRevision: ExpectedRevision = 'no-stream';
    let largestWal = 0;
    for (let i = 0; i < 600; i++) {
      expectedRevision = (await store.appendToStream('one-at-a-time', [event(i)], { expectedRevision })).nextExpectedRevision;
      largestWal = Math.max(largestWal, walBytes(file));
    }
    await store.close();

    // Twice the file given, as room for the checkpoint rounds running late on a busy machine;
    // without the rule it reached 7.8 MB.
    expect(largestWal).toBeLessThan(4 * 1024 * 1024);
    const reopened = await SqliteEventStore.open({ path: file });
    expect((await reopened.readStream('one-at-a-time')).length).toBe(600);
    expect(await reopened.verifyStream('one-at-a-time')).toMatchObject({ ok: true, events: 600 });
    await reopened.close();
  }, 60_000);

  it('does not keep a process alive that never closed its store', async () => {
    const child = fileURLToPath(new URL('./testing/unclosed-store.ts', import.meta.url));
    const run = await runTs(child, [path.join(folder, 'left-open.db')], { timeoutMs: 30_000 });
    expect(run).toMatchObject({ code: 0, stdout: 'appended\n', stderr: '' });
  }, 40_000);
});
