import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';

/**
 * Where a relay remembers the last event store position the bus acknowledged. Saved only
 * after publish() resolved, so a restart resumes with at most the unacknowledged tail.
 */
export interface CheckpointStore {
  /** The saved position, or undefined for a relay that never published (start from the beginning). */
  load(name: string): Promise<number | undefined>;
  save(name: string, position: number): Promise<void>;
}

export class SqliteCheckpointStore implements CheckpointStore {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): SqliteCheckpointStore {
    return new SqliteCheckpointStore(
      openSqliteFile(path, {
        // synchronous=NORMAL: a checkpoint lost to a power cut is an older position, from which
        // the relay publishes again what the bus already holds, and every consumer's inbox drops
        // the repeats by event id. A sync per published batch bought nothing but a second fsync
        // on the event loop beside each command's own append.
        synchronous: 'normal',
        schema: {
          sql: `CREATE TABLE IF NOT EXISTS relay_checkpoints (
           name       TEXT PRIMARY KEY,
           position   INTEGER NOT NULL,
           updated_at TEXT NOT NULL
         )`,
        },
      }),
    );
  }

  async load(name: string): Promise<number | undefined> {
    const row = this.db.prepare('SELECT position FROM relay_checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position;
  }

  async save(name: string, position: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO relay_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      )
      .run(name, position, new Date().toISOString());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
