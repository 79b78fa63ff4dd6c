import { chooseAdapter, sqliteFilePath, urlScheme } from '@continuum/event-store';
import { type ReadStore } from './read-store.js';

// READ_STORE_URL (or MONGODB_URI) picks the adapter (docs/architecture/modes.md#choosing-adapters):
// SQLite document tables in embedded mode, MongoDB through mongoose in distributed mode.
// Services call openReadStore and see the port. The adapters live in their own projects
// (read-store-sqlite, read-store-mongoose): a program names those it is built with, so it
// carries only their dependencies (docs/adr/0003-adapter-projects.md).

export type ReadStoreLocation = { adapter: 'sqlite'; path: string } | { adapter: 'mongoose'; uri: string };

const ACCEPTED_FORMS =
  'sqlite:<path> (e.g. sqlite:./data/read-models.db, sqlite::memory:), or a MongoDB connection string: mongodb://… or mongodb+srv://…';

export function parseReadStoreUrl(url: string): ReadStoreLocation {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw new Error(`READ_STORE_URL is empty: set it to ${ACCEPTED_FORMS}`);
  const scheme = urlScheme(trimmed);
  if (scheme === 'sqlite') {
    const path = sqliteFilePath(trimmed);
    if (path.length === 0) throw new Error(`READ_STORE_URL "${url}" names no file: use e.g. sqlite:./data/read-models.db`);
    return { adapter: 'sqlite', path };
  }
  if (scheme === 'mongodb' || scheme === 'mongodb+srv') return { adapter: 'mongoose', uri: trimmed };
  // The URL may carry a password: name only its scheme.
  const shown = scheme === undefined ? `"${trimmed}" has no scheme` : `scheme "${scheme}:" is not a read store this build knows`;
  throw new Error(`READ_STORE_URL ${shown}: use ${ACCEPTED_FORMS}`);
}

type LocationOf<Adapter extends ReadStoreLocation['adapter']> = Extract<ReadStoreLocation, { adapter: Adapter }>;

/** One way to open a read store, exported by its adapter project. */
export type ReadStoreAdapter = {
  [Adapter in ReadStoreLocation['adapter']]: { readonly adapter: Adapter; open(location: LocationOf<Adapter>): Promise<ReadStore> };
}[ReadStoreLocation['adapter']];

const ADAPTER_NAMES: Record<ReadStoreLocation['adapter'], string> = { sqlite: 'SQLite', mongoose: 'MongoDB' };

/** Opens the store READ_STORE_URL names with the one of `adapters` it needs. */
export async function openReadStore(url: string, adapters: readonly ReadStoreAdapter[]): Promise<ReadStore> {
  const location = parseReadStoreUrl(url);
  const adapter = chooseAdapter(adapters, 'adapter', location.adapter, ADAPTER_NAMES, (name) => `READ_STORE_URL names a ${name} store`);
  return (adapter.open as (location: ReadStoreLocation) => Promise<ReadStore>)(location);
}
