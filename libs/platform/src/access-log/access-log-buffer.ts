// Every read of a client's record is in the access log before the reader gets the answer: the
// log cannot be rebuilt from anything else, so a record acknowledged to nobody (and lost in a
// crash) would be a disclosure nobody can account for. Durable must not mean one synchronous
// store write per read, though, so records are batched the way the event store batches
// commands: the records of one turn of the event loop (up to `maxRecords`) become ONE append,
// written as soon as that turn ends, and the event store's group commit puts that append in
// the same transaction, and the same disk sync, as the commands appended meanwhile. Each read
// waits for its own batch (record() resolves once it is in the store), a few hundred
// microseconds on a quiet service.
//
// A batch the store refuses fails every read it holds: their answers are not sent (the
// interceptor answers 503), so nothing was disclosed that the log does not show, and nothing
// of that batch is retried. A clean stop writes what waits (close()).
import { type NewEvent } from '@continuum/event-store';

export type AccessLogBufferOptions = {
  /** The most records in one append. */
  maxRecords: number;
  /** The stream a batch sealed at this instant goes to. */
  streamFor: (sealedAt: Date) => string;
  append: (stream: string, events: NewEvent[]) => Promise<unknown>;
  /** A refused append; the reads it held are answered with an error. */
  onAppendFailed: (failure: { stream: string; records: number; error: unknown }) => void;
  now?: () => Date;
};

type Waiting = { event: NewEvent; resolve: () => void; reject: (error: unknown) => void };

export class AccessLogBuffer {
  private waiting: Waiting[] = [];
  private isScheduled = false;
  /** Appends run one after another, so batches reach their stream in the order they were sealed. */
  private lastFlush: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(private readonly options: AccessLogBufferOptions) {
    if (!(options.maxRecords >= 1)) throw new RangeError('maxRecords must be at least 1');
  }

  /** Records not yet in the store. */
  get pending(): number {
    return this.waiting.length + this.inFlight;
  }

  /** Resolves once the record is in the store; rejects when the store refused its batch. */
  record(event: NewEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (this.waiting.length >= this.options.maxRecords) void this.flush();
      else this.schedule();
    });
  }

  /** Writes what waits now; resolves (never rejects) once everything recorded so far was written or refused. */
  flush(): Promise<void> {
    const batches: Waiting[][] = [];
    while (this.waiting.length > 0) batches.push(this.waiting.splice(0, this.options.maxRecords));
    if (batches.length === 0) return this.lastFlush;
    const sealedAt = (this.options.now ?? (() => new Date()))();
    for (const batch of batches) {
      this.inFlight += batch.length;
      const stream = this.options.streamFor(sealedAt);
      this.lastFlush = this.lastFlush.then(() => this.write(stream, batch));
    }
    return this.lastFlush;
  }

  /** For a clean stop: everything waiting written (or refused). */
  async close(): Promise<void> {
    await this.flush();
  }

  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    // After the current turn of the event loop: every read answered in it joins the batch.
    setImmediate(() => {
      this.isScheduled = false;
      void this.flush();
    });
  }

  private async write(stream: string, batch: Waiting[]): Promise<void> {
    try {
      await this.options.append(
        stream,
        batch.map((waiting) => waiting.event),
      );
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      this.options.onAppendFailed({ stream, records: batch.length, error });
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.inFlight -= batch.length;
    }
  }
}
