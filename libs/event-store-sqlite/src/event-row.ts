import { type RecordedEvent, type RecordedMetadata } from '@continuum/event-store';

/** An `events` row as better-sqlite3 returns it. */
export type EventRow = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
  recorded_at: string;
};

export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at';

export function toRecordedEvent(row: EventRow): RecordedEvent {
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
    position: row.position,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data) as unknown,
    metadata,
  };
}
