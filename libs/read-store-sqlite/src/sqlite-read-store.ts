import type Database from 'better-sqlite3';
import { WalCheckpointer, openSqliteFile } from '@continuum/sqlite';
import { checkCollectionName, checkDefinition } from '@continuum/read-store/adapter-rules';
import { type DocumentCollection, type DocumentWrite, type ReadModelDefinition, type ReadStore } from '@continuum/read-store';
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
 * processes may open the same file (WAL, busy_timeout); every write is one statement (and a
 * batch one transaction), so the version guard holds across them without any locking of ours.
 */
export class SqliteReadStore implements ReadStore {
  private readonly writeBatch: (writes: readonly DocumentWrite[]) => boolean[];

  private constructor(
    private readonly db: Database.Database,
    private readonly checkpointer: WalCheckpointer | undefined,
  ) {
    // BEGIN IMMEDIATE: the write lock up front, never upgraded half-way (two processes that
    // both read first could otherwise deadlock until busy_timeout).
    this.writeBatch = db.transaction((writes: readonly DocumentWrite[]) =>
      writes.map((write) => {
        if (!(write.collection instanceof SqliteDocumentCollection))
          throw new TypeError('SqliteReadStore.write takes only collections this store handed out');
        const collection = write.collection as SqliteDocumentCollection<unknown>;
        return 'isDeleted' in write
          ? collection.deleteNow(write.id, write.version)
          : collection.upsertNow(write.id, write.document, write.version);
      }),
    ).immediate;
  }

  static async open(options: SqliteReadStoreOptions): Promise<SqliteReadStore> {
    const { path, busyTimeoutMs = 5000 } = options;
    // synchronous=NORMAL: everything here is derived from the event store. In WAL mode a crash
    // of the process loses nothing committed, and a power cut loses at most the last commits,
    // whole and in order: a projection's documents and its checkpoint are one commit
    // (projection-runner.ts), so the checkpoint on disk is never ahead of its documents, and
    // what was lost is replayed from it. A commit then costs no disk sync on the event loop,
    // and the checkpoints, the only syncs left, run on the checkpoint thread (wal-checkpointer.ts
    // in @continuum/sqlite), counted in documents written.
    const db = openSqliteFile(path, { busyTimeoutMs, synchronous: 'normal' });
    return new SqliteReadStore(db, path === ':memory:' ? undefined : WalCheckpointer.start(db, path));
  }

  async write(writes: readonly DocumentWrite[]): Promise<boolean[]> {
    if (writes.length === 0) return [];
    const applied = this.writeBatch(writes);
    this.checkpointer?.committed(writes.length);
    return applied;
  }

  async collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>> {
    checkDefinition(definition);
    ensureTable(this.db, definition);
    return new SqliteDocumentCollection<T>(this.db, definition, () => this.checkpointer?.committed(1));
  }

  async drop(name: string): Promise<void> {
    checkCollectionName(name);
    // The table's indexes go with it.
    this.db.exec(`DROP TABLE IF EXISTS ${quoteName(name)}`);
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
