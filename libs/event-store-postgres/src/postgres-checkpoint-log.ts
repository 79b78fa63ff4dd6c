import type pg from 'pg';
import { type CheckpointLog, type CheckpointRecord } from '@continuum/event-store';

const PAGE_SIZE = 200;

/** The signed checkpoints in the store's database (table signed_checkpoints). */
export class PostgresCheckpointLog implements CheckpointLog {
  constructor(private readonly pool: pg.Pool) {}

  async append(record: CheckpointRecord): Promise<void> {
    await this.pool.query('INSERT INTO signed_checkpoints (sequence, position, record) VALUES ($1, $2, $3)', [
      record.sequence,
      record.position,
      JSON.stringify(record),
    ]);
  }

  async *records(): AsyncIterable<CheckpointRecord> {
    // A page at a time; a checkpoint lists only the streams that changed since the one before.
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ sequence: string; record: string }>(
        'SELECT sequence, record FROM signed_checkpoints WHERE sequence > $1 ORDER BY sequence LIMIT $2',
        [after, PAGE_SIZE],
      );
      for (const row of rows) yield JSON.parse(row.record) as CheckpointRecord;
      if (rows.length < PAGE_SIZE) return;
      after = Number(rows[rows.length - 1].sequence);
    }
  }

  async last(): Promise<CheckpointRecord | undefined> {
    const { rows } = await this.pool.query<{ record: string }>('SELECT record FROM signed_checkpoints ORDER BY sequence DESC LIMIT 1');
    return rows[0] && (JSON.parse(rows[0].record) as CheckpointRecord);
  }
}
