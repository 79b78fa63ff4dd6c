// The integrity check on every core: the streams of a SQLite store split into shares by their
// names (a cheap hash SQLite computes), one worker thread per share (stream-chain-worker.ts).
// Each worker reads the log in global order, skipping in SQLite the rows of other shares, and
// checks each of its streams' chains as one pass over the whole log would (checkLink: links,
// revisions, order, each event's own hash), holding one head per stream of its share. Reading
// in global order is the table's own order, about twice as fast as the stream index's
// (which reads the table at random), and needs no sorting. The calling thread checks what no
// stream shows, the global positions (verify-store.ts). A worker that cannot start (no build of
// it: the sources run under a test runner) leaves its share to this thread, with the same results.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { openSqliteFileReadOnly } from '@continuum/sqlite';
import { EVENT_COLUMNS, type RecordedEvent } from '@continuum/event-store';
import { type EventRow } from '@continuum/event-store-sqlite';
import { type IntegrityFinding } from './integrity-finding.js';
import { STREAM_START, type StreamHead, checkLink, rowContentFinding } from './store-verifier.js';

/** Share `share` of `shares` of the streams (by shareOf), events up to `headPosition`. */
export type StreamShare = {
  file: string;
  share: number;
  shares: number;
  headPosition: number;
  maxFindings: number;
  maxBrokenStreams: number;
};
export type StreamShareResult = {
  /** The first `maxFindings` in global order (position, then as one pass lists them). */
  findings: IntegrityFinding[];
  total: number;
  events: number;
  streams: number;
  /** The first `maxBrokenStreams` streams with a finding, by the position of their first finding. */
  brokenStreams: BrokenStream[];
};
export type BrokenStream = { streamId: string; position: number };
/** What a worker posts: its progress now and then, its result once. */
export type StreamShareMessage = { kind: 'progress'; events: number } | ({ kind: 'done' } & StreamShareResult);

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './stream-chain-worker.ts' : './stream-chain-worker.js', import.meta.url);
const PROGRESS_EVERY = 5000;

/**
 * Which share a stream is in, as SQLite computes it for `stream_id`: its last two characters
 * (the end of a UUID or a day and process id in nearly every stream name), mixed. A character
 * a name lacks counts 0 (unicode('') is NULL): a one-character or empty name, as a row renamed
 * behind the store's back may carry, still falls in a share and is checked.
 */
const SHARE_OF_STREAM = '((coalesce(unicode(substr(stream_id, -1)), 0) + 7 * coalesce(unicode(substr(stream_id, -2, 1)), 0)) % ?)';

/** Every stream of `file` checked, up to `headPosition`, on `threads` worker threads. `onEvents` hears how many events each share has done since last time. */
export async function checkStreamsInParallel(
  file: string,
  headPosition: number,
  {
    threads = availableParallelism(),
    maxFindings,
    maxBrokenStreams,
    onEvents,
  }: { threads?: number; maxFindings: number; maxBrokenStreams: number; onEvents?: (events: number) => void },
): Promise<StreamShareResult> {
  const shares = Math.max(1, threads);
  const parts: StreamShare[] = Array.from({ length: shares }, (_, share) => ({
    file,
    share,
    shares,
    headPosition,
    maxFindings,
    maxBrokenStreams,
  }));
  const results = await Promise.all(parts.map((part) => onWorker(part, onEvents).catch(() => checkStreamShare(part, onEvents))));
  const findings = results.flatMap((result) => result.findings);
  return {
    findings: firstInGlobalOrder(findings, maxFindings),
    total: results.reduce((sum, result) => sum + result.total, 0),
    events: results.reduce((sum, result) => sum + result.events, 0),
    streams: results.reduce((sum, result) => sum + result.streams, 0),
    brokenStreams: firstBroken(
      results.flatMap((result) => result.brokenStreams),
      maxBrokenStreams,
    ),
  };
}

function onWorker(part: StreamShare, onEvents?: (events: number) => void): Promise<StreamShareResult> {
  return new Promise((resolve, reject) => {
    // A small young generation: a worker's garbage is one row at a time, and the default
    // (tens of MB per thread before a scavenge) would double the check's resident memory.
    const worker = new Worker(WORKER, { workerData: part, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    let done = 0;
    worker.on('message', (message: StreamShareMessage) => {
      if (message.kind === 'progress') {
        onEvents?.(message.events - done);
        done = message.events;
        return;
      }
      const { kind: _kind, ...result } = message;
      onEvents?.(result.events - done);
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the verify worker for its share of streams exited with ${code}`)));
  });
}

/** The streams of one share read straight from the file in global order, each checked as one pass over the log checks it. */
export function checkStreamShare(part: StreamShare, onEvents?: (events: number) => void): StreamShareResult {
  const { file, share, shares, headPosition, maxFindings, maxBrokenStreams } = part;
  const db = openSqliteFileReadOnly(file);
  const result: StreamShareResult = { findings: [], total: 0, events: 0, streams: 0, brokenStreams: [] };
  const heads = new Map<string, StreamHead>();
  const broken = new Set<string>();
  let reported = 0;
  try {
    const rows = (
      shares === 1
        ? db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? ORDER BY position`).iterate(headPosition)
        : db
            .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? AND ${SHARE_OF_STREAM} = ? ORDER BY position`)
            .iterate(headPosition, shares, share)
    ) as Iterable<EventRow>;
    for (const row of rows) {
      const findings: IntegrityFinding[] = [];
      // The link from the row's columns; its content from its stored texts, parsed only when
      // they are not the bytes hashed (rowContentFinding).
      const next = checkLink(heads.get(row.stream_id) ?? STREAM_START, linkOf(row), findings, false);
      if (next) heads.set(row.stream_id, next);
      const altered = rowContentFinding(row);
      if (altered) findings.push(altered);
      result.events += 1;
      if (findings.length > 0) {
        // In global order already: the first kept are the first there are.
        result.total += findings.length;
        for (const finding of findings) if (result.findings.length < maxFindings) result.findings.push(finding);
        if (result.brokenStreams.length < maxBrokenStreams && !broken.has(row.stream_id)) {
          broken.add(row.stream_id);
          result.brokenStreams.push({ streamId: row.stream_id, position: row.position });
        }
      }
      if (onEvents && result.events - reported >= PROGRESS_EVERY) {
        onEvents(result.events - reported);
        reported = result.events;
      }
    }
  } finally {
    db.close();
  }
  result.streams = heads.size;
  onEvents?.(result.events - reported);
  return result;
}

/** What checkLink reads of an event: ids, places and the two hashes, none of its content. */
function linkOf(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    data: undefined,
    metadata: { prevHash: row.prev_hash, hash: row.hash } as RecordedEvent['metadata'],
  };
}

/** Stable: the findings of one event stay in the order they were found. */
function firstInGlobalOrder(findings: IntegrityFinding[], max: number): IntegrityFinding[] {
  return findings.sort((a, b) => a.position - b.position).slice(0, max);
}

function firstBroken(streams: BrokenStream[], max: number): BrokenStream[] {
  return streams.sort((a, b) => a.position - b.position).slice(0, max);
}
