import type Database from 'better-sqlite3';

// better-sqlite3 is synchronous and every commit waits for the disk (synchronous=FULL), so
// one transaction per append would cap a busy service at the disk's sync rate. Appends that
// arrive while the event loop is busy are queued and written together in ONE transaction,
// paying one sync for the lot. Each append that writes several rows (an appendToStreams is
// one job, however many streams it touches) runs in its own SAVEPOINT: an append that fails
// its own checks (expected revision, duplicate id) half-way is rolled back alone and the rest
// of the batch commits. A job that writes at most one
// statement's worth skips the savepoint (two statements fewer): SQLite already undoes a
// failed statement by itself.
//
// The flush is scheduled with setImmediate, not a timer: a lone append is written as soon as
// the current turn of the event loop ends, so batching never adds latency to a quiet store.

type Pending<Job, Result> = {
  job: Job;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
};

type Outcome<Result> = { ok: true; result: Result } | { ok: false; error: unknown };

export class GroupCommit<Job, Result> {
  private queue: Array<Pending<Job, Result>> = [];
  private scheduled = false;
  private drained: Array<() => void> = [];
  private readonly writeBatch: (batch: Array<Pending<Job, Result>>) => Array<Outcome<Result>>;

  constructor(
    db: Database.Database,
    /** Runs inside the batch's transaction; throw to refuse this job alone. */
    apply: (job: Job) => Result,
    /** Runs after each commit that wrote anything, with the jobs it wrote. */
    private readonly afterCommit: (committed: Job[]) => void,
    /** Runs when a batch's transaction failed as a whole: nothing of it was written. */
    private readonly afterRollback: () => void,
    /** False when `apply` writes with a single statement, or only after every check that can throw. */
    needsSavepoint: (job: Job) => boolean = () => true,
    /** Bounds one transaction's size (and the time other processes wait for the lock). */
    private readonly maxJobsPerCommit = 512,
  ) {
    // Nested better-sqlite3 transactions become SAVEPOINTs; the outer one is BEGIN IMMEDIATE
    // so the write lock is taken up front, never upgraded half-way (which could deadlock
    // two processes that both read first).
    const applyInSavepoint = db.transaction(apply);
    this.writeBatch = db.transaction((batch: Array<Pending<Job, Result>>) =>
      batch.map((pending): Outcome<Result> => {
        try {
          return { ok: true, result: needsSavepoint(pending.job) ? applyInSavepoint(pending.job) : apply(pending.job) };
        } catch (error) {
          // Some failures (disk full, I/O error) make SQLite roll back the whole transaction:
          // the batch is lost, and the next jobs must not run outside a transaction.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

  submit(job: Job): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every job submitted so far has been settled. */
  whenDrained(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxJobsPerCommit);
    if (this.queue.length > 0) this.schedule();
    let outcomes: Array<Outcome<Result>>;
    try {
      outcomes = this.writeBatch(batch);
    } catch (error) {
      // The transaction itself failed (lock held past busy_timeout, disk error): nothing of
      // the batch was written, so every caller learns it and may retry.
      const failure = new Error(
        `the event store could not commit ${batch.length} append(s): ${(error as Error).message}; nothing was written, retry the command`,
        { cause: error },
      );
      this.afterRollback();
      for (const pending of batch) pending.reject(failure);
      this.settleDrainWaiters();
      return;
    }
    const committed: Job[] = [];
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (outcome.ok) {
        batch[i].resolve(outcome.result);
        committed.push(batch[i].job);
      } else batch[i].reject(outcome.error);
    }
    if (committed.length > 0) this.afterCommit(committed);
    this.settleDrainWaiters();
  }

  private settleDrainWaiters(): void {
    if (this.queue.length > 0 || this.scheduled) return;
    const waiters = this.drained;
    this.drained = [];
    for (const resolve of waiters) resolve();
  }
}
