import pg from 'pg';
import {
  type AllFilter,
  type AppendJob,
  type AppendResult,
  type CheckpointLog,
  type CheckpointedEventStore,
  HeadSubscription,
  EventIdAlreadyInStream,
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
  WrongExpectedRevision,
  DEFAULT_MAX_EVENT_BYTES,
  EVENT_COLUMNS,
  recordedEventOf,
} from '@continuum/event-store';
import { isConnectionError } from './connection-errors.js';
import { type PostgresEventRow } from './event-rows.js';
import { PostgresCheckpointLog } from './postgres-checkpoint-log.js';
import { APPEND_LOCK_KEY, COMMIT_CHANNEL, ensureSchema } from './schema.js';
import { PendingRows, stageAppend } from './stream-append.js';

export type PostgresEventStoreOptions = {
  /** postgres://user:password@host:5432/database (EVENT_STORE_URL). */
  connectionString: string;
  /** Largest event accepted, counting its serialised data and metadata. Default 1 MiB, as SQLite. */
  maxEventBytes?: number;
  /** How often live subscriptions look for commits when no notification came. Default 250 ms. */
  pollIntervalMs?: number;
  /** Connections this process keeps to the server. Default 10. */
  poolSize?: number;
};

const READ_ALL_PAGE_SIZE = 1000;
const VERIFY_PAGE_SIZE = 1000;
/** Bounds one transaction (and how long other processes wait for the append lock). */
const MAX_CALLS_PER_TRANSACTION = 256;

type QueuedCall = { jobs: AppendJob[]; resolve(results: AppendResult[]): void; reject(error: unknown): void };
/** How long the listening connection waits before reconnecting after the server went away. */
const RELISTEN_DELAY_MS = 250;

/** The URL without its password: what an error message may show. */
export function redactedUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL URL in EVENT_STORE_URL';
  }
}

/**
 * The distributed event store on PostgreSQL (EVENT_STORE_URL=postgres://…): one table, shared
 * by every instance of every service that names the same database
 * (docs/adr/0005-postgresql-event-store.md).
 */
export class PostgresEventStore implements CheckpointedEventStore, LeaseStore {
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<HeadSubscription>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly queue: QueuedCall[] = [];
  private draining = false;
  private listener: pg.Client | undefined;
  private relisten: NodeJS.Timeout | undefined;
  private closing = false;
  private closed = false;
  private closingDone: Promise<void> | undefined;
  private checkpoints: PostgresCheckpointLog | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly maxEventBytes: number,
    private readonly pollIntervalMs: number,
  ) {}

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle connection the server dropped (restart, crash) is removed by the pool, which
    // reports it here; the next query opens a fresh one. Not handling it would end the process.
    pool.on('error', () => undefined);
    // A connection the server drops while this process holds it (between two statements of an
    // append) reports it on the client too; the statement under way fails and says so.
    pool.on('connect', (client) => client.on('error', () => undefined));
    try {
      await ensureSchema(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `cannot reach PostgreSQL at ${redactedUrl(options.connectionString)} (${reason}): start the server or fix EVENT_STORE_URL`,
        { cause: error },
      );
    }
    const store = new PostgresEventStore(
      pool,
      options.connectionString,
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      options.pollIntervalMs ?? 250,
    );
    await store.listen();
    return store;
  }

  async appendToStream(stream: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const [result] = await this.track(this.write([prepareAppend(stream, events, options.expectedRevision, this.maxEventBytes)]));
    return result;
  }

  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    const jobs = prepareAppends(appends, this.maxEventBytes);
    return jobs.length === 0 ? [] : this.track(this.write(jobs));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const { rows } = await this.pool.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [stream, options.fromRevision ?? (backwards ? 2 ** 31 - 1 : 0), options.maxCount ?? null],
    );
    return rows.map(recordedEventOf);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(READ_ALL_PAGE_SIZE, remaining);
      const page = await this.page(after, Number.MAX_SAFE_INTEGER, options.filter, limit);
      for (const event of page) yield event;
      if (page.length < limit) return;
      remaining -= page.length;
      after = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new HeadSubscription(
      {
        headPosition: () => this.readHead(),
        page: (after, upTo, filter, limit) => this.page(after, upTo, filter, limit),
        onCommit: (listener) => {
          this.commitListeners.add(listener);
          return () => {
            this.commitListeners.delete(listener);
            this.subscriptions.delete(subscription);
          };
        },
        isClosed: () => this.closed,
        // The server is down or restarting: the subscription waits and resumes from its checkpoint.
        isTransient: isConnectionError,
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
    return verifyRows(stream, await this.streamRowsInOrder(stream));
  }

  /** The signed checkpoints kept beside the events (libs/event-store/src/checkpoints). */
  checkpointLog(): CheckpointLog {
    this.assertOpen();
    this.checkpoints ??= new PostgresCheckpointLog(this.pool);
    return this.checkpoints;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.readHead();
  }

  /** Lets the appends under way finish, ends the subscriptions, then closes the connections. */
  close(): Promise<void> {
    this.closingDone ??= this.closeOnce();
    return this.closingDone;
  }

  // Leases (libs/event-store/src/single-active.ts), timed by the server's clock, which every
  // instance shares: a lease runs out at the same moment for all of them.

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    const { rowCount } = await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < clock_timestamp()`,
      [name, holder, ttlMs],
    );
    return rowCount === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.pool.query(`UPDATE leases SET expires_at = '-infinity' WHERE name = $1 AND holder = $2`, [name, holder]);
  }

  async leasedPosition(name: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ position: string | null }>('SELECT position FROM leases WHERE name = $1', [name]);
    return rows[0]?.position == null ? undefined : Number(rows[0].position);
  }

  async saveLeasedPosition(name: string, holder: string, position: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE leases SET position = $3 WHERE name = $1 AND holder = $2 AND expires_at > clock_timestamp()',
      [name, holder, position],
    );
    return rowCount === 1;
  }

  private async closeOnce(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    this.closed = true;
    clearTimeout(this.relisten);
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => void this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Group commit: calls that arrive while a transaction is under way wait, and the next
   * transaction writes all of them, so many writers share one lock hold and one WAL flush.
   */
  private write(jobs: AppendJob[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ jobs, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.writeCalls(this.queue.splice(0, MAX_CALLS_PER_TRANSACTION));
    } finally {
      this.draining = false;
    }
  }

  /**
   * A connection that breaks before COMMIT was sent leaves nothing written, so the calls are
   * tried once more on a fresh connection (the pool may still hold one the server dropped); a
   * break during COMMIT is reported, since the outcome is unknown: retrying the same call is
   * then a safe no-op or does the append. Any other failure of the transaction writes each
   * call alone, so that one call's fault fails that call only.
   */
  private async writeCalls(calls: QueuedCall[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.writeOnce(calls);
      if (outcome.ok) {
        calls.forEach((call, i) => {
          const result = outcome.results[i];
          if (result.ok) call.resolve(result.results);
          else call.reject(result.error);
        });
        return;
      }
      if (outcome.retry && attempt < 2) continue;
      if (!outcome.connectionLost && calls.length > 1) {
        for (const call of calls) await this.writeCalls([call]);
        return;
      }
      for (const call of calls) call.reject(outcome.error);
      return;
    }
  }

  /**
   * One transaction: take the append lock, judge each call, insert its rows, notify, commit.
   * The lock is held until the commit is visible, so positions become visible in the order
   * they were handed out (#global-order in the ADR). A call refused (expected revision, an id
   * at another place) is refused alone: it only read, and takes no position.
   */
  private async writeOnce(
    calls: QueuedCall[],
  ): Promise<
    | { ok: true; results: Array<{ ok: true; results: AppendResult[] } | { ok: false; error: unknown }> }
    | { ok: false; error: unknown; retry: boolean; connectionLost: boolean }
  > {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      return { ok: false, error, retry: false, connectionLost: true };
    }
    let broken: Error | undefined;
    let commitSent = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY.toString()]);
      const { rows } = await client.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
      let head = Number(rows[0].head);
      let wrote = false;
      const results: Array<{ ok: true; results: AppendResult[] } | { ok: false; error: unknown }> = [];
      for (const call of calls) {
        const pending = new PendingRows();
        const headBefore = head;
        try {
          const callResults: AppendResult[] = [];
          for (const job of call.jobs) callResults.push(await stageAppend(client, job, pending, () => ++head));
          if (pending.count > 0) {
            await pending.insert(client);
            wrote = true;
          }
          results.push({ ok: true, results: callResults });
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision || error instanceof EventIdAlreadyInStream)) throw error;
          head = headBefore;
          results.push({ ok: false, error });
        }
      }
      if (wrote) await client.query(`NOTIFY ${COMMIT_CHANNEL}`);
      commitSent = true;
      await client.query('COMMIT');
      if (wrote) this.notifyCommit();
      return { ok: true, results };
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      return { ok: false, error, retry: broken !== undefined && !commitSent, connectionLost: broken !== undefined };
    } finally {
      client.release(broken);
    }
  }

  private async readHead(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
    return Number(rows[0].head);
  }

  /** Events with `after < position <= upTo` that pass the filter, oldest first, at most `limit`. */
  private async page(after: number, upTo: number, filter: AllFilter | undefined, limit: number): Promise<RecordedEvent[]> {
    const params: unknown[] = [after, Math.min(upTo, Number.MAX_SAFE_INTEGER), limit];
    const conditions = ['position > $1', 'position <= $2'];
    const prefixes = filter?.streamPrefixes ?? [];
    if (prefixes.length > 0) {
      params.push(prefixes);
      conditions.push(`EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS prefix WHERE starts_with(stream_id, prefix))`);
    }
    const types = filter?.eventTypes ?? [];
    if (types.length > 0) {
      params.push(types);
      conditions.push(`type = ANY($${params.length}::text[])`);
    }
    const { rows } = await this.pool.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position ASC LIMIT $3`,
      params,
    );
    return rows.map(recordedEventOf);
  }

  private async streamRowsInOrder(stream: string): Promise<PostgresEventRow[]> {
    const all: PostgresEventRow[] = [];
    for (;;) {
      const { rows } = await this.pool.query<PostgresEventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision ASC LIMIT $3`,
        [stream, all.length === 0 ? 0 : all[all.length - 1].revision + 1, VERIFY_PAGE_SIZE],
      );
      all.push(...rows);
      if (rows.length < VERIFY_PAGE_SIZE) return all;
    }
  }

  /** A connection of its own that LISTENs for commits from every process; reconnects after the server went away. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const lost = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.listenLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.notifyCommit());
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMIT_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    // Commits made while no one listened: wake the subscriptions to look.
    this.notifyCommit();
  }

  private listenLater(): void {
    if (this.closed) return;
    this.relisten = setTimeout(() => void this.listen().catch(() => this.listenLater()), RELISTEN_DELAY_MS);
  }

  private notifyCommit(): void {
    for (const listener of this.commitListeners) listener();
  }

  private assertOpen(): void {
    if (this.closing)
      throw new Error(`the event store at ${redactedUrl(this.connectionString)} is closed; open a new PostgresEventStore to use it again`);
  }
}
