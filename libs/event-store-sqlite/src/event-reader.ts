import type Database from 'better-sqlite3';
import { type AllFilter, EVENT_COLUMNS, type ReadStreamOptions, type RecordedEvent, recordedEventOf } from '@continuum/event-store';
import { type EventRow } from './event-row.js';
import { BOUND_LIMIT } from '@continuum/sqlite';

// Every read is one short statement in its own implicit transaction: no read holds a
// snapshot open between pages, so WAL checkpoints are never starved by a slow consumer.

export class EventReader {
  private readonly headStatement: Database.Statement<[], { head: number | null }>;
  private readonly forwards: Database.Statement<[string, number, number], EventRow>;
  private readonly backwards: Database.Statement<[string, number, number], EventRow>;
  private readonly streamRows: Database.Statement<[string], EventRow>;
  private readonly pageStatements = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.headStatement = db.prepare('SELECT max(position) AS head FROM events');
    this.forwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC ${BOUND_LIMIT}`,
    );
    this.backwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC ${BOUND_LIMIT}`,
    );
    this.streamRows = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision ASC`);
  }

  headPosition(): number {
    return this.headStatement.get()?.head ?? 0;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const limit = options.maxCount ?? -1; // SQLite: a negative LIMIT means no limit
    if (limit === 0) return [];
    const rows =
      options.direction === 'backwards'
        ? this.backwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.forwards.all(stream, options.fromRevision ?? 0, limit);
    return rows.map(recordedEventOf);
  }

  /** The stream's rows in revision order, one at a time (for verification of long streams). */
  streamRowsInOrder(stream: string): IterableIterator<EventRow> {
    return this.streamRows.iterate(stream);
  }

  /** Events with `after < position <= upTo` that pass the filter, oldest first, at most `limit`. */
  page(after: number, upTo: number, filter: AllFilter | undefined, limit: number): RecordedEvent[] {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const params: unknown[] = [after, upTo];
    for (const prefix of prefixes) params.push(prefix, prefix);
    params.push(...types, limit);
    return this.pageStatement(prefixes.length, types.length)
      .all(...params)
      .map(recordedEventOf);
  }

  private pageStatement(prefixCount: number, typeCount: number): Database.Statement<unknown[], EventRow> {
    const key = `${prefixCount}/${typeCount}`;
    let statement = this.pageStatements.get(key);
    if (!statement) {
      const conditions = ['position > ?', 'position <= ?'];
      // substr/length count characters alike, so a prefix with any Unicode matches exactly.
      if (prefixCount > 0)
        conditions.push(`(${Array.from({ length: prefixCount }, () => 'substr(stream_id, 1, length(?)) = ?').join(' OR ')})`);
      if (typeCount > 0) conditions.push(`type IN (${Array.from({ length: typeCount }, () => '?').join(', ')})`);
      statement = this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position ASC ${BOUND_LIMIT}`,
      );
      this.pageStatements.set(key, statement);
    }
    return statement;
  }
}
