import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseEventStoreUrl } from '@continuum/event-store';

const DEFAULT_STORE_FILE = './data/events.db';

/** The store the audit service and the CLI read when nothing says otherwise. */
export const DEFAULT_EVENT_STORE_URL = `sqlite:${DEFAULT_STORE_FILE}`;

/**
 * Where the client index of a store lives: `<DATA_DIR>/audit/client-index.db` for the default
 * store; any other store gets an index named after its file (and a digest of its full path or
 * URL), so two stores never share one index. A private in-memory store gets a private
 * in-memory index.
 */
export function clientIndexFileFor(eventStoreUrl: string, dataDir: string): string {
  const location = parseEventStoreUrl(eventStoreUrl);
  const folder = path.join(dataDir, 'audit');
  if (location.adapter === 'sqlite') {
    if (location.path === ':memory:') return ':memory:';
    const storeFile = path.resolve(location.path);
    if (storeFile === path.resolve(DEFAULT_STORE_FILE)) return path.join(folder, 'client-index.db');
    return path.join(folder, `client-index.${safeName(path.parse(storeFile).name)}-${digest(storeFile)}.db`);
  }
  // The connection string may hold credentials: only its digest goes into the name.
  return path.join(folder, `client-index.kurrentdb-${digest(location.connectionString)}.db`);
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);
const safeName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'store';
