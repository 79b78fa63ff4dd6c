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

const walBytes = (file: string) => statSync(`${file}-wal`).size;

describe('the event store checkpoints its WAL on a worker thread', () => {
  it("keeps the WAL from growing with the log, the writer never running SQLite's automatic checkpoint", async () => {
    const file = path.join(folder, 'events.db');
    const store = await SqliteEventStore.open({ path: file, checkpointEveryEvents: 50 });
    await appendConcurrently(store, 16, 400);
    const wal = walBytes(file);
    await store.close();

    // The same appends into a file nobody checkpoints: what the WAL would hold without it.
    const unchecked = path.join(folder, 'unchecked.db');
    const reference = await SqliteEventStore.open({ path: unchecked, checkpointEveryEvents: Number.MAX_SAFE_INTEGER });
    await appendConcurrently(reference, 16, 400);
    const uncheckedWal = walBytes(unchecked);
    await reference.close();

    expect(wal).toBeLessThan(uncheckedWal / 3);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 6400 });
    db.close();
  }, 60_000);

  it('does not keep a process alive that never closed its store', async () => {
    const child = fileURLToPath(new URL('./testing/unclosed-store.ts', import.meta.url));
    const run = await runTs(child, [path.join(folder, 'left-open.db')], { timeoutMs: 30_000 });
    expect(run).toMatchObject({ code: 0, stdout: 'appended\n', stderr: '' });
  }, 40_000);
});
