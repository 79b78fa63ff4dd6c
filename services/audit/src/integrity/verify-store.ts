import { openSqliteFileReadOnly } from '@continuum/sqlite';
import { type EventStore, type StreamVerification } from '@continuum/event-store';
import { checkStreamsInParallel } from './stream-chains.js';
import { type IntegrityFinding } from './integrity-finding.js';
import { type PositionPolicy, StoreVerifier, positionGap } from './store-verifier.js';

// The whole-store integrity check: every event up to the head as it was when the check
// began (a live writer is not chased), read in pages, so memory stays flat however large
// the store. Each stream found broken is then verified again by the store itself
// (EventStore.verifyStream), whose verdict the report carries beside ours.
//
// On a SQLite store (`file`) the check uses every core: worker threads each take a share of
// the streams (by name) and read the log in global order, checking each of their streams'
// chains with every event's own hash (stream-chains.ts), one head per stream; meanwhile this
// thread checks the global positions; the findings are merged in global order, the very
// report one pass over the log gives.

/**
 * `position`: the position reached; the check on every core reads the streams in shares, and
 * gives the events checked so far instead (the same share of the head in a store without gaps).
 */
export type VerifyProgress = { eventsChecked: number; position: number; headPosition: number; elapsedMs: number; eventsPerSecond: number };

export type VerifyStoreOptions = {
  positions: PositionPolicy;
  /** The head to check up to, read by the caller after positionFactsOf; by default read here. */
  headPosition?: number;
  /** The last position the store handed out, read before the check began (positionFactsOf). */
  handedOutUpTo?: number;
  /** Called about every `progressEveryMs` (default 1000) while the check runs. */
  onProgress?: (progress: VerifyProgress) => void;
  progressEveryMs?: number;
  /** Findings kept in the report; the count goes on past it. Default 100. */
  maxFindings?: number;
  /** Streams whose store verdict the report carries. Default 20. */
  maxStoreVerdicts?: number;
  /** The store's SQLite file (positionFactsOf): the check then runs on every core. */
  file?: string;
  /** Worker threads for the content hashes with `file`. Default: the machine's cores. */
  threads?: number;
};

export type IntegrityReport = {
  ok: boolean;
  headPosition: number;
  eventsChecked: number;
  streamsChecked: number;
  /** The first finding in global order: the earliest sign of tampering. */
  firstFinding: IntegrityFinding | null;
  findings: IntegrityFinding[];
  findingsTotal: number;
  /** The store's own verification of each stream found broken. */
  storeVerdicts: StreamVerification[];
  elapsedMs: number;
  eventsPerSecond: number;
};

export async function verifyStore(store: EventStore, options: VerifyStoreOptions): Promise<IntegrityReport> {
  const maxFindings = options.maxFindings ?? 100;
  const maxStoreVerdicts = options.maxStoreVerdicts ?? 20;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const started = performance.now();
  const headPosition = options.headPosition ?? (await store.headPosition());
  const verifier = new StoreVerifier(options.positions);
  const findings: IntegrityFinding[] = [];
  const brokenStreams = new Set<string>();
  let findingsTotal = 0;
  let lastProgress = started;
  const record = (finding: IntegrityFinding) => {
    findingsTotal += 1;
    if (finding.streamId !== undefined) brokenStreams.add(finding.streamId);
    if (findings.length < maxFindings) findings.push(finding);
  };
  let eventsChecked = 0;
  const rate = (elapsedMs: number) => (elapsedMs > 0 ? Math.round((eventsChecked * 1000) / elapsedMs) : 0);

  const progress = (position: number, checked: number) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (now - lastProgress < progressEveryMs) return;
    lastProgress = now;
    options.onProgress({
      eventsChecked: checked,
      position,
      headPosition,
      elapsedMs: now - started,
      eventsPerSecond: rate(now - started),
    });
  };

  let streamsChecked: number | undefined;
  let lastChecked: number;
  if (options.file !== undefined) {
    // The streams on every core; meanwhile this thread checks the global positions.
    let done = 0;
    const streams = checkStreamsInParallel(options.file, headPosition, {
      threads: options.threads,
      maxFindings,
      maxBrokenStreams: maxStoreVerdicts,
      onEvents: (events) => {
        done += events;
        progress(Math.min(done, headPosition), done);
      },
    });
    const positions = positionsOf(options.file, headPosition, options.positions, { maxFindings, maxStreams: maxStoreVerdicts });
    const checked = await streams;
    // Stable: at one position the order findings come first, as one pass lists them.
    const merged = [...positions.findings, ...checked.findings].sort((a, b) => a.position - b.position);
    for (const finding of merged) record(finding);
    // The broken streams in the order of their first finding, as one pass meets them, though
    // most findings were not kept.
    const firsts = [...positions.findings.map(({ streamId, position }) => ({ streamId, position })), ...checked.brokenStreams];
    brokenStreams.clear();
    for (const { streamId } of firsts.sort((a, b) => a.position - b.position)) if (streamId !== undefined) brokenStreams.add(streamId);
    findingsTotal = positions.total + checked.total;
    eventsChecked = checked.events;
    streamsChecked = checked.streams;
    lastChecked = positions.last;
  } else {
    for await (const event of store.readAll()) {
      if (event.position > headPosition) break;
      for (const finding of verifier.check(event)) record(finding);
      eventsChecked = verifier.eventsChecked;
      if (eventsChecked % 1000 === 0) progress(event.position, eventsChecked);
    }
    lastChecked = verifier.lastPositionChecked;
  }
  if (options.handedOutUpTo !== undefined && options.handedOutUpTo > lastChecked) {
    const missing =
      options.handedOutUpTo === lastChecked + 1
        ? `position ${options.handedOutUpTo} is`
        : `positions ${lastChecked + 1}–${options.handedOutUpTo} are`;
    record({
      kind: 'missing-position',
      position: options.handedOutUpTo,
      detail: `${missing} missing from the end of the global log: the store handed out positions up to ${options.handedOutUpTo}, so the newest events were removed`,
    });
  }
  const elapsedMs = performance.now() - started;

  const storeVerdicts: StreamVerification[] = [];
  for (const stream of [...brokenStreams].slice(0, maxStoreVerdicts)) storeVerdicts.push(await store.verifyStream(stream));

  return {
    ok: findingsTotal === 0,
    headPosition,
    eventsChecked,
    streamsChecked: streamsChecked ?? verifier.streamsChecked,
    firstFinding: findings[0] ?? null,
    findings,
    findingsTotal,
    storeVerdicts,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: rate(elapsedMs),
  };
}

/**
 * The global log's own check, which no stream shows: no position missing (a contiguous store).
 * One count answers it for an untouched store; only when positions are missing are they read
 * one by one, to name each gap as one pass over the log names it.
 */
function positionsOf(
  file: string,
  headPosition: number,
  policy: PositionPolicy,
  keep: { maxFindings: number; maxStreams: number },
): { findings: IntegrityFinding[]; total: number; last: number } {
  const db = openSqliteFileReadOnly(file);
  try {
    const { count, last } = db
      .prepare('SELECT count(*) AS count, max(position) AS last FROM events WHERE position <= ?')
      .get(headPosition) as {
      count: number;
      last: number | null;
    };
    // Kept: the first maxFindings, and the first finding of each of the first maxStreams streams
    // (the merged report needs no more); the rest are only counted, so memory stays bounded
    // however many gaps a damaged store has.
    const findings: IntegrityFinding[] = [];
    const streams = new Set<string>();
    let total = 0;
    if (policy === 'contiguous' && count !== (last ?? 0)) {
      let previous = 0;
      const rows = db
        .prepare('SELECT position, stream_id, revision, event_id FROM events WHERE position <= ? ORDER BY position')
        .iterate(headPosition) as Iterable<{ position: number; stream_id: string; revision: number; event_id: string }>;
      for (const row of rows) {
        const gap = positionGap(policy, previous, {
          position: row.position,
          streamId: row.stream_id,
          revision: row.revision,
          eventId: row.event_id,
        });
        previous = row.position;
        if (!gap) continue;
        total += 1;
        const isNewStream = streams.size < keep.maxStreams && !streams.has(row.stream_id);
        if (isNewStream) streams.add(row.stream_id);
        if (findings.length < keep.maxFindings || isNewStream) findings.push(gap);
      }
    }
    return { findings, total, last: last ?? 0 };
  } finally {
    db.close();
  }
}
