import { type AllFilter, type RecordedEvent, type Subscription, type SubscriptionMessage } from './event-store.js';

/** What a subscription needs from the store (the SQLite adapter answers at once, PostgreSQL over the network). */
export type HeadSubscriptionSource = {
  headPosition(): number | Promise<number>;
  /** Events with `after < position <= upTo` that pass the filter, oldest first, at most `limit`. */
  page(after: number, upTo: number, filter: AllFilter | undefined, limit: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** Registers a wake-up for commits; returns the unregister function. */
  onCommit(listener: () => void): () => void;
  isClosed(): boolean;
  /**
   * A failure to wait out rather than end on (the server is unreachable for now): the
   * subscription tries again from its own checkpoint at the next wake-up. None by default.
   */
  isTransient?(error: unknown): boolean;
};

const PAGE_SIZE = 500;

/**
 * Catch-up, then live, for a store whose positions become visible in order, gap-free (both SQL
 * adapters hand them out under their write lock and commit before releasing it). Each round
 * first reads the head position, then delivers the events up to it: every event at or below a
 * head that was read is committed and visible, so moving the checkpoint to that head can never
 * skip an event — not even one a different process commits meanwhile.
 *
 * Commits wake it; it also looks every `pollIntervalMs`, for commits no wake-up announced
 * (another process's on SQLite; a notification lost while PostgreSQL's listener was down).
 */
export class HeadSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly messages: AsyncGenerator<SubscriptionMessage>;

  constructor(
    private readonly source: HeadSubscriptionSource,
    private readonly after: number,
    private readonly filter: AllFilter | undefined,
    private readonly pollIntervalMs: number,
  ) {
    this.messages = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.messages;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  private isOver(): boolean {
    return this.closed || this.source.isClosed();
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    let checkpoint = this.after;
    let appended = false;
    const unregister = this.source.onCommit(() => {
      appended = true;
      this.wake?.();
    });
    try {
      let hasCaughtUp = false;
      while (!this.isOver()) {
        appended = false;
        try {
          const head = await this.source.headPosition();
          while (checkpoint < head && !this.isOver()) {
            const events = await this.source.page(checkpoint, head, this.filter, PAGE_SIZE);
            for (const event of events) yield { kind: 'event', event };
            // A short page means nothing else up to `head` passes the filter.
            checkpoint = events.length < PAGE_SIZE ? head : events[events.length - 1].position;
          }
        } catch (error) {
          if (this.isOver()) return;
          if (!this.source.isTransient?.(error)) throw error;
          await this.nextWakeUp();
          continue;
        }
        if (this.isOver()) return;
        if (!hasCaughtUp) {
          hasCaughtUp = true;
          yield { kind: 'caught-up', position: checkpoint };
        }
        if (!appended) await this.nextWakeUp();
      }
    } finally {
      unregister();
    }
  }

  private nextWakeUp(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }
}
