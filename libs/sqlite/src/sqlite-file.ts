import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// Every embedded store (events, bus, read models, inboxes, checkpoints) is a SQLite file that
// several OS processes of one machine may share, opened the same way:
// - WAL, so readers go on while one process writes;
// - busy_timeout, so a process waits for another's write lock instead of failing at once;
// - synchronous=FULL by default: a commit the caller saw succeed survives a power cut.
//   `normal` survives a crashed process but may lose the last commits to a power cut; only
//   for bookkeeping whose loss means doing work again, never losing it.

export type SqliteFileOptions = {
  busyTimeoutMs?: number;
  synchronous?: 'full' | 'normal';
  /**
   * Tables and indexes (idempotent DDL), applied in one write transaction. With `version`, the
   * file's user_version is checked first: a file written by newer code is refused by name.
   */
  schema?: { sql: string; version?: number; describe?: string };
};

export function openSqliteFile(path: string, options: SqliteFileOptions = {}): Database.Database {
  const { busyTimeoutMs = 5000, synchronous = 'full', schema } = options;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    switchToWal(db, busyTimeoutMs);
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    if (schema) applySchema(db, path, schema);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

// Switching a new file to WAL takes an exclusive lock after reading the header under a shared
// one. When several processes open a new file at once (every service's first start on one
// events.db), SQLite may answer SQLITE_BUSY at once instead of calling the busy handler, to
// avoid a deadlock between two holders of shared locks. So the switch is retried here, within
// the same busy timeout. CI met it: "database is locked" from this pragma in a two-process spec.
function switchToWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      // A synchronous pause: opening is synchronous, and the other process needs only milliseconds.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(5 * attempt, 50));
    }
  }
}

function applySchema(db: Database.Database, path: string, schema: NonNullable<SqliteFileOptions['schema']>): void {
  db.transaction(() => {
    if (schema.version !== undefined) {
      const found = db.pragma('user_version', { simple: true }) as number;
      if (found > schema.version) {
        throw new Error(
          `${schema.describe ?? 'SQLite file'} ${path} has schema version ${found}, newer than this code understands (${schema.version}); upgrade the service before opening it`,
        );
      }
    }
    db.exec(schema.sql);
    if (schema.version !== undefined) db.pragma(`user_version = ${schema.version}`);
  }).immediate();
}
