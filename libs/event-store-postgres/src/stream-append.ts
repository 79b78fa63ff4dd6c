import type pg from 'pg';
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

/** The rows one write transaction inserts, column by column (one INSERT … SELECT FROM unnest). */
export class PendingRows {
  readonly positions: number[] = [];
  readonly streams: string[] = [];
  readonly revisions: number[] = [];
  readonly eventIds: string[] = [];
  readonly types: string[] = [];
  readonly data: string[] = [];
  readonly metadata: string[] = [];
  readonly prevHashes: string[] = [];
  readonly hashes: string[] = [];
  readonly recordedAt: string[] = [];

  get count(): number {
    return this.positions.length;
  }

  insert(client: pg.PoolClient): Promise<unknown> {
    return client.query(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        this.positions,
        this.streams,
        this.revisions,
        this.eventIds,
        this.types,
        this.data,
        this.metadata,
        this.prevHashes,
        this.hashes,
        this.recordedAt,
      ],
    );
  }
}

type LookupRow = { kind: 'head' | 'id'; revision: number; hash: string; position: string; event_id: string };

/**
 * Judges one append inside the write transaction (which holds the append lock, so nothing
 * moves under it) and adds its rows to `rows`: the same rules as the SQLite adapter's
 * StreamAppender — expected revision, retries recognised by their event ids, the hash chain.
 * `nextPosition` hands out the store's next global position.
 */
export async function stageAppend(
  client: pg.PoolClient,
  job: AppendJob,
  rows: PendingRows,
  nextPosition: () => number,
): Promise<AppendResult> {
  const { stream, expectedRevision, events } = job;
  // The stream's last event and any of this append's ids the stream already holds, in one round trip.
  const lookup = await client.query<LookupRow>(
    `(SELECT 'head' AS kind, revision, hash, position, event_id FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1)
     UNION ALL
     (SELECT 'id' AS kind, revision, hash, position, event_id FROM events WHERE stream_id = $1 AND event_id = ANY($2::text[]))`,
    [stream, events.map((event) => event.eventId)],
  );
  const headRow = lookup.rows.find((row) => row.kind === 'head');
  const head = headRow && { revision: headRow.revision, hash: headRow.hash, position: Number(headRow.position) };
  const stored = new Map<string, StoredPlace>(
    lookup.rows.filter((row) => row.kind === 'id').map((row) => [row.event_id, { revision: row.revision, position: Number(row.position) }]),
  );

  const actual = head ? head.revision : 'no-stream';
  if (!satisfiesExpectedRevision(expectedRevision, actual)) {
    // Most often a real conflict; but a retry of an append that succeeded also lands here.
    if (events.length > 0 && stored.has(events[0].eventId)) return earlierAppendResult(job, (eventId) => stored.get(eventId));
    throw new WrongExpectedRevision(stream, expectedRevision, actual);
  }
  if (events.length === 0) return { nextExpectedRevision: head ? head.revision : -1, position: head ? head.position : 0 };
  if (stored.has(events[0].eventId)) return earlierAppendResult(job, (eventId) => stored.get(eventId));
  const clash = events.find((event) => stored.has(event.eventId));
  if (clash) throw new EventIdAlreadyInStream(stream, clash.eventId, (stored.get(clash.eventId) as StoredPlace).revision, expectedRevision);

  const recordedAt = new Date().toISOString();
  let position = 0;
  for (const { event, revision, prevHash, hash } of chainedEvents(job, head)) {
    position = nextPosition();
    rows.positions.push(position);
    rows.streams.push(stream);
    rows.revisions.push(revision);
    rows.eventIds.push(event.eventId);
    rows.types.push(event.type);
    rows.data.push(event.dataJson);
    rows.metadata.push(event.metadataJson);
    rows.prevHashes.push(prevHash);
    rows.hashes.push(hash);
    rows.recordedAt.push(recordedAt);
  }
  return { nextExpectedRevision: (head ? head.revision : -1) + events.length, position };
}
