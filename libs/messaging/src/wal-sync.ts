import { type FileHandle, open } from 'node:fs/promises';

// Why the bus and the inbox sync their WAL themselves, off the event loop:
// A publish must be on disk before it resolves (the relay moves its checkpoint then, and the
// outbox must never lose an event), and a handled message's inbox record before its offset is
// committed. With synchronous=FULL SQLite syncs the WAL inside the commit, on the thread that
// committed: the event loop, a few milliseconds per commit during which nothing else of the
// service moved. So these files commit with synchronous=NORMAL (the commit is written to the
// WAL, not synced) and the caller then waits for an fdatasync of the WAL file on libuv's thread
// pool: the same bytes reach the disk before it goes on, while the event loop does other work,
// and the commits of that moment share one sync. Frames already copied into the database by a
// checkpoint are safe too: at synchronous=NORMAL SQLite syncs the WAL before a checkpoint and
// the database file after it.
//
// Other connections may read such a commit before its sync has finished. A reader that acts on
// it (a consumer in another process) and then loses it to a power cut is in the at-least-once
// case every consumer already handles: the relay publishes it again from the event store, and
// the inbox drops it by its event id.
//
// The WAL file of an open database stays the same file (SQLite deletes it only when the last
// connection closes, and this process holds one open), so one handle serves for the file's life.

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
