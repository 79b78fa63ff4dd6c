import { type DeliveredMessage } from '@continuum/messaging';
import { type PartitionRef } from './consumer-group.js';

export type PartitionConsumerDependencies = {
  read(fromOffset: number, limit: number): DeliveredMessage[];
  /** Runs the handler; resolves when it succeeded, rejects when it failed. */
  deliver(message: DeliveredMessage): Promise<void>;
  /** Moves the group's offset; false when the partition now belongs to another member. */
  commit(nextOffset: number): boolean;
  /** Reports a failed delivery or a failed read or commit (ids and offsets only: no payloads). */
  reportError(what: string, error: unknown): void;
  onLost(): void;
  pollIntervalMs: number;
  redeliveryDelayMs: number;
};

const READ_BATCH = 100;

/**
 * Delivers one partition in offset order, one message at a time, and moves the group's
 * offset only after the handler succeeded. A failed handler gets the same message again
 * after a pause: the transport never skips a message by itself (parking a poison message on
 * its dead-letter topic is the reliability layer's decision, taken inside the handler chain).
 */
export class PartitionConsumer {
  private stopping = false;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    readonly ref: PartitionRef,
    private readonly startOffset: number,
    private readonly dependencies: PartitionConsumerDependencies,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** A publish in this process: look again now rather than at the next poll. */
  notifyPublished(): void {
    this.wakeUp?.();
  }

  /** Finishes the message in flight (its commit included), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const { read, commit, reportError, onLost, pollIntervalMs } = this.dependencies;
    let nextOffset = this.startOffset;
    while (!this.stopping) {
      let batch: DeliveredMessage[];
      try {
        batch = read(nextOffset, READ_BATCH);
      } catch (error) {
        reportError(`reading ${this.describe(nextOffset)}`, error);
        await this.pause(pollIntervalMs);
        continue;
      }
      if (batch.length === 0) {
        await this.pause(pollIntervalMs, { wakeOnPublish: true });
        continue;
      }
      for (const message of batch) {
        const isDelivered = await this.deliverUntilDone(message);
        if (!isDelivered) return;
        const offset = Number(message.offset);
        let isStillOwned: boolean;
        try {
          isStillOwned = commit(offset + 1);
        } catch (error) {
          // Not committed: read again from the same offset, so the message comes again.
          reportError(`committing ${this.describe(offset)}`, error);
          await this.pause(pollIntervalMs);
          break;
        }
        if (!isStillOwned) {
          onLost();
          return;
        }
        nextOffset = offset + 1;
        if (this.stopping) return;
      }
    }
  }

  /** True once the handler succeeded; false if the consumer was stopped before it did. */
  private async deliverUntilDone(message: DeliveredMessage): Promise<boolean> {
    for (;;) {
      if (this.stopping) return false;
      try {
        await this.dependencies.deliver(message);
        return true;
      } catch (error) {
        this.dependencies.reportError(`handling ${this.describe(Number(message.offset))}; it will be delivered again`, error);
        await this.pause(this.dependencies.redeliveryDelayMs);
      }
    }
  }

  private pause(ms: number, options: { wakeOnPublish?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = options.wakeOnPublish ? done : () => this.stopping && done();
    });
  }

  private describe(offset: number): string {
    return `${this.ref.topic} partition ${this.ref.partition} offset ${offset}`;
  }
}
