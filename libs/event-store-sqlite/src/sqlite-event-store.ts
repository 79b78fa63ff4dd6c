import type Database from 'better-sqlite3';
import {
  type AppendJob,
  type AppendResult,
  type CheckpointLog,
  type CheckpointedEventStore,
  HeadSubscription,
  type LeaseStore,
  type ExpectedRevision,
  type NewEvent,
  prepareAppend,
  prepareAppends,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type StreamVerification,
  type SubscribeOptions,
  type Subscription,
  verifyRows,
  DEFAULT_MAX_EVENT_BYTES,
} from '@continuum/event-store';
import { EventReader } from './event-reader.js';
import { GroupCommit } from './group-commit.js';
import { WalCheckpointer } from '@continuum/sqlite';
import { openDatabase } from './schema.js';
import { StreamAppender } from './stream-append.js';
import { SqliteCheckpointLog } from './sqlite-checkpoint-log.js';
import { SqliteLeases } from './sqlite-leases.js';

export type SqliteEventStoreOptions = {
  /** File of the store (folders are created), or ':memory:' for a private in-process store. */
  path: string;
  /** Largest event accepted, counting its serialised data and metadata. Default 1 MiB. */
  maxEventBytes?: number;
  /** How often live subscriptions look for events appended by other processes. Default 50 ms. */
  pollIntervalMs?: number;
  /** How long a write waits for another process's lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Appended events between two WAL checkpoints on the checkpoint thread (libs/sqlite/src/wal-checkpointer.ts). Default 500. */
  checkpointEveryEvents?: number;
  /**
   * How large the checkpoint thread makes the WAL at start, so commits overwrite rather than
   * extend it (libs/sqlite/src/wal-checkpointer.ts). Default 0 (short-lived stores: specs); the adapter the
   * services open through gives DEFAULT_WAL_PRESIZE_BYTES.
   */
  walPresizeBytes?: number;
};

const READ_ALL_PAGE_SIZE = 1000;

/** The embedded event store: one SQLite file, safe to share between the processes of a machine. */
export class SqliteEventStore implements CheckpointedEventStore, LeaseStore {
  private readonly reader: EventReader;
  /** One job per call: a single append, or every part of an appendToStreams, written (or refused) together. */
  private readonly writes: GroupCommit<AppendJob[], AppendResult[]>;
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<HeadSubscription>();
  /** Set when close() starts: new work is refused while the queue drains. */
  private closing = false;
  private closed = false;
  private closingDone: Promise<void> | undefined;
  private checkpoints: SqliteCheckpointLog | undefined;
  private leases: SqliteLeases | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly maxEventBytes: number,
    private readonly pollIntervalMs: number,
    private readonly checkpointer: WalCheckpointer | undefined,
  ) {
    this.reader = new EventReader(db);
    const appender = new StreamAppender(db);
    this.writes = new GroupCommit(
      db,
      (jobs: AppendJob[]) => appender.appendUnit(jobs),
      (committed) => {
        appender.committed();
        let events = 0;
        for (const jobs of committed) for (const job of jobs) events += job.events.length;
        this.checkpointer?.committed(events);
        this.notifyCommit();
      },
      () => appender.rolledBack(),
      // A one-event append refuses before it writes, or fails within its single INSERT. Several
      // streams' parts are one unit: the savepoint undoes the first parts when a later one fails.
      (jobs) => jobs.length > 1 || jobs[0].events.length > 1,
    );
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const db = openDatabase(options.path, options.busyTimeoutMs ?? 5000);
    const checkpointer =
      options.path === ':memory:'
        ? undefined
        : WalCheckpointer.start(db, options.path, {
            everyEvents: options.checkpointEveryEvents,
            walPresizeBytes: options.walPresizeBytes ?? 0,
          });
    // A store is handed out with its WAL sized, so that its first appends do not wait for the sizing.
    await checkpointer?.presized;
    return new SqliteEventStore(
      db,
      options.path,
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      options.pollIntervalMs ?? 50,
      checkpointer,
    );
  }

  async appendToStream(stream: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const [result] = await this.writes.submit([prepareAppend(stream, events, options.expectedRevision, this.maxEventBytes)]);
    return result;
  }

  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    const jobs = prepareAppends(appends, this.maxEventBytes);
    return jobs.length === 0 ? [] : this.writes.submit(jobs);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reader.readStream(stream, options);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      this.assertOpen();
      const page = this.reader.page(after, Number.MAX_SAFE_INTEGER, options.filter, Math.min(READ_ALL_PAGE_SIZE, remaining));
      for (const event of page) yield event;
      if (page.length < Math.min(READ_ALL_PAGE_SIZE, remaining)) return;
      remaining -= page.length;
      after = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new HeadSubscription(
      {
        headPosition: () => this.reader.headPosition(),
        page: (after, upTo, filter, limit) => this.reader.page(after, upTo, filter, limit),
        onCommit: (listener) => {
          this.commitListeners.add(listener);
          return () => {
            this.commitListeners.delete(listener);
            this.subscriptions.delete(subscription);
          };
        },
        isClosed: () => this.closed,
      },
      options.after ?? 0,
      options.filter,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verifyStream(stream: string): Promise<StreamVerification> {
    this.assertOpen();
    return verifyRows(stream, this.reader.streamRowsInOrder(stream));
  }

  /** The signed checkpoints kept in the store's file (libs/event-store/src/checkpoints). */
  checkpointLog(): CheckpointLog {
    this.assertOpen();
    this.checkpoints ??= new SqliteCheckpointLog(this.db);
    return this.checkpoints;
  }

  // Single-active leases (libs/event-store/src/single-active.ts), in the store's file.

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.leaseTable().acquireLease(name, holder, ttlMs);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    return this.leaseTable().releaseLease(name, holder);
  }

  async leasedPosition(name: string): Promise<number | undefined> {
    return this.leaseTable().leasedPosition(name);
  }

  async saveLeasedPosition(name: string, holder: string, position: number): Promise<boolean> {
    return this.leaseTable().saveLeasedPosition(name, holder, position);
  }

  private leaseTable(): SqliteLeases {
    this.assertOpen();
    this.leases ??= new SqliteLeases(this.db);
    return this.leases;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.reader.headPosition();
  }

  /** Writes what is queued, ends the subscriptions, then closes the file. */
  close(): Promise<void> {
    this.closingDone ??= this.closeOnce();
    return this.closingDone;
  }

  private async closeOnce(): Promise<void> {
    this.closing = true;
    await this.writes.whenDrained();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.checkpointer?.stop();
    this.db.close();
  }

  private notifyCommit(): void {
    for (const listener of this.commitListeners) listener();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`the event store ${this.path} is closed; open a new SqliteEventStore to use it again`);
  }
}
