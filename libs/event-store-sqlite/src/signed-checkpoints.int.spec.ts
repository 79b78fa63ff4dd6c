import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type CheckpointRecord,
  type SigningKey,
  type TrustedKeys,
  Checkpointer,
  CheckpointRefused,
  chainHash,
  keyIdOf,
  publicKeyPem,
  runCheckpoints,
  trustedKeysFromPem,
  verifyCheckpoints,
} from '@continuum/event-store';
import { envelope } from '@continuum/event-store/testing';
import { SqliteEventStore } from './sqlite-event-store.js';

// Signed checkpoints over a real store file, attacked the way an intruder with write access
// to the file would: rows changed and their hash chains recomputed with the store's own hash
// function, rows and checkpoints deleted, signatures altered. Each time the verification says
// what was done, where the unsigned chain check sees nothing.

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function freshFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'continuum-checkpoints-'));
  folders.push(folder);
  return join(folder, 'events.db');
}

function newKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { keyId: keyIdOf(privateKey), privateKey };
}
const trusting = (...keys: SigningKey[]): TrustedKeys => trustedKeysFromPem(...keys.map(publicKeyPem));

let sequence = 0;
/** Appends `count` events to each of the streams, with a score that a tamperer will want to change. */
async function append(store: SqliteEventStore, streams: string[], count = 2): Promise<void> {
  for (const stream of streams) {
    const events = Array.from({ length: count }, () => ({
      eventId: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
      type: 'ScreeningRecorded',
      data: { instrument: 'PHQ-9', score: 14 },
      metadata: envelope(),
    }));
    await store.appendToStream(stream, events, { expectedRevision: 'any' });
  }
}

type Row = { position: number; stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string };

/** What the intruder does: sets an event's data, then recomputes the stream's chain from there with chainHash. */
function rewrite(file: string, stream: string, revision: number, data: unknown): void {
  const db = new Database(file);
  try {
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(JSON.stringify(data), stream, revision);
    const rows = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(stream) as Row[];
    let prevHash = '0'.repeat(64);
    for (const row of rows) {
      const hash = chainHash(prevHash, {
        eventId: row.event_id,
        type: row.type,
        streamId: row.stream_id,
        revision: row.revision,
        data: JSON.parse(row.data) as unknown,
        metadata: JSON.parse(row.metadata),
      });
      db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?').run(prevHash, hash, row.position);
      prevHash = hash;
    }
  } finally {
    db.close();
  }
}

function sql(file: string, statement: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('signed checkpoints over the SQLite store', () => {
  it('verifies a store nobody touched, and reports the events after the last checkpoint as not yet anchored', async () => {
    const file = freshFile();
    const store = await SqliteEventStore.open({ path: file });
    const key = newKey();
    try {
      const signer = new Checkpointer(store, store.checkpointLog(), key);
      await append(store, ['client-a', 'client-b']);
      const first = await signer.checkpoint();
      expect(first).toMatchObject({ sequence: 1, treeSize: 2, position: 4, keyId: key.keyId });
      expect(await signer.checkpoint()).toBeUndefined(); // nothing new: nothing signed
      await append(store, ['client-b', 'client-c']);
      expect(await signer.checkpoint()).toMatchObject({ sequence: 2, treeSize: 3, position: 8 });
      await append(store, ['client-a'], 3);

      const report = await verifyCheckpoints(store, trusting(key));
      expect(report).toMatchObject({
        ok: true,
        findings: [],
        checkpointsChecked: 2,
        eventsChecked: 11,
        lastCheckpoint: { sequence: 2, position: 8, keyId: key.keyId },
        notYetAnchored: { events: 3, fromPosition: 9, toPosition: 11 },
      });
    } finally {
      await store.close();
    }
  });

  it('catches a rewritten score whose chain the intruder recomputed, which the unsigned check passes', async () => {
    const file = freshFile();
    const key = newKey();
    let store = await SqliteEventStore.open({ path: file });
    await append(store, ['client-a', 'client-b', 'client-c']);
    await new Checkpointer(store, store.checkpointLog(), key).checkpoint();
    await store.close();

    rewrite(file, 'client-b', 0, { instrument: 'PHQ-9', score: 4 });

    store = await SqliteEventStore.open({ path: file });
    try {
      expect(await store.verifyStream('client-b')).toMatchObject({ ok: true }); // the chain alone is fooled
      const report = await verifyCheckpoints(store, trusting(key));
      expect(report.ok).toBe(false);
      expect(report.findings).toEqual([
        expect.objectContaining({ kind: 'changed-after-signing', streamId: 'client-b', revision: 1, position: 4, sequence: 1 }),
      ]);
      expect(report.findings[0].detail).toContain('changed after it was signed');
      // And the signer will not bless the rewrite with a new checkpoint.
      await append(store, ['client-d']);
      await expect(new Checkpointer(store, store.checkpointLog(), key).checkpoint()).rejects.toThrow(CheckpointRefused);
    } finally {
      await store.close();
    }
  });

  it('reports a checkpoint whose signature was altered, and one signed by a key nobody trusts', async () => {
    const file = freshFile();
    const key = newKey();
    const stranger = newKey();
    const store = await SqliteEventStore.open({ path: file });
    try {
      await append(store, ['client-a']);
      await new Checkpointer(store, store.checkpointLog(), key).checkpoint();
      const [record] = await collect(store.checkpointLog().records());
      const forged: CheckpointRecord = { ...record, rootHash: 'f'.repeat(64) };
      sql(file, 'UPDATE signed_checkpoints SET record = ? WHERE sequence = 1', JSON.stringify(forged));

      const forgedReport = await verifyCheckpoints(store, trusting(key));
      expect(forgedReport.findings.map((finding) => finding.kind)).toEqual(['bad-signature', 'checkpoint-altered']);

      // Nor will a signer go on from the forged checkpoint.
      await append(store, ['client-b']);
      await expect(new Checkpointer(store, store.checkpointLog(), key).checkpoint()).rejects.toThrow(
        'the signature of the last checkpoint (1) does not verify',
      );

      sql(file, 'UPDATE signed_checkpoints SET record = ? WHERE sequence = 1', JSON.stringify(record));
      const strangerReport = await verifyCheckpoints(store, trusting(stranger));
      expect(strangerReport.findings).toEqual([
        expect.objectContaining({ kind: 'unknown-key', sequence: 1, detail: expect.stringContaining(key.keyId) }),
      ]);
      expect((await verifyCheckpoints(store, trusting(key))).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('verifies across a key rotation when both keys are trusted, and names the retired key when it is not', async () => {
    const file = freshFile();
    const retired = newKey();
    const current = newKey();
    const store = await SqliteEventStore.open({ path: file });
    try {
      await append(store, ['client-a']);
      await new Checkpointer(store, store.checkpointLog(), retired).checkpoint();
      await append(store, ['client-b']);
      // A new signer process with the new key picks up where the old one signed, once it trusts the old key.
      await expect(new Checkpointer(store, store.checkpointLog(), current).checkpoint()).rejects.toThrow(
        `the last checkpoint (1) is signed by key ${retired.keyId}, which this signer does not trust`,
      );
      const rotated = await new Checkpointer(store, store.checkpointLog(), current, { trustedKeys: trusting(retired) }).checkpoint();
      expect(rotated).toMatchObject({ sequence: 2, keyId: current.keyId });

      expect(await verifyCheckpoints(store, trusting(retired, current))).toMatchObject({ ok: true, checkpointsChecked: 2 });
      const onlyCurrent = await verifyCheckpoints(store, trusting(current));
      expect(onlyCurrent.findings).toEqual([expect.objectContaining({ kind: 'unknown-key', sequence: 1 })]);
    } finally {
      await store.close();
    }
  });

  it('detects against an export the newest checkpoints and events removed from the store', async () => {
    const file = freshFile();
    const key = newKey();
    const store = await SqliteEventStore.open({ path: file });
    try {
      const signer = new Checkpointer(store, store.checkpointLog(), key);
      await append(store, ['client-a', 'client-b']);
      await signer.checkpoint();
      await append(store, ['client-c']);
      await signer.checkpoint();
      const exported = await collect(store.checkpointLog().records());

      // The intruder removes the newest events and the checkpoint that covered them.
      sql(file, 'DELETE FROM events WHERE position > 4');
      sql(file, 'DELETE FROM signed_checkpoints WHERE sequence = 2');
      expect(await verifyCheckpoints(store, trusting(key))).toMatchObject({ ok: true, checkpointsChecked: 1 }); // without the export: nothing to see

      const report = await verifyCheckpoints(store, trusting(key), { exported });
      expect(report.ok).toBe(false);
      expect(report.findings.map((finding) => finding.kind)).toEqual(['checkpoint-missing', 'truncated', 'changed-after-signing']);
      expect(report.findings[0].detail).toBe('checkpoint 2 (positions up to 6) was exported but is missing from the store');
      expect(report.findings[2]).toMatchObject({ streamId: 'client-c', revision: 1 });
    } finally {
      await store.close();
    }
  });

  it('reports a checkpoint removed from the middle of the log by the gap in the sequence', async () => {
    const file = freshFile();
    const key = newKey();
    const store = await SqliteEventStore.open({ path: file });
    try {
      const signer = new Checkpointer(store, store.checkpointLog(), key);
      for (const stream of ['client-a', 'client-b', 'client-c']) {
        await append(store, [stream]);
        await signer.checkpoint();
      }
      sql(file, 'DELETE FROM signed_checkpoints WHERE sequence = 2');
      const report = await verifyCheckpoints(store, trusting(key));
      expect(report.findings.map((finding) => [finding.kind, finding.detail])).toEqual([
        ['checkpoint-missing', 'checkpoint 2 is missing: the checkpoint after 1 is 3'],
        ['checkpoint-altered', 'the stream heads listed with checkpoint 3 do not give the root it signs'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('reports its progress on a long run', async () => {
    const file = freshFile();
    const key = newKey();
    const store = await SqliteEventStore.open({ path: file });
    try {
      await append(
        store,
        Array.from({ length: 100 }, (_, n) => `client-${n}`),
        25,
      );
      await new Checkpointer(store, store.checkpointLog(), key).checkpoint();
      const lines: number[] = [];
      const report = await verifyCheckpoints(store, trusting(key), { progressEveryMs: 0, onProgress: (p) => lines.push(p.eventsChecked) });
      expect(report).toMatchObject({ ok: true, eventsChecked: 2500 });
      expect(lines).toEqual([1000, 2000]);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('signs on schedule: once enough events are unsigned, or once the time is up with any unsigned', async () => {
    const file = freshFile();
    const key = newKey();
    const store = await SqliteEventStore.open({ path: file });
    const stop = new AbortController();
    const signed: CheckpointRecord[] = [];
    const until = async (count: number) => {
      for (let waited = 0; signed.length < count && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      const running = runCheckpoints(new Checkpointer(store, store.checkpointLog(), key), store, {
        everyEvents: 4,
        everyMs: 400,
        pollMs: 10,
        signal: stop.signal,
        onCheckpoint: (record) => signed.push(record),
      });
      await append(store, ['client-a'], 4);
      await until(1);
      expect(signed.map((record) => record.position)).toEqual([4]); // by count, well before the time
      const before = Date.now();
      await append(store, ['client-b'], 1);
      await until(2);
      expect(Date.now() - before).toBeGreaterThanOrEqual(300); // one event waits for the time
      expect(signed.map((record) => record.position)).toEqual([4, 5]);
      stop.abort();
      await running;
      expect((await verifyCheckpoints(store, trusting(key))).ok).toBe(true);
    } finally {
      stop.abort();
      await store.close();
    }
  });
});
