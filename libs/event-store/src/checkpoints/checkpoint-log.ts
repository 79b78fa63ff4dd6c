import { type EventStore } from '../event-store.js';
import { type CheckpointRecord } from './signed-tree-head.js';

/** Where a store keeps its signed checkpoints (the SQLite adapter: a table in the store's file). */
export interface CheckpointLog {
  /** Adds the next checkpoint; its sequence must follow the last one's. */
  append(record: CheckpointRecord): Promise<void>;
  /** Every checkpoint, oldest first, one at a time. */
  records(): AsyncIterable<CheckpointRecord>;
  last(): Promise<CheckpointRecord | undefined>;
}

/** A store that keeps signed checkpoints beside its events. */
export interface CheckpointedEventStore extends EventStore {
  checkpointLog(): CheckpointLog;
}

export function hasCheckpointLog(store: EventStore): store is CheckpointedEventStore {
  return typeof (store as Partial<CheckpointedEventStore>).checkpointLog === 'function';
}

/** Checkpoints in memory: for specs and for reading an export back. */
export class InMemoryCheckpointLog implements CheckpointLog {
  readonly list: CheckpointRecord[] = [];

  async append(record: CheckpointRecord): Promise<void> {
    const expected = (this.list.at(-1)?.sequence ?? 0) + 1;
    if (record.sequence !== expected) throw new Error(`checkpoint ${record.sequence} does not follow checkpoint ${expected - 1}`);
    this.list.push(structuredClone(record));
  }

  async *records(): AsyncIterable<CheckpointRecord> {
    for (const record of this.list) yield structuredClone(record);
  }

  async last(): Promise<CheckpointRecord | undefined> {
    const last = this.list.at(-1);
    return last && structuredClone(last);
  }
}
