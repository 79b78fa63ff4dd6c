import { MongooseReadStore } from './mongoose/mongoose-read-store.js';
import { type ReadStore } from './read-store.js';
import { SqliteReadStore } from './sqlite/sqlite-read-store.js';

// READ_STORE_URL (or MONGODB_URI) picks the adapter (ARCHITECTURE.md "Two ways to run"):
// SQLite document tables in embedded mode, MongoDB through mongoose in distributed mode.
// Services call openReadStore and see the port.

export type ReadStoreLocation = { adapter: 'sqlite'; path: string } | { adapter: 'mongoose'; uri: string };

const ACCEPTED_FORMS = 'sqlite:<path> (e.g. sqlite:./data/read-models.db, sqlite::memory:), or a MongoDB connection string: mongodb://… or mongodb+srv://…';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function parseReadStoreUrl(url: string): ReadStoreLocation {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw new Error(`READ_STORE_URL is empty: set it to ${ACCEPTED_FORMS}`);
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    // sqlite:./data/x.db, and the URL-like sqlite://./data/x.db or sqlite:///var/data/x.db
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=[./~]|[a-z]:)/i, '');
    if (path.length === 0) throw new Error(`READ_STORE_URL "${url}" names no file: use e.g. sqlite:./data/read-models.db`);
    return { adapter: 'sqlite', path };
  }
  if (scheme === 'mongodb' || scheme === 'mongodb+srv') return { adapter: 'mongoose', uri: trimmed };
  // The URL may carry a password: name only its scheme.
  const shown = scheme === undefined ? `"${trimmed}" has no scheme` : `scheme "${scheme}:" is not a read store this build knows`;
  throw new Error(`READ_STORE_URL ${shown}: use ${ACCEPTED_FORMS}`);
}

export async function openReadStore(url: string): Promise<ReadStore> {
  const location = parseReadStoreUrl(url);
  switch (location.adapter) {
    case 'sqlite':
      return SqliteReadStore.open({ path: location.path });
    case 'mongoose':
      return MongooseReadStore.open({ uri: location.uri });
  }
}
