import { type AllFilter, type RecordedEvent, type Subscription, type SubscriptionMessage } from '@continuum/event-store';

/** What a subscription needs from the store. */
export type SubscriptionSource = {
  headPosition(): number;
  page(after: number, upTo: number, filter: AllFilter | undefined, limit: number): RecordedEvent[];
  /** Registers a wake-up for appends committed by this process; returns the unregister function. */
  onCommit(listener: () => void): () => void;
  isClosed(): boolean;
};

const PAGE_SIZE = 500;

/**
 * Catch-up, then live. Each round first reads the head position, then delivers the events
 * up to it: every event at or below a head that was read is committed and visible (positions
 * are handed out under the write lock, in commit order), so moving the checkpoint to that
 * head can never skip an event — not even one a different process commits meanwhile.
 *
 * Other processes cannot wake us, so we also poll the head every `pollIntervalMs`.
 */
export class SqliteSubscription implements Subscription {
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
        const head = this.source.headPosition();
        while (checkpoint < head && !this.isOver()) {
          const events = this.source.page(checkpoint, head, this.filter, PAGE_SIZE);
          for (const event of events) yield { kind: 'event', event };
          // A short page means nothing else up to `head` passes the filter.
          checkpoint = events.length < PAGE_SIZE ? head : events[events.length - 1].position;
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
