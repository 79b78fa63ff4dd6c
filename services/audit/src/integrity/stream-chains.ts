// The integrity check on every core: the streams of a SQLite store split into ranges of
// stream ids of about equal numbers of events, one worker thread per range (stream-chain-worker.ts).
// Each worker reads its streams one at a time in the store's (stream, revision) index order,
// holds one stream's rows, puts them in global order, and checks the chain as one pass over
// the whole log would (checkLink: links, revisions, order, each event's own hash), so memory
// stays one stream's rows however large the store. The calling thread checks what no stream
// shows, the global positions (verify-store.ts). A worker that cannot start (no build of it:
// the sources run under a test runner) leaves its range to this thread, with the same results.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { EVENT_COLUMNS, type RecordedEvent } from '@continuum/event-store';
import { type EventRow } from '@continuum/event-store-sqlite';
import { type IntegrityFinding } from './integrity-finding.js';
import { STREAM_START, type StreamHead, checkLink, rowContentFinding } from './store-verifier.js';

/** Streams with `from <= stream_id < to` (no bound where absent), events up to `headPosition`. */
export type StreamRange = { file: string; from?: string; to?: string; headPosition: number; maxFindings: number; maxBrokenStreams: number };
export type StreamRangeResult = {
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
export type StreamRangeMessage = { kind: 'progress'; events: number } | ({ kind: 'done' } & StreamRangeResult);

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './stream-chain-worker.ts' : './stream-chain-worker.js', import.meta.url);
const PROGRESS_EVERY = 5000;

/** Every stream of `file` checked, up to `headPosition`, on `threads` worker threads. `onEvents` hears how many events each range has done since last time. */
export async function checkStreamsInParallel(
  file: string,
  headPosition: number,
  {
    threads = availableParallelism(),
    maxFindings,
    maxBrokenStreams,
    onEvents,
  }: { threads?: number; maxFindings: number; maxBrokenStreams: number; onEvents?: (events: number) => void },
): Promise<StreamRangeResult> {
  const ranges = streamRanges(file, headPosition, Math.max(1, threads), { maxFindings, maxBrokenStreams });
  const results = await Promise.all(ranges.map((range) => onWorker(range, onEvents).catch(() => checkStreamRange(range, onEvents))));
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

/** `count` ranges of whole streams, cut in the (stream, revision) index at about equal numbers of events. */
function streamRanges(
  file: string,
  headPosition: number,
  count: number,
  limits: Pick<StreamRange, 'maxFindings' | 'maxBrokenStreams'>,
): StreamRange[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const at = db.prepare('SELECT stream_id FROM events ORDER BY stream_id, revision LIMIT 1 OFFSET ?').pluck();
    const cuts: string[] = [];
    for (let i = 1; i < count; i++) {
      const cut = at.get(Math.floor((i * total) / count)) as string | undefined;
      if (cut !== undefined && cut !== cuts[cuts.length - 1]) cuts.push(cut);
    }
    return [undefined, ...cuts].map((from, i) => ({
      file,
      ...(from !== undefined ? { from } : {}),
      ...(cuts[i] !== undefined ? { to: cuts[i] } : {}),
      headPosition,
      ...limits,
    }));
  } finally {
    db.close();
  }
}

function onWorker(range: StreamRange, onEvents?: (events: number) => void): Promise<StreamRangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: range });
    let done = 0;
    worker.on('message', (message: StreamRangeMessage) => {
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
    worker.once('exit', (code) => reject(new Error(`the verify worker for its range of streams exited with ${code}`)));
  });
}

/** The streams of one range read straight from the file, each checked in global order as one pass over the log checks it. */
export function checkStreamRange(range: StreamRange, onEvents?: (events: number) => void): StreamRangeResult {
  const { file, from, to, headPosition, maxFindings, maxBrokenStreams } = range;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const result: StreamRangeResult = { findings: [], total: 0, events: 0, streams: 0, brokenStreams: [] };
  let reported = 0;
  const checkStream = (rows: EventRow[]) => {
    // In index order (revisions); the chain is checked in global order, as one pass sees it.
    if (!isInPositionOrder(rows)) rows.sort((a, b) => a.position - b.position);
    let head: StreamHead = STREAM_START;
    let first: number | undefined;
    for (const row of rows) {
      const findings: IntegrityFinding[] = [];
      // The link from the row's columns; its content from its stored texts, parsed only when
      // they are not the bytes hashed (rowContentFinding).
      head = checkLink(head, linkOf(row), findings, false) ?? head;
      const altered = rowContentFinding(row);
      if (altered) findings.push(altered);
      if (findings.length === 0) continue;
      first ??= row.position;
      result.total += findings.length;
      result.findings.push(...findings);
    }
    if (first !== undefined) {
      result.brokenStreams.push({ streamId: rows[0]!.stream_id, position: first });
      if (result.brokenStreams.length > 2 * maxBrokenStreams) result.brokenStreams = firstBroken(result.brokenStreams, maxBrokenStreams);
    }
    // Only the first maxFindings in global order are kept: trimmed now and then, not at every one.
    if (result.findings.length > 2 * maxFindings) result.findings = firstInGlobalOrder(result.findings, maxFindings);
    result.events += rows.length;
    result.streams += 1;
    if (onEvents && result.events - reported >= PROGRESS_EVERY) {
      onEvents(result.events - reported);
      reported = result.events;
    }
  };
  try {
    const conditions = ['position <= ?'];
    const params: unknown[] = [headPosition];
    if (from !== undefined) {
      conditions.push('stream_id >= ?');
      params.push(from);
    }
    if (to !== undefined) {
      conditions.push('stream_id < ?');
      params.push(to);
    }
    const rows = db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY stream_id, revision`)
      .iterate(...params) as Iterable<EventRow>;
    let stream: EventRow[] = [];
    for (const row of rows) {
      if (stream.length > 0 && row.stream_id !== stream[0]!.stream_id) {
        checkStream(stream);
        stream = [];
      }
      stream.push(row);
    }
    if (stream.length > 0) checkStream(stream);
  } finally {
    db.close();
  }
  result.findings = firstInGlobalOrder(result.findings, maxFindings);
  result.brokenStreams = firstBroken(result.brokenStreams, maxBrokenStreams);
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

function isInPositionOrder(rows: EventRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.position <= rows[i - 1]!.position) return false;
  return true;
}

/** Stable: the findings of one event stay in the order they were found. */
function firstInGlobalOrder(findings: IntegrityFinding[], max: number): IntegrityFinding[] {
  return findings.sort((a, b) => a.position - b.position).slice(0, max);
}

function firstBroken(streams: BrokenStream[], max: number): BrokenStream[] {
  return streams.sort((a, b) => a.position - b.position).slice(0, max);
}
