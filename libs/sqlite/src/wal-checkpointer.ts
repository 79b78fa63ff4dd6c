import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

// Why the stores checkpoint their WAL themselves, on a worker thread:
// SQLite's automatic checkpoint runs inside the commit that crosses 1000 WAL pages, on the
// thread that committed. With group commit (the event store) and a projection's batch (the
// read store) that thread is the event loop: every fifth to ninth batch of 64 appends stalled
// 12–18 ms copying pages into the database file and syncing it, which set the p99 of every
// waiting append (bench:store); the read store's checkpoints (its only syncs under
// synchronous=NORMAL) ran 93 times in a 30-second bench:http of intake, up to 96 ms each. Here
// the copying and its sync run on a worker thread with a connection of its own, while the
// event loop goes on committing.
//
// ONE worker thread serves every file of the process (the event store's, the read store's):
// each thread is a V8 isolate of several megabytes, and the rounds are short and rare enough
// to take turns. It starts with the first file and ends with the last.
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
// of it is ever read as data. (A file committed with synchronous=NORMAL, the read store's,
// syncs nothing at commit and gains nothing from it.)

const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const files = new Map();
function presize(db, path, bytes) {
  let size = 0;
  try {
    size = statSync(path + '-wal').size;
  } catch {}
  if (size >= bytes) return;
  // A small page cache, so the pages spill to the WAL as they are written.
  const cacheSize = db.pragma('cache_size', { simple: true });
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
  } finally {
    db.pragma('cache_size = ' + cacheSize);
  }
}
parentPort.on('message', ({ kind, file, path, presizeBytes }) => {
  if (kind === 'open') {
    try {
      const db = new Database(path);
      // Never wait for a lock: a checkpoint that cannot run now runs at the next request.
      db.pragma('busy_timeout = 0');
      files.set(file, { db, path });
    } catch {
      parentPort.postMessage({ kind: 'failed', file });
      if (files.size === 0) process.exit(0);
      return;
    }
    if (presizeBytes > 0) presize(files.get(file).db, path, presizeBytes);
    parentPort.postMessage({ kind: 'opened', file });
  } else if (kind === 'checkpoint') {
    let walFrames = 0;
    try {
      walFrames = files.get(file).db.pragma('wal_checkpoint(PASSIVE)')[0].log;
    } catch {
      // Busy or interrupted: the writer's finishing checkpoint and the next request cover it.
    }
    parentPort.postMessage({ kind: 'checkpointed', file, walFrames });
  } else if (kind === 'close') {
    files.get(file)?.db.close();
    files.delete(file);
    parentPort.postMessage({ kind: 'closed', file });
    if (files.size === 0) process.exit(0);
  }
});
`;

type Request = { kind: 'open'; file: number; path: string; presizeBytes: number } | { kind: 'checkpoint' | 'close'; file: number };
type Reply = { kind: 'opened' | 'failed' | 'closed'; file: number } | { kind: 'checkpointed'; file: number; walFrames: number };

/** The WAL's size for the services' event stores; start() says when it starts over. */
export const DEFAULT_WAL_PRESIZE_BYTES = 32 * 1024 * 1024;

/** SQLite's own default, restored if the worker fails. */
const AUTOMATIC_CHECKPOINT_PAGES = 1000;

/** Each WAL frame is a page and its 24-byte header. */
const WAL_FRAME_HEADER_BYTES = 24;

/**
 * The worker thread and the files it serves. It ends when its last file is closed; a file
 * opened after that starts a new one. Unreferenced unless a caller awaits a reply from it
 * (sizing, closing): checkpoints alone must never keep a process alive.
 */
class CheckpointThread {
  private static current: CheckpointThread | undefined;
  private static nextFile = 1;

  /** Every file with a reply still to come, by the id the worker knows it by. */
  private readonly files = new Map<number, WalCheckpointer>();
  /** The files not being closed: when none is left, new files go to a new thread. */
  private readonly serving = new Set<number>();
  private awaitedReplies = 0;
  private readonly worker: Worker;

  private constructor() {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver } });
    CheckpointThread.running += 1;
    this.worker.on('message', (reply: Reply) => this.files.get(reply.file)?.onReply(reply));
    this.worker.on('error', () => this.failAll());
    this.worker.on('exit', () => {
      CheckpointThread.running -= 1;
      this.failAll();
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    this.worker.unref();
  }

  /** How many checkpoint threads run in this process (1 while any file is served; 2 for a moment while one ends). */
  static running = 0;

  static join(checkpointer: (thread: CheckpointThread, file: number) => WalCheckpointer): WalCheckpointer {
    const thread = (CheckpointThread.current ??= new CheckpointThread());
    const file = CheckpointThread.nextFile++;
    const joined = checkpointer(thread, file);
    thread.files.set(file, joined);
    thread.serving.add(file);
    return joined;
  }

  /** The file is being closed (or was never opened): the thread ends with its last one. */
  release(file: number): void {
    this.serving.delete(file);
    if (this.serving.size === 0 && CheckpointThread.current === this) CheckpointThread.current = undefined;
  }

  /** No more replies are expected for the file. */
  forget(file: number): void {
    this.files.delete(file);
  }

  post(request: Request): void {
    this.worker.postMessage(request);
  }

  /** Keeps the process alive until the matching replyArrived(). */
  awaitReply(): void {
    if (this.awaitedReplies++ === 0) this.worker.ref();
  }

  replyArrived(): void {
    if (--this.awaitedReplies === 0) this.worker.unref();
  }

  private failAll(): void {
    if (CheckpointThread.current === this) CheckpointThread.current = undefined;
    for (const checkpointer of this.files.values()) checkpointer.onThreadEnded();
    this.files.clear();
    this.serving.clear();
  }
}

export class WalCheckpointer {
  private eventsSinceRequest = 0;
  private roundsSinceFinish = 0;
  private inFlight = false;
  private stopped = false;

  /** Resolves once the WAL is sized (at once when it is not to be): SqliteEventStore.open waits for it. */
  readonly presized: Promise<void>;
  private markPresized: () => void = () => undefined;
  private readonly closed: Promise<void>;
  private markClosed: () => void = () => undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly thread: CheckpointThread,
    private readonly file: number,
    private readonly everyEvents: number,
    private readonly roundsPerFinish: number,
    /** Finish at once when the WAL holds this many frames: past them it would outgrow its sized file. */
    private readonly finishAtWalFrames: number,
    /** Whether a caller awaits `presized`, so that the thread is held until the worker has opened the file. */
    private readonly isOpeningAwaited: boolean,
  ) {
    this.presized = new Promise((resolve) => (this.markPresized = resolve));
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    if (!isOpeningAwaited) this.markPresized();
  }

  /**
   * Takes over checkpointing of `db` (a WAL file at `path`): a background round every
   * `everyEvents` appended events (or written documents: whatever the caller counts), and the
   * writer's finishing checkpoint after every `roundsPerFinish` rounds. Finishing costs the
   * writer a few milliseconds (the frames written during the last round, and a sync of the
   * database file), so it comes rarely enough to stay out of the 99th percentile; the WAL then
   * holds at most about everyEvents × roundsPerFinish events' pages before it starts over.
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
    db.pragma('wal_autocheckpoint = 0');
    const pageBytes = db.pragma('page_size', { simple: true }) as number;
    const finishAtWalFrames =
      walPresizeBytes > 0 ? Math.floor(walPresizeBytes / 2 / (pageBytes + WAL_FRAME_HEADER_BYTES)) : Number.POSITIVE_INFINITY;
    return CheckpointThread.join((thread, file) => {
      const checkpointer = new WalCheckpointer(db, thread, file, everyEvents, roundsPerFinish, finishAtWalFrames, walPresizeBytes > 0);
      // Held until the sizing is done: the caller awaits it, and nothing else may keep the process alive.
      if (walPresizeBytes > 0) thread.awaitReply();
      thread.post({ kind: 'open', file, path, presizeBytes: walPresizeBytes });
      return checkpointer;
    });
  }

  /** How many checkpoint threads run in this process: one serves every file. */
  static get threads(): number {
    return CheckpointThread.running;
  }

  /** Called after each commit with the number of events (or documents) it wrote. */
  committed(events: number): void {
    this.eventsSinceRequest += events;
    if (this.stopped || this.inFlight || this.eventsSinceRequest < this.everyEvents) return;
    this.eventsSinceRequest = 0;
    this.inFlight = true;
    this.thread.post({ kind: 'checkpoint', file: this.file });
  }

  /** Ends this file's checkpoints: the worker closes its connection, and ends with the last file it served. */
  async stop(): Promise<void> {
    if (this.stopped) return this.closed;
    this.stopped = true;
    this.thread.release(this.file);
    // Held while closing: an unreferenced worker would let the process end before close() does.
    this.thread.awaitReply();
    this.thread.post({ kind: 'close', file: this.file });
    return this.closed;
  }

  /** The worker's answer about this file (for CheckpointThread). */
  onReply(reply: Reply): void {
    if (reply.kind === 'checkpointed') return this.finish(reply.walFrames);
    if (reply.kind === 'opened' || reply.kind === 'failed') {
      if (this.isOpeningAwaited) this.thread.replyArrived();
      this.markPresized();
    }
    if (reply.kind === 'failed') {
      this.thread.release(this.file);
      this.thread.forget(this.file);
      this.fallBackToAutomatic();
      this.markClosed();
    }
    if (reply.kind === 'closed') {
      this.thread.replyArrived();
      this.thread.forget(this.file);
      this.markClosed();
    }
  }

  /** The worker is gone (failed, or ended with its last file): for CheckpointThread. */
  onThreadEnded(): void {
    this.markPresized();
    this.fallBackToAutomatic();
    this.markClosed();
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
    if (this.stopped || !this.db.open) return;
    this.stopped = true;
    this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
  }
}
