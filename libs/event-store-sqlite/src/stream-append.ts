import type Database from 'better-sqlite3';
import {
  type AppendResult,
  chainHash,
  checkStreamAppends,
  type EventEnvelope,
  EventIdAlreadyInStream,
  EventTooLarge,
  type ExpectedRevision,
  GENESIS_HASH,
  type NewEvent,
  satisfiesExpectedRevision,
  type StreamAppend,
  WrongExpectedRevision,
} from '@continuum/event-store';

/** An append checked and serialised outside the write transaction, ready to be written. */
export type AppendJob = {
  stream: string;
  expectedRevision: ExpectedRevision;
  events: Array<{ eventId: string; type: string; data: unknown; metadata: EventEnvelope; dataJson: string; metadataJson: string }>;
};

/**
 * Validates and serialises an append before it joins the write queue, so that a refused
 * event (too large, malformed) costs the batch nothing and nothing of it is written.
 */
export function prepareAppend(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision, maxEventBytes: number): AppendJob {
  if (typeof stream !== 'string' || stream.length === 0)
    throw new TypeError('appendToStream needs a stream name, e.g. care-episode-<episodeId>');
  if (!isExpectedRevision(expectedRevision)) {
    throw new TypeError(`expectedRevision must be 'any', 'no-stream', 'stream-exists' or a revision >= 0, not ${String(expectedRevision)}`);
  }
  const seen = new Set<string>();
  const prepared = events.map((event) => {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0)
      throw new TypeError(`every event appended to ${stream} needs an eventId (a UUID)`);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError(`event ${event.eventId} needs a type, e.g. EpisodeOpened`);
    if (event.metadata === null || typeof event.metadata !== 'object')
      throw new TypeError(`event ${event.eventId} needs its metadata envelope (actor, site, correlation…)`);
    if (seen.has(event.eventId))
      throw new TypeError(`event id ${event.eventId} appears twice in one append to ${stream}: give every event its own id`);
    seen.add(event.eventId);
    const dataJson = JSON.stringify(event.data ?? null);
    const metadataJson = JSON.stringify(event.metadata);
    // A UTF-16 code unit is at most 3 UTF-8 bytes: most events are far below the limit and
    // need no exact count.
    if ((dataJson.length + metadataJson.length) * 3 > maxEventBytes) {
      const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
      if (bytes > maxEventBytes) throw new EventTooLarge(event.eventId, bytes, maxEventBytes);
    }
    return { eventId: event.eventId, type: event.type, data: event.data ?? null, metadata: event.metadata, dataJson, metadataJson };
  });
  return { stream, expectedRevision, events: prepared };
}

/**
 * Prepares every part of an `appendToStreams` before any joins the queue: a refused event in
 * one part refuses the whole unit with nothing written.
 */
export function prepareAppends(appends: StreamAppend[], maxEventBytes: number): AppendJob[] {
  checkStreamAppends(appends);
  return appends.map(({ stream, events, expectedRevision }) => prepareAppend(stream, events, expectedRevision, maxEventBytes));
}

function isExpectedRevision(value: unknown): value is ExpectedRevision {
  return value === 'any' || value === 'no-stream' || value === 'stream-exists' || (Number.isSafeInteger(value) && (value as number) >= 0);
}

type StreamHead = { revision: number; hash: string; position: number };
type StoredId = { revision: number; position: number };

/** Writes one append inside the current transaction: checks, hash chain, rows. */
export class StreamAppender {
  private readonly head: Database.Statement<[string], StreamHead>;
  private readonly findId: Database.Statement<[string, string], StoredId>;
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

    let prevHash = head ? head.hash : GENESIS_HASH;
    let revision = head ? head.revision + 1 : 0;
    let position = 0;
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const hash = chainHash(prevHash, {
        eventId: event.eventId,
        type: event.type,
        streamId: stream,
        revision,
        data: event.data,
        metadata: event.metadata,
      });
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
      prevHash = hash;
      revision += 1;
    }
    return { nextExpectedRevision: revision - 1, position };
  }

  /**
   * The stream already holds the first event id (and this append wrote nothing yet). A
   * retry of an append that succeeded (same ids, in order, where the same expected revision
   * put them) gets the first result back and writes nothing; anything else is refused
   * rather than written twice.
   */
  private earlierResult(job: AppendJob): AppendResult {
    const { stream, expectedRevision, events } = job;
    const stored = events.map((event) => ({ eventId: event.eventId, at: this.findId.get(stream, event.eventId) }));
    const first = stored[0].at as StoredId;
    const isSameAppend = stored.every(({ at }, i) => at !== undefined && at.revision === first.revision + i);
    const previous = first.revision === 0 ? 'no-stream' : first.revision - 1;
    if (isSameAppend && satisfiesExpectedRevision(expectedRevision, previous)) {
      const last = stored[stored.length - 1].at as StoredId;
      return { nextExpectedRevision: last.revision, position: last.position };
    }
    const clash = stored.find(({ at }) => at !== undefined) as { eventId: string; at: StoredId };
    throw new EventIdAlreadyInStream(stream, clash.eventId, clash.at.revision, expectedRevision);
  }
}
