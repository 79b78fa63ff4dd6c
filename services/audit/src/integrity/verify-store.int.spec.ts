import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type EventStore, openEventStore } from '@continuum/event-store';
import { syntheticClientId, writeSyntheticHistory } from '../seeding/synthetic-history.js';
import { positionFactsOf } from './store-positions.js';
import { type IntegrityReport, type VerifyProgress, verifyStore } from './verify-store.js';
import { sqliteEventStore } from '@continuum/event-store-sqlite';

// The integrity check against a real SQLite store, tampered with behind the store's back the
// way an intruder with the file would: an UPDATE of one event's data, a DELETE of one row,
// two events swapping places. Each time the report names the event.

let folder: string;
let pristine: string;
let headOfPristine: number;

type Row = { position: number; stream_id: string; revision: number; event_id: string; type: string };

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-integrity-'));
  pristine = path.join(folder, 'pristine.db');
  const store = await openEventStore(`sqlite:${pristine}`, [sqliteEventStore]);
  await writeSyntheticHistory(store, { to: 12, concurrency: 4 });
  headOfPristine = await store.headPosition();
  await store.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let copies = 0;
/** A copy of the pristine store, changed by `tamper` with better-sqlite3 while no store has it open. */
async function verifyAfter(tamper: (db: Database.Database) => void): Promise<IntegrityReport> {
  const file = path.join(folder, `copy-${++copies}.db`);
  copyFileSync(pristine, file);
  const db = new Database(file);
  tamper(db);
  db.close();
  const store: EventStore = await openEventStore(`sqlite:${file}`, [sqliteEventStore]);
  try {
    return await verifyStore(store, positionFactsOf(`sqlite:${file}`));
  } finally {
    await store.close();
  }
}

const rowOf = (db: Database.Database, where: string, ...params: unknown[]) =>
  db
    .prepare(`SELECT position, stream_id, revision, event_id, type FROM events WHERE ${where} ORDER BY position LIMIT 1`)
    .get(...params) as Row;

describe('verifying the whole store', () => {
  it('finds nothing wrong with a store nobody touched, and counts every event and stream', async () => {
    const report = await verifyAfter(() => undefined);
    expect(report).toMatchObject({
      ok: true,
      eventsChecked: headOfPristine,
      headPosition: headOfPristine,
      firstFinding: null,
      findingsTotal: 0,
    });
    expect(report.streamsChecked).toBe(12 * 5);
    expect(report.eventsPerSecond).toBeGreaterThan(0);
  });

  it('reports its progress while it runs, with the position reached and the rate', async () => {
    const store = await openEventStore(`sqlite:${path.join(folder, 'larger.db')}`, [sqliteEventStore]);
    try {
      await writeSyntheticHistory(store, { to: 60, concurrency: 8 });
      const progress: VerifyProgress[] = [];
      const report = await verifyStore(store, { positions: 'contiguous', progressEveryMs: 0, onProgress: (line) => progress.push(line) });
      expect(report.ok).toBe(true);
      expect(progress.map((line) => line.eventsChecked)).toEqual([1000]);
      expect(progress[0]).toMatchObject({ position: 1000, headPosition: report.headPosition, eventsPerSecond: expect.any(Number) });
    } finally {
      await store.close();
    }
  });

  it("names the event whose data was altered in the file, and only that one, with the store's own verdict beside it", async () => {
    let altered!: Row;
    const report = await verifyAfter((db) => {
      altered = rowOf(db, "type = 'LevelOfCareChanged' AND stream_id LIKE 'care-episode-%'");
      // A residential stay rewritten as IOP: the kind of change an altered record would hide.
      db.prepare('UPDATE events SET data = replace(data, \'"code":"3.5"\', \'"code":"2.1"\') WHERE position = ?').run(altered.position);
    });
    expect(report.ok).toBe(false);
    expect(report.findingsTotal).toBe(1);
    expect(report.firstFinding).toMatchObject({
      kind: 'altered',
      position: altered.position,
      streamId: altered.stream_id,
      revision: altered.revision,
      eventId: altered.event_id,
    });
    expect(report.firstFinding!.detail).toContain('no longer matches the hash recorded');
    expect(report.storeVerdicts).toEqual([
      expect.objectContaining({
        ok: false,
        stream: altered.stream_id,
        firstBroken: expect.objectContaining({ eventId: altered.event_id, revision: altered.revision }),
      }),
    ]);
  });

  it('names an event whose envelope was altered: a different actor credited with the decision', async () => {
    let altered!: Row;
    const report = await verifyAfter((db) => {
      altered = rowOf(db, "type = 'EpisodeDischarged'");
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.userId', 'someone-else') WHERE position = ?").run(
        altered.position,
      );
    });
    expect(report.firstFinding).toMatchObject({ kind: 'altered', eventId: altered.event_id, position: altered.position });
  });

  it('names the position and the revision of a deleted event', async () => {
    let deleted!: Row;
    let next!: Row;
    const report = await verifyAfter((db) => {
      deleted = rowOf(db, "type = 'AuthorizedLevelRecorded' AND stream_id = ?", `care-episode-${syntheticEpisodeStreamOf(db, 5)}`);
      next = rowOf(db, 'stream_id = ? AND revision = ?', deleted.stream_id, deleted.revision + 1);
      db.prepare('DELETE FROM events WHERE position = ?').run(deleted.position);
    });
    expect(report.ok).toBe(false);
    expect(report.firstFinding).toMatchObject({ kind: 'missing-position', position: deleted.position + 1 });
    expect(report.firstFinding!.detail).toContain(`position ${deleted.position} is missing`);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        kind: 'missing-revision',
        streamId: deleted.stream_id,
        revision: deleted.revision + 1,
        eventId: next.event_id,
        detail: expect.stringContaining(`revision ${deleted.revision} is missing`),
      }),
    );
    expect(report.storeVerdicts).toContainEqual(
      expect.objectContaining({
        ok: false,
        stream: deleted.stream_id,
        firstBroken: expect.objectContaining({ revision: deleted.revision }),
      }),
    );
  });

  it("notices the removal of a stream's last event, which no hash chain can show", async () => {
    let deleted!: Row;
    const report = await verifyAfter((db) => {
      deleted = rowOf(db, "type = 'ReferralCompleted'");
      db.prepare('DELETE FROM events WHERE position = ?').run(deleted.position);
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'missing-position', detail: expect.stringContaining(`position ${deleted.position} is missing`) }),
    ]);
  });

  it('notices the removal of the newest event of the whole store, from the position counter the store keeps', async () => {
    let newest!: Row;
    const report = await verifyAfter((db) => {
      newest = db.prepare('SELECT position, stream_id, revision, event_id, type FROM events ORDER BY position DESC LIMIT 1').get() as Row;
      db.prepare('DELETE FROM events WHERE position = ?').run(newest.position);
    });
    expect(report.headPosition).toBe(newest.position - 1);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'missing-position',
        position: newest.position,
        detail: expect.stringContaining(`position ${newest.position} is missing from the end of the global log`),
      }),
    ]);
  });

  it('names two events of one stream that swapped places in the global order, though each chain still holds', async () => {
    let first!: Row;
    let second!: Row;
    const report = await verifyAfter((db) => {
      first = rowOf(db, "type = 'ReferralOpened'");
      second = rowOf(db, 'stream_id = ? AND revision = 1', first.stream_id);
      const swap = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        swap.run(-1, first.position);
        swap.run(first.position, second.position);
        swap.run(second.position, -1);
      })();
    });
    expect(report.storeVerdicts.every((verdict) => verdict.ok)).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        kind: 'reordered',
        streamId: first.stream_id,
        revision: 0,
        eventId: first.event_id,
        position: second.position,
      }),
    );
  });
});

describe('verifying on every core, stream range by stream range', () => {
  /** The report of one pass over the log (no file) beside the one of `threads` ranges of streams, timing aside. */
  async function bothReports(tamper: (db: Database.Database) => void, threads: number) {
    const file = path.join(folder, `copy-${++copies}.db`);
    copyFileSync(pristine, file);
    const db = new Database(file);
    tamper(db);
    db.close();
    const url = `sqlite:${file}`;
    const store: EventStore = await openEventStore(url, [sqliteEventStore]);
    try {
      const { file: _file, ...onePass } = positionFactsOf(url);
      const untimed = ({ elapsedMs: _e, eventsPerSecond: _r, ...report }: IntegrityReport) => report;
      return {
        // Few findings kept, so that each range's trimming to the first in global order is at work.
        single: untimed(await verifyStore(store, { ...onePass, maxFindings: 10 })),
        parallel: untimed(await verifyStore(store, { ...positionFactsOf(url), threads, maxFindings: 10 })),
      };
    } finally {
      await store.close();
    }
  }

  const streamsInIndexOrder = (db: Database.Database) =>
    db.prepare('SELECT DISTINCT stream_id FROM events ORDER BY stream_id').pluck().all() as string[];

  it('finds a tampered event in every range, and reports what one pass over the log reports', async () => {
    const tampered: string[] = [];
    const { single, parallel } = await bothReports((db) => {
      const streams = streamsInIndexOrder(db);
      // The first stream, one in the middle, the last: one in each of three ranges.
      for (const stream of [streams[0]!, streams[Math.floor(streams.length / 2)]!, streams[streams.length - 1]!]) {
        tampered.push(stream);
        db.prepare("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE stream_id = ? AND revision = 0").run(stream);
      }
    }, 3);
    expect(parallel.findings.map((finding) => [finding.kind, finding.streamId]).sort()).toEqual(
      tampered.map((stream) => ['altered', stream]).sort(),
    );
    expect(parallel).toEqual(single);
  });

  it.each([
    [
      'a deleted event',
      (db: Database.Database) =>
        db.prepare("DELETE FROM events WHERE position = (SELECT min(position) FROM events WHERE type = 'AuthorizedLevelRecorded')").run(),
    ],
    [
      'two events of one stream swapped in the global order',
      (db: Database.Database) => {
        const first = rowOf(db, "type = 'ReferralOpened'");
        const second = rowOf(db, 'stream_id = ? AND revision = 1', first.stream_id);
        const swap = db.prepare('UPDATE events SET position = ? WHERE position = ?');
        db.transaction(() => {
          swap.run(-1, first.position);
          swap.run(first.position, second.position);
          swap.run(second.position, -1);
        })();
      },
    ],
    [
      'more altered events than the report keeps',
      (db: Database.Database) => db.prepare("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position % 2 = 0").run(),
    ],
    ['more deleted events than the report keeps', (db: Database.Database) => db.prepare('DELETE FROM events WHERE position % 3 = 0').run()],
    [
      'the newest event removed',
      (db: Database.Database) => db.prepare('DELETE FROM events WHERE position = (SELECT max(position) FROM events)').run(),
    ],
    [
      'a link rewritten',
      (db: Database.Database) =>
        db
          .prepare('UPDATE events SET prev_hash = ? WHERE position = (SELECT min(position) FROM events WHERE revision = 2)')
          .run('f'.repeat(64)),
    ],
    [
      'data changed in place, still canonical JSON',
      (db: Database.Database) =>
        db
          .prepare(
            "UPDATE events SET data = replace(data, 'site-north', 'site-south') WHERE position = (SELECT min(position) FROM events WHERE data LIKE '%site-north%')",
          )
          .run(),
    ],
    [
      'an envelope changed in place',
      (db: Database.Database) =>
        db
          .prepare(
            "UPDATE events SET metadata = replace(metadata, 'clinician', 'supervisor') WHERE position = (SELECT min(position) FROM events WHERE metadata LIKE '%clinician%')",
          )
          .run(),
    ],
    [
      'an event type renamed',
      (db: Database.Database) =>
        db
          .prepare(
            "UPDATE events SET type = 'EpisodeClosed' WHERE position = (SELECT min(position) FROM events WHERE type = 'EpisodeOpened')",
          )
          .run(),
    ],
    [
      'an event moved to a stream named with one character',
      (db: Database.Database) =>
        db.prepare("UPDATE events SET stream_id = 'x' WHERE position = (SELECT max(position) FROM events WHERE revision = 3)").run(),
    ],
    [
      'an event moved to a stream with an empty name',
      (db: Database.Database) =>
        db.prepare("UPDATE events SET stream_id = '' WHERE position = (SELECT max(position) FROM events WHERE revision = 3)").run(),
    ],
  ])('reports %s as one pass over the log does, on 1 to 4 threads', async (_what, tamper) => {
    for (const threads of [1, 2, 4]) {
      const { single, parallel } = await bothReports(tamper, threads);
      expect(single.ok).toBe(false);
      expect(parallel).toEqual(single);
      expect(parallel.findings.length).toBe(Math.min(10, parallel.findingsTotal));
    }
  });
});

describe('verifying rows written before the stored texts were canonical', () => {
  /** The same content in another key order, as an append stored it before (JSON.stringify of the caller's object). */
  const reordered = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reordered)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([key, v]) => [key, reordered(v)]),
          )
        : value;

  it('finds nothing wrong with them on 1 to 4 threads, and still finds an altered one', async () => {
    const file = path.join(folder, `copy-${++copies}.db`);
    copyFileSync(pristine, file);
    const db = new Database(file);
    const rows = db.prepare('SELECT position, data, metadata FROM events').all() as Array<{
      position: number;
      data: string;
      metadata: string;
    }>;
    const rewrite = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    let unsorted = 0;
    db.transaction(() => {
      for (const row of rows) {
        const data = JSON.stringify(reordered(JSON.parse(row.data)));
        const metadata = JSON.stringify(reordered(JSON.parse(row.metadata)));
        if (data !== row.data) unsorted += 1;
        rewrite.run(data, metadata, row.position);
      }
    })();
    db.close();
    expect(unsorted).toBeGreaterThan(rows.length / 2);
    const url = `sqlite:${file}`;
    const store: EventStore = await openEventStore(url, [sqliteEventStore]);
    try {
      for (const threads of [1, 2, 4]) {
        const report = await verifyStore(store, { ...positionFactsOf(url), threads });
        expect(report).toMatchObject({ ok: true, findingsTotal: 0, eventsChecked: headOfPristine });
      }
    } finally {
      await store.close();
    }
    const tampered = new Database(file);
    tampered.prepare("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = 5").run();
    tampered.close();
    const after = await openEventStore(url, [sqliteEventStore]);
    try {
      const report = await verifyStore(after, { ...positionFactsOf(url), threads: 2 });
      expect(report.findings).toEqual([expect.objectContaining({ kind: 'altered', position: 5 })]);
    } finally {
      await after.close();
    }
  });
});

function syntheticEpisodeStreamOf(db: Database.Database, clientNumber: number): string {
  const opened = db
    .prepare("SELECT data FROM events WHERE type = 'EpisodeOpened' AND json_extract(data, '$.clientId') = ?")
    .get(syntheticClientId(clientNumber)) as { data: string };
  return (JSON.parse(opened.data) as { episodeId: string }).episodeId;
}
