import { type FileHandle, open } from 'node:fs/promises';

// Why the bus syncs its WAL itself, off the event loop:
// A publish must be on disk before it resolves (the relay moves its checkpoint then, and the
// outbox must never lose an event). With synchronous=FULL SQLite syncs the WAL inside the
// commit, on the thread that committed: the event loop, a few milliseconds per published batch
// during which no request of the service moved. So the publishing connection commits with
// synchronous=NORMAL (the commit is written to the WAL, not synced) and the publish then waits
// for an fdatasync of the WAL file on libuv's thread pool: the same bytes reach the disk before
// the publish resolves, while the event loop goes on. Frames already copied into the database
// by a checkpoint are safe too: at synchronous=NORMAL SQLite syncs the WAL before a checkpoint
// and the database file after it.
//
// The WAL file of an open database stays the same file (SQLite deletes it only when the last
// connection closes, and this process holds one open), so one handle serves for the bus's life.

/** Syncs one SQLite database's WAL file; concurrent calls share a sync that began after they were made. */
export class WalSync {
  private handle: Promise<FileHandle> | undefined;
  /** The sync running now, and the one queued behind it for the callers that came meanwhile. */
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly databasePath: string) {}

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (!this.running) return this.start();
    // The running sync may have begun before the caller's commit: wait for the next one.
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.queued]);
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  private startQueued(): Promise<void> {
    this.queued = undefined;
    return this.start();
  }

  private start(): Promise<void> {
    const running = this.datasync().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async datasync(): Promise<void> {
    // Opened at the first sync: the WAL exists once the database has been written in WAL mode.
    this.handle ??= open(`${this.databasePath}-wal`, 'r+');
    let handle: FileHandle;
    try {
      handle = await this.handle;
    } catch (error) {
      this.handle = undefined;
      throw error;
    }
    await handle.datasync();
  }
}
