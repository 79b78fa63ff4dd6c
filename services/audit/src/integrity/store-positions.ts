import { openSqliteFileReadOnly } from '@continuum/sqlite';
import { parseEventStoreUrl } from '@continuum/event-store';
import { type PositionPolicy } from './store-verifier.js';

// What the global order may look like, by adapter. A SQLite store hands out positions from
// an AUTOINCREMENT counter that a refused append rolls back, so its positions are 1, 2, 3…
// and the counter is the last position it ever handed out. The counter lives in the file
// beside the events, outside the port, and is read here directly: it is what shows the
// removal of the newest event, which neither a hash chain nor a gap can.

export type PositionFacts = {
  positions: PositionPolicy;
  /** The last position the store handed out, where it keeps count (SQLite). Read it before the head. */
  handedOutUpTo?: number;
  /** The store's file (SQLite): the check then reads it on every core (content-hashes.ts). */
  file?: string;
};

export function positionFactsOf(eventStoreUrl: string): PositionFacts {
  const location = parseEventStoreUrl(eventStoreUrl);
  // PostgreSQL hands out max + 1 under its append lock, and a refused append takes none
  // (docs/adr/0005-postgresql-event-store.md#global-order): 1, 2, 3… as SQLite.
  if (location.adapter === 'postgres') return { positions: 'contiguous' };
  if (location.adapter !== 'sqlite') return { positions: 'gapped' };
  if (location.path === ':memory:') return { positions: 'contiguous' };
  const db = openSqliteFileReadOnly(location.path);
  try {
    const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as { seq: number } | undefined;
    return { positions: 'contiguous', handedOutUpTo: row?.seq ?? 0, file: location.path };
  } finally {
    db.close();
  }
}
