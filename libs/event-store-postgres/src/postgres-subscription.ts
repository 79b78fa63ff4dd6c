import { type AllFilter, type RecordedEvent, type Subscription, type SubscriptionMessage } from '@continuum/event-store';
import { isConnectionError } from './connection-errors.js';

/** What a subscription needs from the store. */
export type SubscriptionSource = {
  headPosition(): Promise<number>;
  page(after: number, upTo: number, filter: AllFilter | undefined, limit: number): Promise<RecordedEvent[]>;
  /** Registers a wake-up for commits (this process's, and other processes' through LISTEN); returns the unregister function. */
  onCommit(listener: () => void): () => void;
  isClosed(): boolean;
};

const PAGE_SIZE = 500;

/**
 * Catch-up, then live, as the SQLite subscription: each round reads the head position, then
 * delivers the events up to it. Every position at or below a head that was read is committed
 * and visible, because appends take their positions and commit while holding the store's
 * append lock (docs/adr/0005-postgresql-event-store.md#global-order): no still-open transaction
 * can later fill a position below a head a reader has seen.
 *
 * Commits wake it (NOTIFY, from any process); it also looks every `pollIntervalMs`, in case a
 * notification was lost while the listening connection was down. While the server is
 * unreachable it waits and tries again instead of ending: it resumes from its own checkpoint.
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly messages: AsyncGenerator<SubscriptionMessage>;

  constructor(
    private readonly source: SubscriptionSource,
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
          if (!isConnectionError(error)) throw error;
          // The server is down or restarting: try again from the checkpoint at the next wake-up.
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
