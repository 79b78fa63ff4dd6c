// The embedded event store beside raw better-sqlite3 doing the same work on the same disk,
// then the PostgreSQL store through the same measures when a server is given.
//
//   npm run bench:store                       # temp folder under the OS temp dir
//   npm run bench:store -- --postgres postgres://continuum@127.0.0.1:55432/continuum   # or POSTGRES_URL
//   npm run bench:store -- --dir /mnt/ssd     # or BENCH_DIR=/mnt/ssd: measure another disk
//   npm run bench:store -- --replay-events 50000
//
// The baseline is what the adapter costs at the least: same file settings (WAL,
// synchronous=FULL, busy_timeout), same table and indexes, one transaction per append, but
// no expected-revision check, no hash chain, no idempotency lookup and no promise queue.
// Targets (README "Event store"): single appends >= 0.8x the raw one-row transaction;
// 64 concurrent writers >= 5x one writer with p99 <= 10 ms (group commit), shown beside the
// raw loop writing the same 64 rows in one transaction; replay pages through the log with
// flat memory.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type Database from 'better-sqlite3';
import { type ExpectedRevision, type NewEvent, openEventStore } from '@continuum/event-store';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { DEFAULT_WAL_PRESIZE_BYTES, SqliteEventStore } from '@continuum/event-store-sqlite';
import { openEventStoreDatabase as openDatabase } from '@continuum/event-store-sqlite';
import { commandLine, fail, positiveNumber, wholeNumber } from '../cli/command-line.js';
import { eventLoopCpuMs } from './event-loop-cpu.js';

const cli = commandLine({
  name: 'bench:store',
  usage: `usage: npm run bench:store [-- --dir <folder>] [--replay-events <N>] [--seconds-per-measure <s>] [--appends-only] [--postgres <url>]

The embedded event store beside raw better-sqlite3 doing the same work on the same disk:
single appends, 64 concurrent writers, batches, stream reads and a replay with its memory.
With a PostgreSQL server, the PostgreSQL store through the same measures beside SQLite's.
Prints tables; not a test.

options:
  --dir <folder>             where the temporary files go (default BENCH_DIR, else the OS temp folder)
  --replay-events <N>        events in the replay measure (default 200000)
  --seconds-per-measure <s>  how long each timed measure runs (default 3)
  --appends-only             stop after the one-writer and 64-writer append measures
  --postgres <url>           also measure the PostgreSQL store there (default POSTGRES_URL; its streams are
                             named for this run and left in the database)
  -h, --help                 this text`,
  options: {
    dir: { type: 'string' },
    'replay-events': { type: 'string' },
    'seconds-per-measure': { type: 'string' },
    // Stop after the one-writer and 64-writer append measures (faster iteration on group commit).
    'appends-only': { type: 'boolean', default: false },
    postgres: { type: 'string' },
  },
  maxPositionals: 0,
});
// Set from the command line when main starts.
let REPLAY_EVENTS = 200_000;
let MEASURE_MS = 3000;
const CONCURRENT_WRITERS = 64;
/** Each measure of the store beside the raw loop, in this many alternating slices a side. */
const SLICES_PER_SIDE = 6;
const BATCH_SIZE = 100;
const READ_STREAM_EVENTS = 10_000;

type Row = { measure: string; store: string; raw: string; ratio: string; note?: string };
const rows: Row[] = [];
/** SQLite's figures, for the PostgreSQL table beside them. */
const sqliteFigures = new Map<string, string>();

function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}

function newEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'LevelOfCareChanged',
    data: {
      episodeId: randomUUID(),
      from: { code: '2.1', edition: 3 },
      to: { code: '3.5', edition: 3 },
      direction: 'step-up',
      reason: 'relapse-after-iop',
      evidence: [{ kind: 'assessment', id: randomUUID() }],
      sequence: i,
    },
    metadata: {
      schemaVersion: 1,
      clientId: randomUUID(),
      siteId: 'site-north',
      actor: { userId: randomUUID(), role: 'clinician' },
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const rate = (count: number, ms: number) => (count / ms) * 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;
const ratio = (store: number, raw: number) => `${(store / raw).toFixed(2)}x`;

/** The raw baseline: same file settings and table, writes with no checks at all. */
class RawStore {
  private readonly insert: Database.Statement<unknown[], unknown>;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private revisions = new Map<string, number>();

  constructor(readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
  }

  append(stream: string, events: NewEvent[]): void {
    this.begin.run();
    let revision = this.revisions.get(stream) ?? -1;
    const recordedAt = new Date().toISOString();
    for (const event of events) this.insertRow(stream, (revision += 1), event, recordedAt);
    this.revisions.set(stream, revision);
    this.commit.run();
  }

  private insertRow(stream: string, revision: number, event: NewEvent, recordedAt: string): void {
    this.insert.run(
      stream,
      revision,
      event.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      '',
      '',
      recordedAt,
    );
  }

  /** One event to each stream, all in one transaction: a group commit without the store. */
  appendToEach(streams: string[], events: NewEvent[]): void {
    this.begin.run();
    const recordedAt = new Date().toISOString();
    streams.forEach((stream, i) => {
      const revision = (this.revisions.get(stream) ?? -1) + 1;
      this.insertRow(stream, revision, events[i], recordedAt);
      this.revisions.set(stream, revision);
    });
    this.commit.run();
  }
}

async function main(): Promise<void> {
  const { values: flags } = cli.parse();
  REPLAY_EVENTS = wholeNumber(flags['replay-events'], '--replay-events', { fallback: 200_000 });
  MEASURE_MS = positiveNumber(flags['seconds-per-measure'], '--seconds-per-measure', 3) * 1000;
  const parent = flags.dir ?? process.env.BENCH_DIR ?? tmpdir();
  if (!existsSync(parent) || !statSync(parent).isDirectory()) fail(`there is no folder ${parent} to measure in`);
  const folder = mkdtempSync(join(parent, 'continuum-store-bench-'));
  process.stdout.write(`Event store benchmark — files in ${folder}\n`);
  // Sized as the services open it (EVENT_STORE_URL, the adapter): its WAL is overwritten, not extended.
  const store = await SqliteEventStore.open({ path: join(folder, 'store.db'), walPresizeBytes: DEFAULT_WAL_PRESIZE_BYTES });
  const raw = new RawStore(openDatabase(join(folder, 'raw.db'), 5000));
  let stored = 0;
  try {
    // 1. One writer, one event per append: every append pays a full disk sync.
    progress(`one writer, single-event appends, ${MEASURE_MS / 1000} s each in ${SLICES_PER_SIDE} alternating slices`);
    // Side by side, in alternating slices (sideBySide): measured one after the other, the pair
    // gave 0.41–0.57x, when slices of the same run put the store at 0.8–1.0x.
    let singleRevision: ExpectedRevision = 'no-stream';
    const storeSlice = async (deadline: number, latencies: number[]) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        singleRevision = (await store.appendToStream('bench-single', [newEvent(latencies.length)], { expectedRevision: singleRevision }))
          .nextExpectedRevision;
        latencies.push(performance.now() - started);
      }
    };
    const rawSlice = async (deadline: number, latencies: number[]) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        raw.append('bench-single', [newEvent(latencies.length)]);
        latencies.push(performance.now() - started);
      }
    };
    const { store: single, raw: rawSingle } = await sideBySide(storeSlice, rawSlice);
    const singleRate = rate(single.result.length, single.ms);
    const rawSingleRate = rate(rawSingle.result.length, rawSingle.ms);
    const singleSorted = [...single.result].sort((a, b) => a - b);
    const rawSingleSorted = [...rawSingle.result].sort((a, b) => a - b);
    rows.push({
      measure: 'single-event appends/s, 1 writer',
      store: fmt(singleRate),
      raw: fmt(rawSingleRate),
      ratio: ratio(singleRate, rawSingleRate),
      note: 'target >= 0.8x',
    });
    rows.push({
      measure: '  latency p50 / p99',
      store: `${ms(percentile(singleSorted, 50))} / ${ms(percentile(singleSorted, 99))}`,
      raw: `${ms(percentile(rawSingleSorted, 50))} / ${ms(percentile(rawSingleSorted, 99))}`,
      ratio: '',
    });
    rows.push(cpuRow(single, rawSingle));

    // 2. 64 writers at once, each on its own stream with exact expected revisions, beside the
    //    raw loop writing one event to each of 64 streams in one transaction (building the 64
    //    events inside the timed window, as the writers do). The raw side is the floor of the
    //    group commit on this disk at this moment: its p99 is what the sync and the CPU the
    //    machine gives this process allow, before any of the store's own work.
    progress(`${CONCURRENT_WRITERS} concurrent writers beside a raw ${CONCURRENT_WRITERS}-row transaction, in alternating slices`);
    const writerStreams = Array.from({ length: CONCURRENT_WRITERS }, (_, writer) => `bench-writer-${writer}`);
    const writerRevisions: ExpectedRevision[] = writerStreams.map(() => 'no-stream');
    const storeGroupSlice = async (deadline: number, latencies: number[]) => {
      await Promise.all(
        writerStreams.map(async (stream, writer) => {
          while (performance.now() < deadline) {
            const started = performance.now();
            writerRevisions[writer] = (
              await store.appendToStream(stream, [newEvent(0)], { expectedRevision: writerRevisions[writer] })
            ).nextExpectedRevision;
            latencies.push(performance.now() - started);
          }
        }),
      );
    };
    const rawGroupSlice = async (deadline: number, latencies: number[]) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        raw.appendToEach(
          writerStreams,
          writerStreams.map(() => newEvent(0)),
        );
        const latency = performance.now() - started;
        for (let i = 0; i < CONCURRENT_WRITERS; i++) latencies.push(latency);
        // A turn of the event loop, as the store's writers take between two batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const { store: concurrent, raw: rawGroup } = await sideBySide(storeGroupSlice, rawGroupSlice);
    stored += concurrent.result.length;
    const concurrentRate = rate(concurrent.result.length, concurrent.ms);
    const rawGroupRate = rate(rawGroup.result.length, rawGroup.ms);
    const concurrentSorted = [...concurrent.result].sort((a, b) => a - b);
    const rawGroupSorted = [...rawGroup.result].sort((a, b) => a - b);
    rows.push({
      measure: `single-event appends/s, ${CONCURRENT_WRITERS} writers`,
      store: fmt(concurrentRate),
      raw: fmt(rawGroupRate),
      ratio: ratio(concurrentRate, rawGroupRate),
      note: `${(concurrentRate / singleRate).toFixed(1)}x one writer (target >= 5x); raw: ${CONCURRENT_WRITERS}-row transactions`,
    });
    rows.push({
      measure: '  latency p50 / p99',
      store: `${ms(percentile(concurrentSorted, 50))} / ${ms(percentile(concurrentSorted, 99))}`,
      raw: `${ms(percentile(rawGroupSorted, 50))} / ${ms(percentile(rawGroupSorted, 99))}`,
      ratio: '',
      note: 'target p99 <= 10 ms',
    });
    rows.push(cpuRow(concurrent, rawGroup));

    if (flags['appends-only']) {
      printTable();
      return;
    }

    // 3. 100-event appends (an import, a migration, a busy relay's reaction).
    progress(`${BATCH_SIZE}-event appends`);
    const batches = await timed(async (deadline) => {
      let count = 0;
      let expectedRevision: ExpectedRevision = 'no-stream';
      while (performance.now() < deadline) {
        const events = Array.from({ length: BATCH_SIZE }, (_, i) => newEvent(i));
        expectedRevision = (await store.appendToStream('bench-batches', events, { expectedRevision })).nextExpectedRevision;
        count += 1;
      }
      return count;
    });
    stored += batches.result * BATCH_SIZE;
    const rawBatches = await timed(async (deadline) => {
      let count = 0;
      while (performance.now() < deadline) {
        raw.append(
          'bench-batches',
          Array.from({ length: BATCH_SIZE }, (_, i) => newEvent(i)),
        );
        count += 1;
      }
      return count;
    });
    const batchRate = rate(batches.result, batches.ms);
    const rawBatchRate = rate(rawBatches.result, rawBatches.ms);
    rows.push({
      measure: `${BATCH_SIZE}-event appends/s (events/s)`,
      store: `${fmt(batchRate)} (${fmt(batchRate * BATCH_SIZE)})`,
      raw: `${fmt(rawBatchRate)} (${fmt(rawBatchRate * BATCH_SIZE)})`,
      ratio: ratio(batchRate, rawBatchRate),
    });

    // 4. Reading one long stream whole, as a command handler folding an aggregate does.
    progress(`reading a ${fmt(READ_STREAM_EVENTS)}-event stream`);
    let expectedRevision: ExpectedRevision = 'no-stream';
    for (let written = 0; written < READ_STREAM_EVENTS; written += 500) {
      const events = Array.from({ length: 500 }, (_, i) => newEvent(i));
      expectedRevision = (await store.appendToStream('bench-long', events, { expectedRevision })).nextExpectedRevision;
      raw.append('bench-long', events);
    }
    stored += READ_STREAM_EVENTS;
    const reads = await timed(async (deadline) => {
      let events = 0;
      while (performance.now() < deadline) events += (await store.readStream('bench-long')).length;
      return events;
    });
    const rawRead = raw.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
    const rawReads = await timed(async (deadline) => {
      let events = 0;
      while (performance.now() < deadline) {
        for (const row of rawRead.all('bench-long') as Array<{ data: string; metadata: string }>) {
          JSON.parse(row.data);
          JSON.parse(row.metadata);
          events += 1;
        }
      }
      return events;
    });
    const readRate = rate(reads.result, reads.ms);
    const rawReadRate = rate(rawReads.result, rawReads.ms);
    rows.push({ measure: 'stream reads, events/s', store: fmt(readRate), raw: fmt(rawReadRate), ratio: ratio(readRate, rawReadRate) });

    // 5. Replaying the whole log, as a projection rebuild or an audit does.
    const missing = Math.max(0, REPLAY_EVENTS - stored);
    progress(`filling the store to ${fmt(REPLAY_EVENTS)} events for the replay (${fmt(missing)} more)`);
    let nextReport = performance.now() + 5000;
    for (let filled = 0; filled < missing;) {
      const inFlight = Array.from({ length: 8 }, (_, lane) => {
        const events = Array.from({ length: Math.min(BATCH_SIZE, Math.max(0, missing - filled - lane * BATCH_SIZE)) }, (_, i) =>
          newEvent(i),
        );
        if (events.length > 0) raw.append(`bench-fill-${lane}`, events);
        return events.length > 0
          ? store.appendToStream(`bench-fill-${lane}`, events, { expectedRevision: 'any' }).then(() => events.length)
          : Promise.resolve(0);
      });
      filled += (await Promise.all(inFlight)).reduce((a, b) => a + b, 0);
      if (performance.now() > nextReport) {
        progress(`filled ${fmt(filled)} of ${fmt(missing)}`);
        nextReport = performance.now() + 5000;
      }
    }
    progress('replaying the whole log (readAll)');
    collectGarbage(); // start the replay from a clean heap, so the samples show the replay alone
    const rssSamples: number[] = [];
    const replay = await timed(async () => {
      let events = 0;
      for await (const _event of store.readAll()) {
        events += 1;
        if (events % 20_000 === 0) rssSamples.push(process.memoryUsage().rss);
      }
      return events;
    });
    const rawReplay = await timed(async () => {
      let events = 0;
      for (const row of raw.db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
        data: string;
        metadata: string;
      }>) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
        events += 1;
      }
      return events;
    });
    const replayRate = rate(replay.result, replay.ms);
    const rawReplayRate = rate(rawReplay.result, rawReplay.ms);
    rows.push({
      measure: `readAll replay of ${fmt(replay.result)} events, events/s`,
      store: fmt(replayRate),
      raw: fmt(rawReplayRate),
      ratio: ratio(replayRate, rawReplayRate),
    });
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    const spread = Math.max(...rssSamples) - Math.min(...rssSamples);
    rows.push({
      measure: '  RSS during replay (min / max)',
      store: `${mb(Math.min(...rssSamples))} / ${mb(Math.max(...rssSamples))}`,
      raw: '',
      ratio: '',
      note: `spread ${mb(spread)} over ${rssSamples.length} samples`,
    });
    rows.push({ measure: 'peak RSS of the whole run', store: mb(process.resourceUsage().maxRSS * 1024), raw: '', ratio: '' });
    printTable();
    const postgresUrl = flags.postgres ?? process.env.POSTGRES_URL;
    if (postgresUrl) await benchPostgres(postgresUrl);
    process.stdout.write(
      `RSS samples during replay (MB, every 20 000 events): ${rssSamples.map((b) => (b / 1024 / 1024).toFixed(0)).join(' ')}\n`,
    );
  } finally {
    await store.close();
    raw.db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The PostgreSQL store through measures 1–4 and a replay of what it wrote, each beside the
 * SQLite store's figure from this run. Over TCP to a server on the same machine: every append
 * is a transaction of several round trips, under the store's one append lock.
 */
async function benchPostgres(url: string): Promise<void> {
  const run = `bench-${randomUUID()}`;
  process.stdout.write(`\nPostgreSQL event store — streams ${run}-* in the database the URL names\n`);
  const store = await openEventStore(url, [postgresEventStore]);
  const figures: Row[] = [];
  const add = (measure: string, postgres: string, note = '') =>
    figures.push({ measure, store: postgres, raw: sqliteFigures.get(measure) ?? '', ratio: '', note });
  try {
    progress(`PostgreSQL: one writer, single-event appends, ${MEASURE_MS / 1000} s`);
    const single = await timed(async (deadline) => {
      let expectedRevision: ExpectedRevision = 'no-stream';
      const latencies: number[] = [];
      while (performance.now() < deadline) {
        const started = performance.now();
        expectedRevision = (await store.appendToStream(`${run}-single`, [newEvent(latencies.length)], { expectedRevision }))
          .nextExpectedRevision;
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    });
    add('single-event appends/s, 1 writer', fmt(rate(single.result.length, single.ms)));
    add('  latency p50 / p99', `${ms(percentile(single.result, 50))} / ${ms(percentile(single.result, 99))}`);

    progress(`PostgreSQL: ${CONCURRENT_WRITERS} concurrent writers`);
    const concurrent = await timed(async (deadline) => {
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
          let expectedRevision: ExpectedRevision = 'no-stream';
          while (performance.now() < deadline) {
            const started = performance.now();
            expectedRevision = (await store.appendToStream(`${run}-writer-${writer}`, [newEvent(0)], { expectedRevision }))
              .nextExpectedRevision;
            latencies.push(performance.now() - started);
          }
        }),
      );
      return latencies.sort((a, b) => a - b);
    });
    add(`single-event appends/s, ${CONCURRENT_WRITERS} writers`, fmt(rate(concurrent.result.length, concurrent.ms)));
    add(
      `  latency p50 / p99 (${CONCURRENT_WRITERS} writers)`,
      `${ms(percentile(concurrent.result, 50))} / ${ms(percentile(concurrent.result, 99))}`,
    );

    progress(`PostgreSQL: ${BATCH_SIZE}-event appends`);
    const batches = await timed(async (deadline) => {
      let count = 0;
      let expectedRevision: ExpectedRevision = 'no-stream';
      while (performance.now() < deadline) {
        const events = Array.from({ length: BATCH_SIZE }, (_, i) => newEvent(i));
        expectedRevision = (await store.appendToStream(`${run}-batches`, events, { expectedRevision })).nextExpectedRevision;
        count += 1;
      }
      return count;
    });
    const batchRate = rate(batches.result, batches.ms);
    add(`${BATCH_SIZE}-event appends/s (events/s)`, `${fmt(batchRate)} (${fmt(batchRate * BATCH_SIZE)})`);

    progress(`PostgreSQL: reading a ${fmt(READ_STREAM_EVENTS)}-event stream`);
    let expectedRevision: ExpectedRevision = 'no-stream';
    for (let written = 0; written < READ_STREAM_EVENTS; written += 500) {
      const events = Array.from({ length: 500 }, (_, i) => newEvent(i));
      expectedRevision = (await store.appendToStream(`${run}-long`, events, { expectedRevision })).nextExpectedRevision;
    }
    const reads = await timed(async (deadline) => {
      let events = 0;
      while (performance.now() < deadline) events += (await store.readStream(`${run}-long`)).length;
      return events;
    });
    add('stream reads, events/s', fmt(rate(reads.result, reads.ms)));

    progress('PostgreSQL: replaying what this run wrote (readAll)');
    const replay = await timed(async () => {
      let events = 0;
      for await (const _event of store.readAll({ filter: { streamPrefixes: [run] } })) events += 1;
      return events;
    });
    add(`readAll replay, events/s`, fmt(rate(replay.result, replay.ms)), `${fmt(replay.result)} events (SQLite's: its own replay above)`);
  } finally {
    await store.close();
  }
  const header: Row = { measure: 'measure', store: 'PostgresEventStore', raw: 'SqliteEventStore (this run)', ratio: '', note: '' };
  printRows(header, figures);
}

/** A full GC without `node --expose-gc` (the npm script runs plain node). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

type Slice = (deadline: number, latencies: number[]) => Promise<void>;

/**
 * The store's and the raw loop's slices in turn (store, raw, raw, store, …), MEASURE_MS a side
 * in all: on a shared disk the sync rate drifts from one second to the next, and two measures
 * taken one after the other compare the disk's moods, not the two writers.
 */
type Side = { result: number[]; ms: number; eventLoopCpuMs: number };

async function sideBySide(storeSlice: Slice, rawSlice: Slice): Promise<Record<'store' | 'raw', Side>> {
  const sides = { store: { result: [], ms: 0, eventLoopCpuMs: 0 } as Side, raw: { result: [], ms: 0, eventLoopCpuMs: 0 } as Side };
  for (let slice = 0; slice < SLICES_PER_SIDE; slice++) {
    const order = slice % 2 === 0 ? (['store', 'raw'] as const) : (['raw', 'store'] as const);
    for (const side of order) {
      const started = performance.now();
      const cpuAtStart = eventLoopCpuMs();
      await (side === 'store' ? storeSlice : rawSlice)(started + MEASURE_MS / SLICES_PER_SIDE, sides[side].result);
      sides[side].ms += performance.now() - started;
      sides[side].eventLoopCpuMs += eventLoopCpuMs() - cpuAtStart;
    }
  }
  return sides;
}

/** Event-loop CPU per append, in µs, on each side and as a ratio (the store's cost over raw SQLite's). */
function cpuRow(store: Side, raw: Side): Row {
  const perAppend = (side: Side) => (side.eventLoopCpuMs * 1000) / side.result.length;
  return {
    measure: '  event-loop CPU per append',
    store: `${perAppend(store).toFixed(0)} µs`,
    raw: `${perAppend(raw).toFixed(0)} µs`,
    ratio: ratio(perAppend(store), perAppend(raw)),
    note: 'schedstat of the main thread: steadier than rates on a busy machine',
  };
}

async function timed<T>(run: (deadline: number) => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run(started + MEASURE_MS);
  return { result, ms: performance.now() - started };
}

function printTable(): void {
  for (const row of rows) if (!sqliteFigures.has(row.measure)) sqliteFigures.set(row.measure, row.store);
  // The 64-writer latency row shares its label with the one-writer row: keep both apart.
  const concurrentLatency = rows.findIndex((row) => row.measure.startsWith('single-event appends/s, 64')) + 1;
  if (concurrentLatency > 0 && rows[concurrentLatency])
    sqliteFigures.set(`  latency p50 / p99 (${CONCURRENT_WRITERS} writers)`, rows[concurrentLatency].store);
  const replayRow = rows.find((row) => row.measure.startsWith('readAll replay'));
  if (replayRow) sqliteFigures.set('readAll replay, events/s', replayRow.store);
  printRows({ measure: 'measure', store: 'SqliteEventStore', raw: 'raw better-sqlite3', ratio: 'ratio', note: '' }, rows);
}

function printRows(header: Row, rows: Row[]): void {
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => (row[key] ?? '').length));
  const line = (row: Row) =>
    `| ${row.measure.padEnd(width('measure'))} | ${row.store.padStart(width('store'))} | ${row.raw.padStart(width('raw'))} | ${row.ratio.padStart(width('ratio'))} | ${(row.note ?? '').padEnd(width('note'))} |`;
  process.stdout.write(
    `\n${line(header)}\n|${['measure', 'store', 'raw', 'ratio', 'note'].map((k) => '-'.repeat(width(k as keyof Row) + 2)).join('|')}|\n`,
  );
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

await cli.run(main);
