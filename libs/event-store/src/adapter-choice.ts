// What the ports' openers share (openEventStore, openReadStore, openBusTransport): reading a
// setting's URL, and choosing among the adapters a program is built with
// (docs/adr/0003-adapter-projects.md). It lives here because the other ports (read-store,
// messaging) already depend on this one.

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The URL's scheme in lower case (`sqlite`, `mongodb+srv`), or undefined when it has none. */
export function urlScheme(url: string): string | undefined {
  return SCHEME.exec(url.trim())?.[1]?.toLowerCase();
}

/** `sqlite:./data/x.db`, the URL-like `sqlite://./data/x.db` or `sqlite:///var/data/x.db`, or a bare path → the file path. */
export function sqliteFilePath(url: string): string {
  const trimmed = url.trim();
  if (!trimmed.toLowerCase().startsWith('sqlite:')) return trimmed;
  return trimmed.slice('sqlite:'.length).replace(/^\/\/(?=[./~]|[a-z]:)/i, '');
}

/**
 * The one of `adapters` whose `key` is `wanted`. A program that lacks it is refused with a
 * sentence naming both what the setting asks for and what the program has: `asked(name)`
 * ("EVENT_STORE_URL names a KurrentDB store"), then "which this program is not built with
 * (it has: SQLite)".
 */
export function chooseAdapter<Key extends string, Kind extends string, Adapter extends { readonly [K in Key]: Kind }>(
  adapters: readonly Adapter[],
  key: Key,
  wanted: Kind,
  names: Record<Kind, string>,
  asked: (name: string) => string,
): Adapter {
  const adapter = adapters.find((candidate) => candidate[key] === wanted);
  if (adapter === undefined) {
    const built = adapters.map((candidate) => names[candidate[key]]).join(', ') || 'none';
    throw new Error(`${asked(names[wanted])}, which this program is not built with (it has: ${built})`);
  }
  return adapter;
}
