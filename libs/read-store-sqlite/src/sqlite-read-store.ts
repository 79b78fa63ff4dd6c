import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';
import { checkCollectionName, checkDefinition } from '@continuum/read-store/adapter-rules';
import { type DocumentCollection, type ReadModelDefinition, type ReadStore } from '@continuum/read-store';
import { quoteName } from './find-sql.js';
import { ensureTable } from './schema.js';
import { SqliteDocumentCollection } from './sqlite-collection.js';

export type SqliteReadStoreOptions = {
  /** A file path, or ':memory:' for a store that lives as long as this object. */
  path: string;
  /** How long a write waits for another process's write lock before failing (default 5 s). */
  busyTimeoutMs?: number;
};

/**
 * The embedded read store: one SQLite file, one table per read model. Several service
 * processes may open the same file (WAL, busy_timeout); every write is one statement, so
 * the version guard holds across them without any locking of ours.
 */
export class SqliteReadStore implements ReadStore {
  private constructor(private readonly db: Database.Database) {}

  static async open(options: SqliteReadStoreOptions): Promise<SqliteReadStore> {
    const { path, busyTimeoutMs = 5000 } = options;
    // Read models can be rebuilt, but a projection's checkpoint lives beside its documents:
    // a checkpoint on disk ahead of documents lost in a power cut would skip those events.
    const db = openSqliteFile(path, { busyTimeoutMs, synchronous: 'full' });
    return new SqliteReadStore(db);
  }

  async collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>> {
    checkDefinition(definition);
    ensureTable(this.db, definition);
    return new SqliteDocumentCollection<T>(this.db, definition);
  }

  async drop(name: string): Promise<void> {
    checkCollectionName(name);
    // The table's indexes go with it.
    this.db.exec(`DROP TABLE IF EXISTS ${quoteName(name)}`);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
