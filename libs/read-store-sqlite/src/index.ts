import { type ReadStoreAdapter } from '@continuum/read-store';
import { SqliteReadStore } from './sqlite-read-store.js';

export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite-read-store.js';

/** The embedded read store: document tables in a SQLite file (READ_STORE_URL=sqlite:<path>). */
export const sqliteReadStore: ReadStoreAdapter = { adapter: 'sqlite', open: ({ path }) => SqliteReadStore.open({ path }) };
