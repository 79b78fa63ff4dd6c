import type Database from 'better-sqlite3';
import {
  type AppendJob,
  type AppendResult,
  chainedEvents,
  type RecordedEvent,
  recordedEventOf,
  earlierAppendResult,
  EventIdAlreadyInStream,
  satisfiesExpectedRevision,
  type StoredPlace,
  WrongExpectedRevision,
} from '@continuum/event-store';

type StreamHead = { revision: number; hash: string; position: number };

/** Streams whose head this process remembers; past it the oldest is forgotten (it is read again when needed). */
const KNOWN_HEADS = 4096;

/**
 * Writes one append inside the current transaction: checks, hash chain, rows.
 *
 * The head of a stream this process appended to is kept in memory, so the next append to it
 * (a command on a care episode it just changed, a relay's outbox) skips the read of its last
 * row. Another process sharing the file may have appended since; the remembered head is then
 * behind, never ahead (rows are only ever added), and the unique (stream, revision) index
 * refuses the row this append would write at the remembered revision + 1. So a remembered head
 * is trusted only as far as the database agrees: when it fails the expected-revision rule or
 * its first row clashes, the head is read from the file and the append judged again. Two
 * processes can never both write the same revision.
 *
 * Heads written in the open transaction are staged, and become known only once it commits
 * (a refused append or a failed batch leaves what was known before).
 */
export class StreamAppender {
  private readonly head: Database.Statement<[string], StreamHead>;
  private readonly findId: Database.Statement<[string, string], StoredPlace>;
  private readonly insert: Database.Statement<unknown[], unknown>;
  /** Heads committed by this process (possibly behind another process's appends). */
  private readonly known = new Map<string, StreamHead>();
  /** Heads written in the open transaction by appends that succeeded. */
  private readonly staged = new Map<string, StreamHead>();
  /** Heads written by the unit (one appendToStream, or every part of an appendToStreams) being written. */
  private readonly unit = new Map<string, StreamHead>();

  constructor(db: Database.Database) {
    this.head = db.prepare('SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
    this.findId = db.prepare('SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?');
    this.insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Writes the parts of one unit in order; if one throws, the unit's heads are forgotten with its rows. */
  appendUnit(jobs: AppendJob[]): AppendResult[] {
    try {
      const results = jobs.length === 1 ? [this.append(jobs[0])] : jobs.map((job) => this.append(job));
      for (const [stream, head] of this.unit) this.staged.set(stream, head);
      return results;
    } finally {
      this.unit.clear();
    }
  }

  /** The open transaction committed: what it wrote is the streams' head now. */
  committed(): void {
    for (const [stream, head] of this.staged) {
      this.known.delete(stream); // re-inserted last: the most recently written are kept longest
      this.known.set(stream, head);
    }
    this.staged.clear();
    if (this.known.size > KNOWN_HEADS) {
      for (const stream of this.known.keys()) {
        this.known.delete(stream);
        if (this.known.size <= KNOWN_HEADS) break;
      }
    }
  }

  /** The open transaction was rolled back: nothing it staged was written. */
  rolledBack(): void {
    this.staged.clear();
  }

  private append(job: AppendJob): AppendResult {
    const { stream } = job;
    // Written in this transaction, under its write lock: exact.
    const exact = this.unit.get(stream) ?? this.staged.get(stream);
    if (exact) return this.appendAfter(job, exact, false);
    const remembered = this.known.get(stream);
    if (remembered) {
      const result = this.appendAfter(job, remembered, true);
      if (result !== STALE) return result;
      this.known.delete(stream);
    }
    return this.appendAfter(job, this.head.get(stream), false);
  }

  /**
   * The append after `head` (undefined: the stream has none). With `remembered`, a refusal or a
   * clash of its first row means the head may be behind the file: STALE, nothing written.
   */
  private appendAfter(job: AppendJob, head: StreamHead | undefined, remembered: true): AppendResult | typeof STALE;
  private appendAfter(job: AppendJob, head: StreamHead | undefined, remembered: false): AppendResult;
  private appendAfter(job: AppendJob, head: StreamHead | undefined, remembered: boolean): AppendResult | typeof STALE {
    const { stream, expectedRevision, events } = job;
    const actual = head ? head.revision : 'no-stream';
    if (!satisfiesExpectedRevision(expectedRevision, actual)) {
      if (remembered) return STALE;
      // Most often a real conflict; but a retry of an append that succeeded also lands here.
      if (events.length > 0 && this.findId.get(stream, events[0].eventId)) return this.earlierResult(job);
      throw new WrongExpectedRevision(stream, expectedRevision, actual);
    }
    if (events.length === 0) {
      // Nothing written, so nothing proves a remembered head: read it.
      if (remembered) return STALE;
      return { nextExpectedRevision: head ? head.revision : -1, position: head ? head.position : 0 };
    }

    let position = 0;
    const recordedAt = new Date().toISOString();
    const chain = chainedEvents(job, head);
    const recorded: RecordedEvent[] = [];
    for (const { event, revision, prevHash, hash } of chain) {
      try {
        position = Number(
          this.insert.run(stream, revision, event.eventId, event.type, event.dataJson, event.metadataJson, prevHash, hash, recordedAt)
            .lastInsertRowid,
        );
        // The row as a read returns it, from the very texts written: the caller's own objects
        // may hold what JSON does not keep (a Date, an undefined field), and its envelope may be
        // shared by several events. Parsing a few hundred bytes costs far less than reading it back.
        recorded.push(
          recordedEventOf({
            position,
            stream_id: stream,
            revision,
            event_id: event.eventId,
            type: event.type,
            data: event.dataJson,
            metadata: event.metadataJson,
            prev_hash: prevHash,
            hash,
            recorded_at: recordedAt,
          }),
        );
      } catch (error) {
        const unique = (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
        // The first row clashed, so nothing of this append is written yet: judged again from the file.
        if (remembered && unique && event === events[0]) return STALE;
        // The unique (stream, event id) index is the duplicate check that costs nothing on
        // the happy path. If the very first event clashes nothing of this append is written
        // yet, so it may be a retry (e.g. with 'any'); a later clash is a partial overlap,
        // refused (the append's savepoint removes what it wrote).
        const stored = unique ? this.findId.get(stream, event.eventId) : undefined;
        if (stored && event === events[0]) return this.earlierResult(job);
        if (stored) throw new EventIdAlreadyInStream(stream, event.eventId, stored.revision, expectedRevision);
        throw error;
      }
    }
    const last = chain[chain.length - 1];
    this.unit.set(stream, { revision: last.revision, hash: last.hash, position });
    return { nextExpectedRevision: last.revision, position, recorded };
  }

  /** The stream already holds the first event id (and this append wrote nothing yet): a retry, or refused. */
  private earlierResult(job: AppendJob): AppendResult {
    return earlierAppendResult(job, (eventId) => this.findId.get(job.stream, eventId));
  }
}

/** A remembered head the file does not confirm. */
const STALE = Symbol('stale head');
