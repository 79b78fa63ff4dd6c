import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { openSqliteFile } from '@continuum/sqlite';
import { clientOf } from '../domain/stored-event.js';

// The event store's port finds events by stream and by global position, not by client. The
// client index, owned by the audit and derived from the store alone, says which streams hold
// events about each client (the client the audit's folds go by: the envelope's, else the
// payload's), with the first and last revision about them: a stream that mixes clients (an
// access log) is read only over that range, and filtered. It says where to look, never what
// happened: answers are folded from the store's own events. It is rebuilt from zero whenever
// it cannot be trusted to describe this store (another store, a replaced file, a head behind
// the checkpoint), so losing or deleting the file costs one full read of the store, nothing else.

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS client_streams (
    client_id      TEXT    NOT NULL,
    stream_id      TEXT    NOT NULL,
    first_revision INTEGER NOT NULL,
    last_revision  INTEGER NOT NULL,
    PRIMARY KEY (client_id, stream_id)
  ) WITHOUT ROWID;
  -- One row once anything is indexed: how far, and which store it describes. An event's
  -- fingerprint is when the store recorded it and its hash: two stores written alike still
  -- recorded their events at different instants.
  CREATE TABLE IF NOT EXISTS checkpoint (
    singleton               INTEGER PRIMARY KEY CHECK (singleton = 1),
    position                INTEGER NOT NULL,
    event_id                TEXT    NOT NULL,
    event_fingerprint       TEXT    NOT NULL,
    first_event_id          TEXT    NOT NULL,
    first_event_fingerprint TEXT    NOT NULL
  );
`;

/** Events written per transaction while catching up. */
const BATCH = 5000;

export type ClientStream = { streamId: string; firstRevision: number; lastRevision: number };

export type CatchUpProgress = { indexed: number; position: number; headPosition: number; elapsedMs: number };

export type CatchUpReport = CatchUpProgress & { from: number };

export type ClientIndexListeners = {
  /** The index no longer described the store and starts again from position 0; the reason says why. */
  onRebuild?: (reason: string) => void;
  /** Before indexing, when the index is `farBehind` events or more behind the head. */
  onFarBehind?: (checkpoint: number, headPosition: number) => void;
  /** Every `progressEveryMs` while catching up. */
  onProgress?: (progress: CatchUpProgress) => void;
  /** After a catch-up that indexed anything. */
  onCaughtUp?: (report: CatchUpReport) => void;
  /** Default 10 000 events. */
  farBehind?: number;
  /** Default 1000 ms. */
  progressEveryMs?: number;
};

type Checkpoint = { position: number; eventId: string; eventFingerprint: string; firstEventId: string; firstEventFingerprint: string };
type CheckpointRow = {
  position: number;
  event_id: string;
  event_fingerprint: string;
  first_event_id: string;
  first_event_fingerprint: string;
};

const fingerprintOf = (event: RecordedEvent) => `${event.recordedAt} ${event.metadata.hash}`;

export class ClientIndex {
  /** Catch-ups run one after the other; each caller waits for its own. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly selectStreams: Database.Statement<[string], { stream_id: string; first_revision: number; last_revision: number }>;
  private readonly selectCheckpoint: Database.Statement<[], CheckpointRow>;
  private readonly upsertStream: Database.Statement<[string, string, number, number]>;
  private readonly saveCheckpoint: Database.Statement<[number, string, string, string, string]>;

  private constructor(
    readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly listeners: ClientIndexListeners,
  ) {
    this.selectStreams = db.prepare('SELECT stream_id, first_revision, last_revision FROM client_streams WHERE client_id = ?');
    this.selectCheckpoint = db.prepare(
      'SELECT position, event_id, event_fingerprint, first_event_id, first_event_fingerprint FROM checkpoint WHERE singleton = 1',
    );
    this.upsertStream = db.prepare(`
      INSERT INTO client_streams (client_id, stream_id, first_revision, last_revision) VALUES (?, ?, ?, ?)
      ON CONFLICT (client_id, stream_id) DO UPDATE SET
        first_revision = min(first_revision, excluded.first_revision),
        last_revision = max(last_revision, excluded.last_revision)`);
    // Never backwards: another process may share the file and be ahead.
    this.saveCheckpoint = db.prepare(`
      INSERT INTO checkpoint (singleton, position, event_id, event_fingerprint, first_event_id, first_event_fingerprint) VALUES (1, ?, ?, ?, ?, ?)
      ON CONFLICT (singleton) DO UPDATE SET
        position = excluded.position, event_id = excluded.event_id, event_fingerprint = excluded.event_fingerprint,
        first_event_id = excluded.first_event_id, first_event_fingerprint = excluded.first_event_fingerprint
      WHERE excluded.position > checkpoint.position`);
  }

  /** Opens (or creates) the index file of this store. Derived data: a lost commit is indexed again. */
  static open(store: EventStore, file: string, listeners: ClientIndexListeners = {}): ClientIndex {
    const db = openSqliteFile(file, { synchronous: 'normal', schema: { sql: SCHEMA, version: 1, describe: 'audit client index' } });
    return new ClientIndex(store, db, listeners);
  }

  /**
   * Indexes what the store appended since the checkpoint, up to the head as it is now, and
   * resolves with the position indexed up to: answers read the client's streams up to it.
   */
  catchUp(): Promise<number> {
    const run = this.queue.then(() => this.catchUpNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The streams holding events about the client, as far as the index has read. */
  streamsOf(clientId: string): ClientStream[] {
    return this.selectStreams
      .all(clientId)
      .map((row) => ({ streamId: row.stream_id, firstRevision: row.first_revision, lastRevision: row.last_revision }));
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }

  private async catchUpNow(): Promise<number> {
    const headPosition = await this.store.headPosition();
    let checkpoint = this.checkpoint();
    if (checkpoint) {
      const reason = await this.untrustedBecause(checkpoint, headPosition);
      if (reason !== undefined) {
        this.listeners.onRebuild?.(reason);
        this.db.transaction(() => this.db.exec('DELETE FROM client_streams; DELETE FROM checkpoint;')).immediate();
        checkpoint = undefined;
      }
    }
    const from = checkpoint?.position ?? 0;
    if (headPosition <= from) return from;
    if (headPosition - from >= (this.listeners.farBehind ?? 10_000)) this.listeners.onFarBehind?.(from, headPosition);

    const started = performance.now();
    const everyMs = this.listeners.progressEveryMs ?? 1000;
    let lastProgress = started;
    let first = checkpoint ? { eventId: checkpoint.firstEventId, fingerprint: checkpoint.firstEventFingerprint } : undefined;
    let pending = new Map<string, [clientId: string, streamId: string, firstRevision: number, lastRevision: number]>();
    let pendingEvents = 0;
    let indexed = 0;
    let last: RecordedEvent | undefined;
    const write = () => {
      const upTo = last!;
      const store = first!;
      this.db.transaction(() => {
        for (const row of pending.values()) this.upsertStream.run(...row);
        this.saveCheckpoint.run(upTo.position, upTo.eventId, fingerprintOf(upTo), store.eventId, store.fingerprint);
      })();
      pending = new Map();
      pendingEvents = 0;
    };
    for await (const event of this.store.readAll({ after: from })) {
      if (event.position > headPosition) break;
      first ??= { eventId: event.eventId, fingerprint: fingerprintOf(event) };
      const clientId = clientOf(event);
      if (clientId !== undefined) {
        const key = `${clientId}\u0000${event.streamId}`;
        const row = pending.get(key);
        if (row) row[3] = event.revision;
        else pending.set(key, [clientId, event.streamId, event.revision, event.revision]);
      }
      last = event;
      indexed += 1;
      pendingEvents += 1;
      if (pendingEvents >= BATCH) {
        write();
        const now = performance.now();
        if (this.listeners.onProgress && now - lastProgress >= everyMs) {
          lastProgress = now;
          this.listeners.onProgress({ indexed, position: event.position, headPosition, elapsedMs: now - started });
        }
      }
    }
    if (pendingEvents > 0) write();
    const upTo = last?.position ?? from;
    if (indexed > 0) this.listeners.onCaughtUp?.({ from, indexed, position: upTo, headPosition, elapsedMs: performance.now() - started });
    return upTo;
  }

  private checkpoint(): Checkpoint | undefined {
    const row = this.selectCheckpoint.get();
    return (
      row && {
        position: row.position,
        eventId: row.event_id,
        eventFingerprint: row.event_fingerprint,
        firstEventId: row.first_event_id,
        firstEventFingerprint: row.first_event_fingerprint,
      }
    );
  }

  /** Why the index cannot be trusted to describe the store any more, if it cannot. */
  private async untrustedBecause(checkpoint: Checkpoint, headPosition: number): Promise<string | undefined> {
    const first = await this.firstEventAfter(0);
    if (!first) return `the store is empty, though the index read it up to position ${checkpoint.position}: its file was replaced`;
    if (first.eventId !== checkpoint.firstEventId || fingerprintOf(first) !== checkpoint.firstEventFingerprint) {
      return `the store's first event is not the one indexed (event ${checkpoint.firstEventId}): this is another store, or its file was replaced`;
    }
    if (headPosition < checkpoint.position) {
      return `the store's head position (${headPosition}) is behind the index's checkpoint (${checkpoint.position}): the store was replaced or cut short`;
    }
    const last = await this.firstEventAfter(checkpoint.position - 1);
    if (
      last?.position !== checkpoint.position ||
      last.eventId !== checkpoint.eventId ||
      fingerprintOf(last) !== checkpoint.eventFingerprint
    ) {
      return `the event at position ${checkpoint.position}, the last indexed, is not the one indexed (event ${checkpoint.eventId}): the store was replaced`;
    }
    return undefined;
  }

  private async firstEventAfter(position: number): Promise<RecordedEvent | undefined> {
    for await (const event of this.store.readAll({ after: position, maxCount: 1 })) return event;
    return undefined;
  }
}
