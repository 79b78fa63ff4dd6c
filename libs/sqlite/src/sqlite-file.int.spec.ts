import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteFile, openSqliteFileReadOnly } from './sqlite-file.js';

let folder: string;
beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'sqlite-file-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a shared SQLite file', () => {
  it('is created with its folders, in WAL mode, synced at every commit', () => {
    const db = openSqliteFile(path.join(folder, 'a/b/c.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('caches 2 MiB of pages per connection, not the 16 MiB better-sqlite3 compiles in', () => {
    const db = openSqliteFile(path.join(folder, 'cache.db'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    db.close();
  });

  it('opens a file only to read it: a missing one is refused, nothing written, the same cache', () => {
    const file = path.join(folder, 'written-elsewhere.db');
    expect(() => openSqliteFileReadOnly(file)).toThrow(/unable to open|does not exist/);
    expect(existsSync(file)).toBe(false);
    const writer = openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)' } });
    writer.exec('INSERT INTO t VALUES (1)');
    const reader = openSqliteFileReadOnly(file);
    expect(reader.prepare('SELECT x FROM t').pluck().all()).toEqual([1]);
    expect(() => reader.exec('INSERT INTO t VALUES (2)')).toThrow(/readonly/);
    expect(reader.pragma('cache_size', { simple: true })).toBe(-2000);
    reader.close();
    expect(writer.prepare('SELECT x FROM t').pluck().all()).toEqual([1]);
    writer.close();
  });

  it('keeps the folders it creates and the file, with its WAL, private to the account (0700 and 0600)', () => {
    const file = path.join(folder, 'private/store/events.db');
    const db = openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)' } });
    db.exec('INSERT INTO t VALUES (1)');
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(path.join(folder, 'private'))).toBe(0o700);
    expect(mode(path.join(folder, 'private/store'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.close();
  });

  it('narrows an existing file that others could read to 0600, keeping its contents', () => {
    const file = path.join(folder, 'old.db');
    openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)' } })
      .exec('INSERT INTO t VALUES (7)')
      .close();
    chmodSync(file, 0o644);
    const db = openSqliteFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(db.prepare('SELECT x FROM t').pluck().get()).toBe(7);
    db.close();
  });

  it('applies its schema and records its version', () => {
    const file = path.join(folder, 'v.db');
    const db = openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)', version: 3 } });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
    openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)', version: 3 } }).close();
  });

  it('refuses a file written by newer code, naming it', () => {
    const file = path.join(folder, 'new.db');
    openSqliteFile(file, { schema: { sql: 'CREATE TABLE IF NOT EXISTS t (x INTEGER)', version: 5 } }).close();
    expect(() => openSqliteFile(file, { schema: { sql: '', version: 4, describe: 'event store' } })).toThrow(
      /event store .*new\.db has schema version 5, newer than this code understands \(4\)/,
    );
  });

  it('opens a new file another process holds locked by waiting for it, and switches it to WAL', async () => {
    // Every service's first start opens one new events.db at the same moment. (The deadlock-avoiding
    // SQLITE_BUSY that switchToWal retries cannot be produced on demand; this is the plain wait.)
    const file = path.join(folder, 'shared.db');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.exec('CREATE TABLE t (x INTEGER)'); db.exec('BEGIN EXCLUSIVE'); db.exec('INSERT INTO t VALUES (1)');
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));

    const db = openSqliteFile(file, { busyTimeoutMs: 5000 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    db.close();
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});
