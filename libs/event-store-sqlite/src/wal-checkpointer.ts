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
// and the next commit rewinds the WAL (not after every round, nor later than the WAL's sized
// file allows: see start()). If the worker fails, SQLite's automatic checkpoint
// comes back, so the WAL can never grow without bound.
//
// Why the worker also sizes the WAL first: a commit that extends the file makes its sync write
// the file's new size and block map too (a journal commit of the file system), and costs a
// third to a half more than a commit that overwrites frames already on disk (bench:store:
// one writer at 0.41–0.56x a raw one-row transaction, whose WAL starts over every 1000 pages
// and is overwritten from then on). A fresh WAL would grow for its whole first cycle here. So,
// once, the worker writes a cycle's worth into the WAL in a transaction it rolls back: SQLite
// spills the pages as uncommitted frames, the rollback leaves them on disk as garbage that
// recovery ignores (their salts do not match), and later commits overwrite them.
// SqliteEventStore.open waits for it (tens to hundreds of milliseconds, once per start, and
// only while the WAL is smaller: SQLite deletes it when the last connection closes). It holds
// the write lock meanwhile, and skips the sizing when another connection is writing; nothing
// of it is ever read as data.

const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// Never wait for a lock: a checkpoint that cannot run now runs at the next request.
db.pragma('busy_timeout = 0');
function presize(bytes) {
  let size = 0;
  try {
    size = statSync(workerData.path + '-wal').size;
  } catch {}
  if (size >= bytes) return;
  // A small page cache, so the pages spill to the WAL as they are written.
  db.pragma('cache_size = 64');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('CREATE TABLE continuum_wal_presize (b BLOB)');
      db.prepare('INSERT INTO continuum_wal_presize VALUES (zeroblob(?))').run(bytes);
    } finally {
      db.exec('ROLLBACK');
    }
  } catch {
    // Another connection is writing: its commits size the WAL as they go.
  }
}
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    process.exit(0);
  }
  if (typeof message === 'object' && message.presizeBytes > 0) {
    presize(message.presizeBytes);
    parentPort.postMessage('presized');
    return;
  }
  let walFrames = 0;
  try {
    walFrames = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  } catch {
    // Busy or interrupted: the writer's finishing checkpoint and the next request cover it.
  }
  parentPort.postMessage({ walFrames });
});
`;

/** The WAL's size for the services; start() says when it starts over. */
export const DEFAULT_WAL_PRESIZE_BYTES = 32 * 1024 * 1024;

/** SQLite's own default, restored if the worker fails. */
const AUTOMATIC_CHECKPOINT_PAGES = 1000;

/** Each WAL frame is a page and its 24-byte header. */
const WAL_FRAME_HEADER_BYTES = 24;

export class WalCheckpointer {
  private eventsSinceRequest = 0;
  private roundsSinceFinish = 0;
  private inFlight = false;
  private stopped = false;

  /** Resolves once the WAL is sized (at once when it is not to be): SqliteEventStore.open waits for it. */
  readonly presized: Promise<void>;
  private markPresized: () => void = () => undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly worker: Worker,
    private readonly everyEvents: number,
    private readonly roundsPerFinish: number,
    /** Finish at once when the WAL holds this many frames: past them it would outgrow its sized file. */
    private readonly finishAtWalFrames: number,
  ) {
    this.presized = new Promise((resolve) => (this.markPresized = resolve));
    worker.on('message', (message: 'presized' | { walFrames: number }) => {
      if (message === 'presized') this.markPresized();
      else this.finish(message.walFrames);
    });
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
   * events' pages before it starts over.
   *
   * How many pages an event costs depends on how appends arrive: the appends of a batch share
   * their pages, while an append committed alone writes four (its row, two index leaves and the
   * AUTOINCREMENT counter: some 66 MB of WAL for 4,000, twice the default size). So when the WAL was
   * sized, the writer also finishes as soon as a round finds the WAL half full: past its sized
   * file every commit would extend it again, at a third to a half more a sync. Half, because the
   * next round comes everyEvents later, and alone-committed appends fill a quarter of the
   * default size in that time.
   */
  static start(
    db: Database.Database,
    path: string,
    {
      everyEvents = 500,
      roundsPerFinish = 8,
      walPresizeBytes = 0,
    }: { everyEvents?: number; roundsPerFinish?: number; walPresizeBytes?: number } = {},
  ): WalCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver } });
    db.pragma('wal_autocheckpoint = 0');
    const pageBytes = db.pragma('page_size', { simple: true }) as number;
    const finishAtWalFrames =
      walPresizeBytes > 0 ? Math.floor(walPresizeBytes / 2 / (pageBytes + WAL_FRAME_HEADER_BYTES)) : Number.POSITIVE_INFINITY;
    const checkpointer = new WalCheckpointer(db, worker, everyEvents, roundsPerFinish, finishAtWalFrames);
    if (walPresizeBytes > 0) {
      // Held until the sizing is done: the caller awaits it, and nothing else may keep the process alive.
      worker.ref();
      worker.postMessage({ presizeBytes: walPresizeBytes });
      void checkpointer.presized.then(() => worker.unref());
    } else checkpointer.markPresized();
    return checkpointer;
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

  /** A round on the worker is done; `walFrames` is how many frames the WAL held when it started. */
  private finish(walFrames: number): void {
    this.inFlight = false;
    if (this.stopped || !this.db.open) return;
    if (++this.roundsSinceFinish < this.roundsPerFinish && walFrames < this.finishAtWalFrames) return;
    this.roundsSinceFinish = 0;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another process holds the file: its own checkpoints or the next round cover it.
    }
  }

  private fallBackToAutomatic(): void {
    this.markPresized();
    if (this.stopped || !this.db.open) return;
    this.stopped = true;
    this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
  }
}
