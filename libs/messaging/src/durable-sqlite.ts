import type Database from 'better-sqlite3';
import { openSqliteFile } from '#continuum/sqlite';

// The relay's checkpoint and the inbox decide what is published and handled again after a
// crash, so a write they were told succeeded must survive a power cut: WAL with
// synchronous=FULL, as the event store does. busy_timeout lets the processes of one
// machine share a file without failing on each other's write lock.

/** Opens (creating folders as needed) a SQLite file for small durable bookkeeping tables. */
export function openDurableSqlite(path: string, schema: string): Database.Database {
  return openSqliteFile(path, { schema: { sql: schema } });
}

/** `sqlite:./data/bus.db`, `sqlite://./data/bus.db` or a bare path → the file path. */
export function sqliteFilePath(url: string): string {
  const trimmed = url.trim();
  if (!trimmed.toLowerCase().startsWith('sqlite:')) return trimmed;
  return trimmed.slice('sqlite:'.length).replace(/^\/\/(?=[./~]|[a-z]:)/i, '');
}
