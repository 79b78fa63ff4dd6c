import { type RecordedEvent, type RecordedMetadata, type StoredEventRow } from '@continuum/event-store';

/** An `events` row as node-postgres returns it: bigint positions come as strings. */
export type PostgresEventRow = StoredEventRow & { position: string | number; recorded_at: string };

export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at';

export function toRecordedEvent(row: PostgresEventRow): RecordedEvent {
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
