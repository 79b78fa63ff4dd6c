import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// Every embedded store (events, bus, read models, inboxes, checkpoints) is a SQLite file that
// several OS processes of one machine may share, opened the same way:
// - WAL, so readers go on while one process writes;
// - busy_timeout, so a process waits for another's write lock instead of failing at once;
// - synchronous=FULL by default: a commit the caller saw succeed survives a power cut.
//   `normal` survives a crashed process but may lose the last commits to a power cut; only
//   for bookkeeping whose loss means doing work again, never losing it.
// - a page cache of 2 MiB per connection, SQLite's own default. better-sqlite3 builds SQLite
//   with 16 MiB, and a service opens some seven connections (events, read models, inbox, relay
//   checkpoints, bus): under load the caches filled to about 100 MB of a service's resident
//   memory, caching pages the OS page cache holds anyway. aftercare after bench:http, Node 24,
//   one run each: 289 → 254 MB resident, CPU per request unchanged (README#performance).
// - private to the account that runs the service: folders it creates are 0700, the file 0600
//   (SQLite gives its -wal and -shm files the database file's permissions). The files hold
//   clients' records; nobody else on the machine has a reason to read them.

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
  if (path !== ':memory:') createPrivately(path);
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    switchToWal(db, busyTimeoutMs);
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    if (schema) applySchema(db, path, schema);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Negative `cache_size` is in KiB: 2,000 KiB is SQLite's compiled-in default. */
const PAGE_CACHE_KIB = 2000;

/**
 * A file another part of the system writes, opened only to read it (the audit's integrity
 * check, over the event store): it must exist, nothing is created or changed, and its page cache
 * is the same 2 MiB as every other connection's (a verify worker scans the log once in order:
 * 16 MiB of cached pages there were a tenth of `bench:verify`'s peak memory).
 */
export function openSqliteFileReadOnly(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  return db;
}

const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;

function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_FOLDER });
  // 'a' creates the file if it is missing and never truncates one that exists (another process's).
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  // A file created by older code, or by hand, is narrowed too; one owned by another account is left as it is.
  if ((statSync(path).mode & 0o777) !== PRIVATE_FILE) {
    try {
      chmodSync(path, PRIVATE_FILE);
    } catch {
      // Not ours to change: opening it still works, as before.
    }
  }
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

/**
 * How every prepared statement here takes its row limit as a parameter. SQLite 3.50 and later
 * (better-sqlite3 12 bundles 3.53) plan a bare `LIMIT ?` with the bound value as a constant and
 * mark the statement to be planned again whenever that parameter is bound — on every run, since
 * better-sqlite3 binds all parameters at each call. Re-parsing and re-planning cost a stream read
 * about as much as the read itself (perf on intake under load: sqlite3Reprepare under every
 * readStream). `(? + 0)` is an expression the planner leaves to run time, so the plan is made once.
 * (SQLITE_DBCONFIG_ENABLE_QPSG would do the same for a whole connection; better-sqlite3 does not
 * expose sqlite3_db_config.)
 */
export const BOUND_LIMIT = 'LIMIT (? + 0)';
