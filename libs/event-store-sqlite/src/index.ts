import { type EventStoreAdapter } from '@continuum/event-store';
import { SqliteEventStore } from './sqlite-event-store.js';
import { DEFAULT_WAL_PRESIZE_BYTES } from '@continuum/sqlite';

export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';
/** The store's SQLite file opened with its schema: the store benchmark's raw-append baseline writes to it directly. */
export { openDatabase as openEventStoreDatabase } from './schema.js';

export { DEFAULT_WAL_PRESIZE_BYTES } from '@continuum/sqlite';
/** A row of the events table and how the store reads it: for tools that scan the file on threads of their own (the audit's verify). */
export { type EventRow } from './event-row.js';

/**
 * The embedded event store: one SQLite file (EVENT_STORE_URL=sqlite:<path>). What the services
 * and the tools open. A service's store lives for hours, and its WAL is sized at start
 * (libs/sqlite/src/wal-checkpointer.ts); a CLI's (isShortLived) and a spec's SqliteEventStore.open leave that
 * out: SQLite deletes the WAL when the last connection closes, so the sizing would be undone.
 */
export const sqliteEventStore: EventStoreAdapter = {
  adapter: 'sqlite',
  open: ({ path }, { isShortLived = false } = {}) =>
    SqliteEventStore.open({ path, walPresizeBytes: isShortLived ? 0 : DEFAULT_WAL_PRESIZE_BYTES }),
};
