import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';

// One file may be shared by several OS processes (one per service on a machine), so the
// settings below are about surviving each other and a power cut, not about speed alone:
// - WAL lets readers go on while one process writes;
// - synchronous=FULL syncs the WAL at every commit: an append the caller saw succeed is on
//   disk (an auditor's trail cannot lose a confirmed clinical decision);
// - busy_timeout makes a process wait for another's write lock instead of failing at once.

export const SCHEMA_VERSION = 1;

const SCHEMA = `
  -- AUTOINCREMENT: a position is never handed out twice, even if the newest row were removed
  -- behind the store's back, so a subscriber's checkpoint can never skip a later event.
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream_revision ON events (stream_id, revision);
  -- Event ids are unique per stream: what makes a retried append recognisable.
  CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream_event_id ON events (stream_id, event_id);
  -- Signed checkpoints (libs/event-store/src/checkpoints): one row per signed tree head, the
  -- record as JSON. Added beside the events in version 1: code that predates it never reads it.
  CREATE TABLE IF NOT EXISTS signed_checkpoints (
    sequence INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    record   TEXT    NOT NULL
  );
  -- Single-active leases (libs/event-store/src/single-active.ts): who runs a relay or a
  -- deadline scheduler until when (ms since the epoch, the machine's clock: every process
  -- sharing the file runs on it), and the progress its holders saved. Added in version 1 too.
  CREATE TABLE IF NOT EXISTS leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    position   INTEGER
  );
`;

export function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  return openSqliteFile(path, { busyTimeoutMs, schema: { sql: SCHEMA, version: SCHEMA_VERSION, describe: 'event store' } });
}
