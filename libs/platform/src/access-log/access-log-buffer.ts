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
// The records of one page of a list (every client it shows) are recorded together and never
// split: they go into one append, with the other records of that turn while they fit under
// `maxRecords`, alone when the page is bigger. A page is thus recorded whole or not at all.
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

/** Records that go into the store together, and the read waiting for them. */
type Waiting = { events: NewEvent[]; resolve: () => void; reject: (error: unknown) => void };

export class AccessLogBuffer {
  private waiting: Waiting[] = [];
  private waitingRecords = 0;
  private isScheduled = false;
  /** Appends run one after another, so batches reach their stream in the order they were sealed. */
  private lastFlush: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(private readonly options: AccessLogBufferOptions) {
    if (!(options.maxRecords >= 1)) throw new RangeError('maxRecords must be at least 1');
  }

  /** Records not yet in the store. */
  get pending(): number {
    return this.waitingRecords + this.inFlight;
  }

  /** Resolves once the record is in the store; rejects when the store refused its batch. */
  record(event: NewEvent): Promise<void> {
    return this.recordAll([event]);
  }

  /**
   * Resolves once every one of the records is in the store, all in the same append; rejects
   * when the store refused it. No records, no append.
   */
  recordAll(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ events: [...events], resolve, reject });
      this.waitingRecords += events.length;
      if (this.waitingRecords >= this.options.maxRecords) void this.flush();
      else this.schedule();
    });
  }

  /** Writes what waits now; resolves (never rejects) once everything recorded so far was written or refused. */
  flush(): Promise<void> {
    const batches = this.sealBatches();
    if (batches.length === 0) return this.lastFlush;
    const sealedAt = (this.options.now ?? (() => new Date()))();
    for (const batch of batches) {
      this.inFlight += recordsIn(batch);
      const stream = this.options.streamFor(sealedAt);
      this.lastFlush = this.lastFlush.then(() => this.write(stream, batch));
    }
    return this.lastFlush;
  }

  /** For a clean stop: everything waiting written (or refused). */
  async close(): Promise<void> {
    await this.flush();
  }

  /** What waits, in order, cut into appends of at most maxRecords records without splitting any read's records. */
  private sealBatches(): Waiting[][] {
    const batches: Waiting[][] = [];
    let batch: Waiting[] = [];
    let size = 0;
    for (const waiting of this.waiting) {
      if (batch.length > 0 && size + waiting.events.length > this.options.maxRecords) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(waiting);
      size += waiting.events.length;
    }
    if (batch.length > 0) batches.push(batch);
    this.waiting = [];
    this.waitingRecords = 0;
    return batches;
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
        batch.flatMap((waiting) => waiting.events),
      );
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      this.options.onAppendFailed({ stream, records: recordsIn(batch), error });
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.inFlight -= recordsIn(batch);
    }
  }
}

function recordsIn(batch: readonly Waiting[]): number {
  return batch.reduce((records, waiting) => records + waiting.events.length, 0);
}
