// The access log must not slow the reads it records: a read only pushes its record into
// memory, and records reach the event store in batches, one append per batch, when enough
// of them wait or the oldest has waited long enough, whichever comes first.
//
// What that costs: a record is acknowledged to nobody (the read's answer does not wait for
// it), so a crash (kill -9, power loss) loses the records of the last `flushEveryMs` at most,
// plus any batch the store was refusing at the time. A clean stop flushes everything first
// (see close()). Appending each record before answering would close that window at the price
// of one synchronous store write per read; this trade-off is the one the issue asks for.
import { type NewEvent } from '@continuum/event-store';

export type AccessLogBufferOptions = {
  /** A flush starts as soon as this many records wait. */
  maxRecords: number;
  /** …or once the oldest waiting record has waited this long. */
  flushEveryMs: number;
  /** The stream a batch sealed at this instant goes to. */
  streamFor: (sealedAt: Date) => string;
  append: (stream: string, events: NewEvent[]) => Promise<unknown>;
  /** A failed append; the batch is kept and tried again on the next flush. */
  onAppendFailed: (failure: { stream: string; records: number; error: unknown }) => void;
  now?: () => Date;
};

type Batch = { stream: string; events: NewEvent[] };

export class AccessLogBuffer {
  private waiting: NewEvent[] = [];
  /** Sealed batches not yet in the store, oldest first: they keep their stream and event ids across retries. */
  private unsent: Batch[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Flushes run one after another, so batches reach their stream in the order they were sealed. */
  private lastFlush: Promise<void> = Promise.resolve();
  private queuedFlush: Promise<void> | undefined;
  private isClosed = false;

  constructor(private readonly options: AccessLogBufferOptions) {
    if (!(options.maxRecords >= 1)) throw new RangeError('maxRecords must be at least 1');
    if (!(options.flushEveryMs >= 1)) throw new RangeError('flushEveryMs must be at least 1 ms');
  }

  /** Records not yet in the store. */
  get pending(): number {
    return this.waiting.length + this.unsent.reduce((sum, batch) => sum + batch.events.length, 0);
  }

  /** Never blocks and never throws: the read that caused it has already been answered, or is about to be. */
  record(event: NewEvent): void {
    this.waiting.push(event);
    // After close, nothing will come back for a waiting record: it is written at once.
    if (this.isClosed || this.waiting.length >= this.options.maxRecords) void this.flush();
    else this.scheduleFlush();
  }

  /** Writes every waiting and unsent record it can; resolves (never rejects) when done, failures reported and kept. */
  flush(): Promise<void> {
    // One flush queued behind the running one is enough: it will take whatever waits by then.
    if (this.queuedFlush) return this.queuedFlush;
    const flush = this.lastFlush.then(() => {
      this.queuedFlush = undefined;
      return this.flushNow();
    });
    this.queuedFlush = flush;
    this.lastFlush = flush;
    return flush;
  }

  /** For a clean stop: no more timers, everything written that the store accepts. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.cancelTimer();
    await this.flush();
  }

  private async flushNow(): Promise<void> {
    this.cancelTimer();
    this.sealWaiting();
    while (this.unsent.length > 0) {
      const batch = this.unsent[0] as Batch;
      try {
        await this.options.append(batch.stream, batch.events);
        this.unsent.shift();
      } catch (error) {
        // Later batches wait behind it: the stream's order is the order of the reads.
        this.options.onAppendFailed({ stream: batch.stream, records: batch.events.length, error });
        break;
      }
    }
    if (this.pending > 0 && !this.isClosed) this.scheduleFlush();
  }

  private sealWaiting(): void {
    const sealedAt = (this.options.now ?? (() => new Date()))();
    while (this.waiting.length > 0) {
      this.unsent.push({ stream: this.options.streamFor(sealedAt), events: this.waiting.splice(0, this.options.maxRecords) });
    }
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushEveryMs);
    // A pending flush must not keep a finished process (a CLI, a test) alive; a clean stop flushes anyway.
    this.timer.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
