import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';

// The embedded bus is one SQLite file shared by every service process of a machine, so the
// settings are about surviving each other and a power cut:
// - WAL lets consumers read while a publisher writes;
// - a publish the relay saw succeed is on disk before the relay moves its checkpoint (the
//   outbox must never lose an event): its connection commits with synchronous=NORMAL and the
//   publish waits for a sync of the WAL on libuv's thread pool (WalSync in @continuum/messaging), not for one inside
//   the commit on the event loop;
// - consumers' offsets and heartbeats commit at synchronous=NORMAL too, and are not synced:
//   in WAL mode that survives a killed process and loses at most the last commits on a power
//   cut, which then means a redelivery (handlers are idempotent), never a lost message; it
//   spares the fsync per handled message that would otherwise cap consumption at a few
//   hundred messages a second. One connection per process serves both;
// - busy_timeout makes a process wait for another's write lock instead of failing at once;
// - every write is BEGIN IMMEDIATE, so two processes never both read a partition's next
//   offset and hand it out twice.

export const BUS_SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS topics (
    topic      TEXT    PRIMARY KEY,
    partitions INTEGER NOT NULL
  );
  -- The head of each partition: offsets are handed out from here under the write lock, so
  -- they are dense and appear in commit order (a reader at offset n never misses n - 1).
  CREATE TABLE IF NOT EXISTS partitions (
    topic       TEXT    NOT NULL,
    partition   INTEGER NOT NULL,
    next_offset INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
  ) WITHOUT ROWID;
  -- sequence orders messages across partitions (dead letters are listed oldest first).
  CREATE TABLE IF NOT EXISTS messages (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    topic        TEXT    NOT NULL,
    partition    INTEGER NOT NULL,
    offset       INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    value        TEXT    NOT NULL,
    headers      TEXT    NOT NULL,
    published_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS messages_by_partition_offset ON messages (topic, partition, offset);
  -- Kafka's convention: the committed offset is the next one the group will read.
  CREATE TABLE IF NOT EXISTS committed_offsets (
    group_id    TEXT    NOT NULL,
    topic       TEXT    NOT NULL,
    partition   INTEGER NOT NULL,
    next_offset INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
  -- A member is alive while it renews expires_at (epoch ms) with its heartbeat.
  CREATE TABLE IF NOT EXISTS group_members (
    group_id   TEXT    NOT NULL,
    member_id  TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
  ) WITHOUT ROWID;
  -- One owner per partition and group at a time; a lease past expires_at is free to claim.
  CREATE TABLE IF NOT EXISTS partition_leases (
    group_id   TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    partition  INTEGER NOT NULL,
    member_id  TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
`;

/** The bus file at synchronous=NORMAL: a publish syncs the WAL itself before it resolves (WalSync in @continuum/messaging). */
export function openBusDatabase(path: string, busyTimeoutMs: number): Database.Database {
  return openSqliteFile(path, {
    busyTimeoutMs,
    synchronous: 'normal',
    schema: { sql: SCHEMA, version: BUS_SCHEMA_VERSION, describe: 'bus log' },
  });
}
