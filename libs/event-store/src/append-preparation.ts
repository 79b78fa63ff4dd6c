import {
  checkStreamAppends,
  type EventEnvelope,
  EventTooLarge,
  type ExpectedRevision,
  type NewEvent,
  type StreamAppend,
} from './event-store.js';
import { canonicalJson } from './hash-chain.js';

// What every adapter checks before an append reaches its store: names, ids, envelope, size.
// A refused append costs the store nothing and writes nothing.

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
/** The largest event any store accepts unless told otherwise (data and metadata, UTF-8): 1 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

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
    // Stored as the chain hashes them (canonical JSON: the same content, keys sorted), so the
    // stored texts are the very bytes hashed and a verifier hashes them without parsing
    // (hashedText); rows written before were in the caller's key order, checked the slow way.
    const dataJson = canonicalJson(event.data ?? null);
    const metadataJson = canonicalJson(event.metadata);
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
