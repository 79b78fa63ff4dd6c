import type Database from 'better-sqlite3';
import { openSqliteFile } from '@continuum/sqlite';

// The contract suite's witness: every handler run, from every consumer process, lands in
// one SQLite file. An `effect` row is the handler's side effect (what "exactly once in
// effect" counts); a `failed` row is an attempt that threw.

export type Handling = { eventId: string; key: string; member: string; outcome: 'effect' | 'failed' };

export class HandlingLog {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): HandlingLog {
    return new HandlingLog(
      openSqliteFile(path, {
        schema: {
          sql: `CREATE TABLE IF NOT EXISTS handlings (
           id       INTEGER PRIMARY KEY AUTOINCREMENT,
           event_id TEXT NOT NULL,
           key      TEXT NOT NULL,
           member   TEXT NOT NULL,
           outcome  TEXT NOT NULL
         )`,
        },
      }),
    );
  }

  add(handling: Handling): void {
    this.db
      .prepare('INSERT INTO handlings (event_id, key, member, outcome) VALUES (?, ?, ?, ?)')
      .run(handling.eventId, handling.key, handling.member, handling.outcome);
  }

  /** In the order they happened. */
  all(): Handling[] {
    return this.db.prepare('SELECT event_id AS eventId, key, member, outcome FROM handlings ORDER BY id').all() as Handling[];
  }

  effects(): Handling[] {
    return this.all().filter((handling) => handling.outcome === 'effect');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
