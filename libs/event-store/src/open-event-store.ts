import { chooseAdapter, sqliteFilePath, urlScheme } from './adapter-choice.js';
import { type EventStore } from './event-store.js';

// EVENT_STORE_URL picks the adapter (docs/architecture/modes.md#choosing-adapters): a SQLite file in
// embedded mode, PostgreSQL or KurrentDB in distributed mode. Services call openEventStore and see the port.
// The adapters live in their own projects (event-store-sqlite, event-store-kurrentdb): a
// program names those it is built with, so it carries only their dependencies, and this port
// never imports them (docs/adr/0003-adapter-projects.md).

export type EventStoreLocation =
  | { adapter: 'sqlite'; path: string }
  | { adapter: 'postgres'; connectionString: string }
  | { adapter: 'kurrentdb'; connectionString: string };

const ACCEPTED_FORMS =
  'sqlite:<path> (e.g. sqlite:./data/events.db), a bare file path (e.g. ./data/events.db), ' +
  'a PostgreSQL URL (postgres://user@host:5432/database or postgresql://…), ' +
  'or a KurrentDB connection string: kurrentdb://, kurrentdb+discover:// (esdb:// and esdb+discover:// still work)';

/** Every scheme the KurrentDB client understands, with or without cluster discovery. */
const KURRENTDB_SCHEMES = new Set(['kurrentdb', 'kurrent', 'kdb', 'esdb'].flatMap((scheme) => [scheme, `${scheme}+discover`]));

const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;

export function parseEventStoreUrl(url: string): EventStoreLocation {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw new Error(`EVENT_STORE_URL is empty: set it to ${ACCEPTED_FORMS}`);
  const scheme = WINDOWS_DRIVE.test(trimmed) ? undefined : urlScheme(trimmed);
  if (scheme === undefined) return { adapter: 'sqlite', path: trimmed };
  if (scheme === 'sqlite') {
    const path = sqliteFilePath(trimmed);
    if (path.length === 0) throw new Error(`EVENT_STORE_URL "${url}" names no file: use e.g. sqlite:./data/events.db`);
    return { adapter: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { adapter: 'postgres', connectionString: trimmed };
  if (KURRENTDB_SCHEMES.has(scheme)) {
    // The client still reads esdb:// but warns on every start; say the same thing in today's words.
    const connectionString = scheme.startsWith('esdb') ? `kurrentdb${trimmed.slice('esdb'.length)}` : trimmed;
    return { adapter: 'kurrentdb', connectionString };
  }
  throw new Error(`EVENT_STORE_URL scheme "${scheme}:" is not an event store this build knows: use ${ACCEPTED_FORMS}`);
}

type LocationOf<Adapter extends EventStoreLocation['adapter']> = Extract<EventStoreLocation, { adapter: Adapter }>;

export type OpenEventStoreOptions = {
  /**
   * A command that opens the store, reads or writes a little and closes it (a CLI): the
   * adapter skips start-up work that pays off only in a store that lives for hours (the SQLite
   * WAL sizing, libs/sqlite/src/wal-checkpointer.ts). Default false: a service's store.
   */
  isShortLived?: boolean;
};

/** One way to open an event store, exported by its adapter project. */
export type EventStoreAdapter = {
  [Adapter in EventStoreLocation['adapter']]: {
    readonly adapter: Adapter;
    open(location: LocationOf<Adapter>, options?: OpenEventStoreOptions): Promise<EventStore>;
  };
}[EventStoreLocation['adapter']];

const ADAPTER_NAMES: Record<EventStoreLocation['adapter'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', kurrentdb: 'KurrentDB' };

/** Opens the store EVENT_STORE_URL names with the one of `adapters` it needs. */
export async function openEventStore(
  url: string,
  adapters: readonly EventStoreAdapter[],
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  const location = parseEventStoreUrl(url);
  const adapter = chooseAdapter(adapters, 'adapter', location.adapter, ADAPTER_NAMES, (name) => `EVENT_STORE_URL names a ${name} store`);
  return (adapter.open as (location: EventStoreLocation, options: OpenEventStoreOptions) => Promise<EventStore>)(location, options);
}
