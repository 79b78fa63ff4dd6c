import { type EventEnvelope, type RecordedEvent, type RecordedMetadata, type StreamVerification } from './event-store.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';

/** A stored event as the SQL adapters keep it: data and envelope as JSON text, the chain beside them. */
export type StoredEventRow = {
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
};

/** An `events` row with its place in the store: `position` as a driver returns it (PostgreSQL's bigint as a string). */
export type StoredEventRowAt = StoredEventRow & { position: number | string; recorded_at: string };

/** The columns of an `events` row, in the order every SQL store selects them. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at';

/** A stored row as a recorded event: the envelope with the row's chain, the data parsed. */
export function recordedEventOf(row: StoredEventRowAt): RecordedEvent {
  // Assigning onto the freshly parsed envelope, rather than spreading it into a new object,
  // keeps long replays cheap; nothing else holds a reference to it.
  const metadata = JSON.parse(row.metadata) as RecordedMetadata;
  metadata.prevHash = row.prev_hash;
  metadata.hash = row.hash;
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data) as unknown,
    metadata,
  };
}

/**
 * Recomputes a stream's hash chain from its stored rows and names the first event that no
 * longer fits, in the words an auditor needs: which revision, which event, what is wrong.
 */
export function verifyRows(stream: string, rows: Iterable<StoredEventRow>): StreamVerification {
  let expectedRevision = 0;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const broken = (reason: string): StreamVerification => ({
      ok: false,
      stream,
      events: expectedRevision,
      firstBroken: { revision: expectedRevision, eventId: row.event_id, reason },
    });
    if (row.revision !== expectedRevision) {
      const missing =
        row.revision - 1 === expectedRevision ? `revision ${expectedRevision} is` : `revisions ${expectedRevision}–${row.revision - 1} are`;
      return broken(
        `missing revision: ${missing} missing from the stream; the next event present is ${row.event_id} at revision ${row.revision}`,
      );
    }
    if (row.prev_hash !== prevHash) {
      const expectedLink = expectedRevision === 0 ? 'the genesis hash' : `the hash of revision ${expectedRevision - 1}`;
      return broken(
        `broken link: event ${row.event_id} does not point at ${expectedLink} (an event before it was altered, removed or reordered)`,
      );
    }
    const recomputed = chainHash(prevHash, {
      eventId: row.event_id,
      type: row.type,
      streamId: row.stream_id,
      revision: row.revision,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as EventEnvelope,
    });
    if (recomputed !== row.hash) {
      return broken(`altered content: event ${row.event_id} no longer matches the hash recorded when it was appended`);
    }
    prevHash = row.hash;
    expectedRevision += 1;
  }
  return { ok: true, stream, events: expectedRevision };
}
