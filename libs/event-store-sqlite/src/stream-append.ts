import type Database from 'better-sqlite3';
import {
  type AppendJob,
  type AppendResult,
  chainedEvents,
  earlierAppendResult,
  EventIdAlreadyInStream,
  satisfiesExpectedRevision,
  type StoredPlace,
  WrongExpectedRevision,
} from '@continuum/event-store';

type StreamHead = { revision: number; hash: string; position: number };

/** Writes one append inside the current transaction: checks, hash chain, rows. */
export class StreamAppender {
  private readonly head: Database.Statement<[string], StreamHead>;
  private readonly findId: Database.Statement<[string, string], StoredPlace>;
  private readonly insert: Database.Statement<unknown[], unknown>;
  constructor(db: Database.Database) {
    this.head = db.prepare('SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
    this.findId = db.prepare('SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?');
    this.insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  append(job: AppendJob): AppendResult {
    const { stream, expectedRevision, events } = job;
    const head = this.head.get(stream);
    const actual = head ? head.revision : 'no-stream';
    if (!satisfiesExpectedRevision(expectedRevision, actual)) {
      // Most often a real conflict; but a retry of an append that succeeded also lands here.
      if (events.length > 0 && this.findId.get(stream, events[0].eventId)) return this.earlierResult(job);
      throw new WrongExpectedRevision(stream, expectedRevision, actual);
    }
    if (events.length === 0) return { nextExpectedRevision: head ? head.revision : -1, position: head ? head.position : 0 };

    let position = 0;
    const recordedAt = new Date().toISOString();
    for (const { event, revision, prevHash, hash } of chainedEvents(job, head)) {
      try {
        position = Number(
          this.insert.run(stream, revision, event.eventId, event.type, event.dataJson, event.metadataJson, prevHash, hash, recordedAt)
            .lastInsertRowid,
        );
      } catch (error) {
        // The unique (stream, event id) index is the duplicate check that costs nothing on
        // the happy path. If the very first event clashes nothing of this append is written
        // yet, so it may be a retry (e.g. with 'any'); a later clash is a partial overlap,
        // refused (the append's savepoint removes what it wrote).
        const stored =
          (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? this.findId.get(stream, event.eventId) : undefined;
        if (stored && event === events[0]) return this.earlierResult(job);
        if (stored) throw new EventIdAlreadyInStream(stream, event.eventId, stored.revision, expectedRevision);
        throw error;
      }
    }
    return { nextExpectedRevision: (head ? head.revision : -1) + events.length, position };
  }

  /** The stream already holds the first event id (and this append wrote nothing yet): a retry, or refused. */
  private earlierResult(job: AppendJob): AppendResult {
    return earlierAppendResult(job, (eventId) => this.findId.get(job.stream, eventId));
  }
}
