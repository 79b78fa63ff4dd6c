import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteFile } from './sqlite-file.js';

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
});
