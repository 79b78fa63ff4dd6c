import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';
import { WalSync } from './wal-sync.js';

/**
 * The event ids a consumer group has handled. Every transport delivers at least once (a
 * crash before the offset commit, a relay republishing its unacknowledged tail, a replayed
 * dead letter), so a handler's effect happens once only because the inbox says "seen".
 * A recorded id is synced to disk before record() resolves, so before the offset moves: it
 * survives a power cut. The sync runs off the event loop, shared by the records of that moment
 * (wal-sync.ts), not inside each commit on it.
 */
export interface Inbox {
  has(group: string, eventId: string): Promise<boolean>;
  /** Idempotent: recording an id twice is not an error. */
  record(group: string, eventId: string): Promise<void>;
}

export class SqliteInbox implements Inbox {
  private readonly walSync: WalSync;

  private constructor(
    private readonly db: Database.Database,
    path: string,
  ) {
    this.walSync = new WalSync(resolve(path));
  }

  static open(path: string): SqliteInbox {
    return new SqliteInbox(
      openSqliteFile(path, {
        synchronous: 'normal',
        schema: {
          sql: `CREATE TABLE IF NOT EXISTS inbox (
           consumer_group TEXT NOT NULL,
           event_id       TEXT NOT NULL,
           handled_at     TEXT NOT NULL,
           PRIMARY KEY (consumer_group, event_id)
         ) WITHOUT ROWID`,
        },
      }),
      path,
    );
  }

  async has(group: string, eventId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM inbox WHERE consumer_group = ? AND event_id = ?').get(group, eventId) !== undefined;
  }

  async record(group: string, eventId: string): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO inbox (consumer_group, event_id, handled_at) VALUES (?, ?, ?)')
      .run(group, eventId, new Date().toISOString());
    await this.walSync.sync();
  }

  async close(): Promise<void> {
    await this.walSync.close();
    if (this.db.open) this.db.close();
  }
}
