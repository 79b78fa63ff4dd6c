import type Database from 'better-sqlite3';
import { type CheckpointLog, type CheckpointRecord } from '@continuum/event-store';

/** The signed checkpoints in the store's own file (table signed_checkpoints). */
export class SqliteCheckpointLog implements CheckpointLog {
  private readonly insert: Database.Statement<[number, number, string]>;
  private readonly all: Database.Statement<[], { record: string }>;
  private readonly newest: Database.Statement<[], { record: string }>;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO signed_checkpoints (sequence, position, record) VALUES (?, ?, ?)');
    this.all = db.prepare('SELECT record FROM signed_checkpoints ORDER BY sequence');
    this.newest = db.prepare('SELECT record FROM signed_checkpoints ORDER BY sequence DESC LIMIT 1');
  }

  async append(record: CheckpointRecord): Promise<void> {
    this.insert.run(record.sequence, record.position, JSON.stringify(record));
  }

  async *records(): AsyncIterable<CheckpointRecord> {
    // One row at a time; a checkpoint lists only the streams that changed since the one before.
    for (const row of this.all.iterate()) yield JSON.parse(row.record) as CheckpointRecord;
  }

  async last(): Promise<CheckpointRecord | undefined> {
    const row = this.newest.get();
    return row && (JSON.parse(row.record) as CheckpointRecord);
  }
}
