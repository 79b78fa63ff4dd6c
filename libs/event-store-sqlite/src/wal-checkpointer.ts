import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

// Why the event store checkpoints its WAL itself, on a worker thread:
// SQLite's automatic checkpoint runs inside the commit that crosses 1000 WAL pages, on the
// thread that committed. With group commit that thread is the event loop: every fifth to
// ninth batch of 64 appends stalled 12–18 ms copying pages into the database file and syncing
// it, which set the p99 of every waiting append (bench:store). Here the copying and its sync
// run on a worker thread with its own connection, while the event loop goes on committing.
//
// A background checkpoint alone never lets the WAL start over under steady writing: by the
// time it has copied everything, the writer has added frames, and SQLite rewinds the WAL only
// after a checkpoint that left nothing behind. So when the worker is done, the writer's own
// connection checkpoints the few frames written meanwhile — quick, since most were copied —
// and the next commit rewinds the WAL (not after every round: see start()). If the worker fails, SQLite's automatic checkpoint
// comes back, so the WAL can never grow without bound.

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// Never wait for a lock: a checkpoint that cannot run now runs at the next request.
db.pragma('busy_timeout = 0');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    process.exit(0);
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or interrupted: the writer's finishing checkpoint and the next request cover it.
  }
  parentPort.postMessage('checkpointed');
});
`;

/** SQLite's own default, restored if the worker fails. */
const AUTOMATIC_CHECKPOINT_PAGES = 1000;

export class WalCheckpointer {
  private eventsSinceRequest = 0;
  private roundsSinceFinish = 0;
  private inFlight = false;
  private stopped = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly worker: Worker,
    private readonly everyEvents: number,
    private readonly roundsPerFinish: number,
  ) {
    worker.on('message', () => this.finish());
    worker.on('error', () => this.fallBackToAutomatic());
    worker.on('exit', () => this.fallBackToAutomatic());
    // A store never closed must not keep its process alive. After the listeners: adding a
    // 'message' listener refs the worker's port again.
    worker.unref();
  }

  /**
   * Takes over checkpointing of `db` (a WAL file at `path`): a background round every
   * `everyEvents` appended events, and the writer's finishing checkpoint after every
   * `roundsPerFinish` rounds. Finishing costs the writer a few milliseconds (the frames written
   * during the last round, and a sync of the database file), so it comes rarely enough to stay
   * out of the 99th percentile; the WAL then holds at most about everyEvents × roundsPerFinish
   * events' pages (some 35 MB with the defaults) before it starts over.
   */
  static start(
    db: Database.Database,
    path: string,
    { everyEvents = 500, roundsPerFinish = 8 }: { everyEvents?: number; roundsPerFinish?: number } = {},
  ): WalCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver } });
    db.pragma('wal_autocheckpoint = 0');
    return new WalCheckpointer(db, worker, everyEvents, roundsPerFinish);
  }

  /** Called after each commit with the number of events it appended. */
  committed(events: number): void {
    this.eventsSinceRequest += events;
    if (this.stopped || this.inFlight || this.eventsSinceRequest < this.everyEvents) return;
    this.eventsSinceRequest = 0;
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // Held while closing: an unreferenced worker would let the process end before close() does.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }

  private finish(): void {
    this.inFlight = false;
    if (this.stopped || !this.db.open) return;
    if (++this.roundsSinceFinish < this.roundsPerFinish) return;
    this.roundsSinceFinish = 0;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another process holds the file: its own checkpoints or the next round cover it.
    }
  }

  private fallBackToAutomatic(): void {
    if (this.stopped || !this.db.open) return;
    this.stopped = true;
    this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
  }
}
