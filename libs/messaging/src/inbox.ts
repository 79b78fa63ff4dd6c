import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';

/**
 * The event ids a consumer group has handled. Every transport delivers at least once (a
 * crash before the offset commit, a relay republishing its unacknowledged tail, a replayed
 * dead letter), so a handler's effect happens once only because the inbox says "seen".
 * Its file is synced at every commit (openSqliteFile's default): a recorded id survives a power cut.
 */
export interface Inbox {
  has(group: string, eventId: string): Promise<boolean>;
  /** Idempotent: recording an id twice is not an error. */
  record(group: string, eventId: string): Promise<void>;
}

export class SqliteInbox implements Inbox {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): SqliteInbox {
    return new SqliteInbox(
      openSqliteFile(path, {
        schema: {
          sql: `CREATE TABLE IF NOT EXISTS inbox (
           consumer_group TEXT NOT NULL,
           event_id       TEXT NOT NULL,
           handled_at     TEXT NOT NULL,
           PRIMARY KEY (consumer_group, event_id)
         ) WITHOUT ROWID`,
        },
      }),
    );
  }

  async has(group: string, eventId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM inbox WHERE consumer_group = ? AND event_id = ?').get(group, eventId) !== undefined;
  }

  async record(group: string, eventId: string): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO inbox (consumer_group, event_id, handled_at) VALUES (?, ?, ?)')
      .run(group, eventId, new Date().toISOString());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
