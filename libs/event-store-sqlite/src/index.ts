import { type EventStoreAdapter } from '@continuum/event-store';
import { SqliteEventStore } from './sqlite-event-store.js';

export { SqliteEventStore, type SqliteEventStoreOptions, DEFAULT_MAX_EVENT_BYTES } from './sqlite-event-store.js';
/** The store's SQLite file opened with its schema: the store benchmark's raw-append baseline writes to it directly. */
export { openDatabase as openEventStoreDatabase } from './schema.js';

/** The embedded event store: one SQLite file (EVENT_STORE_URL=sqlite:<path>). */
export const sqliteEventStore: EventStoreAdapter = { adapter: 'sqlite', open: ({ path }) => SqliteEventStore.open({ path }) };
