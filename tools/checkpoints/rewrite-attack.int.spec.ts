import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type CheckpointedEventStore,
  type EventEnvelope,
  Checkpointer,
  GENESIS_HASH,
  chainHash,
  keyIdOf,
  openEventStore,
  publicKeyPem,
  trustedKeysFromPem,
  verifyCheckpoints,
} from '@continuum/event-store';
import { positionFactsOf } from '@continuum/audit/integrity/store-positions.js';
import { verifyStore } from '@continuum/audit/integrity/verify-store.js';
import { writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { EVENT_STORES } from '../adapters.js';

// The attack of issue 17, step by step: an intruder with write access to the SQLite file
// lowers a client's PHQ-9 score in an intake screening, then recomputes that stream's hash
// chain with the project's own hash function. The unsigned check (the audit's verify) says
// every chain holds; the signed checkpoint taken before the change names the stream.

let folder: string;
beforeAll(() => (folder = mkdtempSync(path.join(tmpdir(), 'checkpoint-attack-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Row = { position: number; stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string };

it('finds a PHQ-9 score rewritten with its chain recomputed, which the unsigned verify passes', async () => {
  const file = path.join(folder, 'events.db');
  const url = `sqlite:${file}`;
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = { keyId: keyIdOf(privateKey), privateKey };

  let store = await openEventStore(url, EVENT_STORES);
  await writeSyntheticHistory(store, { to: 6, concurrency: 2 });
  const signed = await new Checkpointer(store, (store as CheckpointedEventStore).checkpointLog(), key).checkpoint();
  expect(signed).toMatchObject({ sequence: 1, treeSize: 6 * 5 });
  await store.close();

  // The intruder: a severe screening made mild, and the stream's chain made to fit again.
  const db = new Database(file);
  const screening = db.prepare("SELECT * FROM events WHERE type = 'ScreeningRecorded' ORDER BY position LIMIT 1 OFFSET 2").get() as Row;
  const data = JSON.parse(screening.data) as { outcome: { instrument: string; score: number; positive: boolean } };
  expect(data.outcome).toEqual({ instrument: 'PHQ-9', score: 14, positive: true });
  data.outcome = { instrument: 'PHQ-9', score: 4, positive: false };
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), screening.position);
  let prevHash = GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(screening.stream_id) as Row[]) {
    const hash = chainHash(prevHash, {
      eventId: row.event_id,
      type: row.type,
      streamId: row.stream_id,
      revision: row.revision,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as EventEnvelope,
    });
    db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?').run(prevHash, hash, row.position);
    prevHash = hash;
  }
  db.close();

  store = await openEventStore(url, EVENT_STORES);
  try {
    const unsigned = await verifyStore(store, positionFactsOf(url));
    expect(unsigned).toMatchObject({ ok: true, findingsTotal: 0 }); // "OK: every hash chain holds"

    const report = await verifyCheckpoints(store, trustedKeysFromPem(publicKeyPem(key)));
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'changed-after-signing',
        streamId: screening.stream_id,
        sequence: 1,
        detail: expect.stringContaining('changed after it was signed'),
      }),
    ]);
    expect(report.notYetAnchored).toBeNull();
  } finally {
    await store.close();
  }
});
