// The event store port. Services see only this; the SQLite (embedded) and KurrentDB
// (distributed) adapters implement it and are held to it by one contract suite
// (`event-store.contract.ts`).

/** Who did it, in which role. Only ids and codes: never a name. */
export type Actor = { userId: string; role: string };

/** What the writer supplies with every event (docs/architecture/streams.md#the-event-envelope). */
export type EventEnvelope = {
  schemaVersion: number;
  /** The client the event is about; absent only for events about no client (e.g. a provider directory). */
  clientId?: string;
  siteId: string;
  actor: Actor;
  /** When it happened in the world (ISO 8601); `recordedAt` says when the store took it. */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  /**
   * The W3C trace context (`traceparent`) the event was appended in, when there was one: the
   * relay carries it on to the bus, so a consumer's own appends join the same trace
   * (docs/architecture/observability.md#traces). Never personal data: two random ids and flags.
   */
  traceparent?: string;
};

export type NewEvent<Data = unknown> = {
  /** A UUID. Deterministic ids (from an Idempotency-Key) make retried appends no-ops. */
  eventId: string;
  type: string;
  data: Data;
  metadata: EventEnvelope;
};

/** The stored envelope: what the writer gave, plus the per-stream hash chain. */
export type RecordedMetadata = EventEnvelope & {
  /** `hash` of the previous event in the stream; 64 zeros for the first. */
  prevHash: string;
  /** sha256 over prevHash and this event's canonical content (see hash-chain.ts). */
  hash: string;
};

export type RecordedEvent<Data = unknown> = {
  eventId: string;
  type: string;
  streamId: string;
  /** 0-based position within the stream. */
  revision: number;
  /** Position in the store's global order; strictly increasing, gaps allowed. */
  position: number;
  /** When the store appended it (ISO 8601). */
  recordedAt: string;
  data: Data;
  metadata: RecordedMetadata;
};

/**
 * - `any`: append whatever the stream holds;
 * - `no-stream`: the stream must not exist yet;
 * - `stream-exists`: it must hold at least one event;
 * - a number: the revision of the stream's last event (so `0` after one event).
 */
export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | number;

/** Whether a stream whose last revision is `actual` meets the writer's expectation. Both adapters decide by it. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: number | 'no-stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === 'no-stream';
    case 'stream-exists':
      return actual !== 'no-stream';
    default:
      return actual === expected;
  }
}

export type AppendResult = {
  /** Revision of the last event now in the stream: pass it as the next expectedRevision. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
  /**
   * The events this append wrote, as a read of the stream returns them, when the adapter has
   * them at hand (it numbered, hashed and stamped them itself); absent when it wrote none (a
   * retry of an earlier append) or keeps none. runCommands answers with them instead of reading
   * the stream back.
   */
  recorded?: RecordedEvent[];
};

export type ReadStreamOptions = {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
};

export type AllFilter = {
  /** Keep events whose stream name starts with one of these. */
  streamPrefixes?: string[];
  /** Keep events of these types. */
  eventTypes?: string[];
};

export type ReadAllOptions = {
  /** Exclusive: events strictly after this global position. Omit to start at the beginning. */
  after?: number;
  filter?: AllFilter;
  /** Stop after this many events. */
  maxCount?: number;
};

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  /** Every event that existed when the subscription started has been delivered; live from here. */
  | { kind: 'caught-up'; position: number };

/** Async-iterate to consume; the store waits for you, so a slow consumer is back-pressure, not loss. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

export type SubscribeOptions = {
  /** Exclusive, like ReadAllOptions.after: resume with the position of the last event you handled. */
  after?: number;
  filter?: AllFilter;
};

export type StreamVerification =
  | { ok: true; stream: string; events: number }
  | { ok: false; stream: string; events: number; firstBroken: { revision: number; eventId: string; reason: string } };

/** One stream's part of an `appendToStreams`. */
export type StreamAppend = { stream: string; events: NewEvent[]; expectedRevision: ExpectedRevision };

export interface EventStore {
  appendToStream(stream: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams as one unit: every part lands or none does. A refusal of any
   * part (WrongExpectedRevision, EventIdAlreadyInStream, EventTooLarge) writes nothing to any
   * stream, and no reader ever sees some parts without the others. The events of one call sit
   * together in the global order, no other event between them, parts in the order given.
   * Each part is judged as `appendToStream` judges an append: a part that repeats an earlier
   * append (same ids at the same expected revision) writes nothing and answers that append's
   * result, so retrying a whole call is a no-op. A stream may appear once per call. Results
   * come in the order of `appends`.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Pages through the global log; memory stays flat however large the store. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  verifyStream(stream: string): Promise<StreamVerification>;
  /** Global position of the newest event (0 for an empty store): for lag figures. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/** Nest injection token for the port (an interface leaves nothing at run time). */
export const EVENT_STORE = Symbol.for('continuum.EventStore');

/**
 * The shape every adapter's appendToStreams refuses before looking at a store: not a list, or
 * one stream in two parts (its events belong in one part, in order).
 */
export function checkStreamAppends(appends: StreamAppend[]): void {
  if (!Array.isArray(appends)) throw new TypeError('appendToStreams takes an array of { stream, events, expectedRevision }');
  const streams = new Set<string>();
  for (const { stream } of appends) {
    if (streams.has(stream)) throw new TypeError(`stream ${stream} appears twice in one appendToStreams: put its events in one part`);
    streams.add(stream);
  }
}

export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no-stream'. */
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class EventTooLarge extends Error {
  override readonly name = 'EventTooLarge';
  constructor(
    readonly eventId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`event ${eventId} is ${bytes} bytes; the store accepts at most ${limit} bytes per event`);
  }
}

/**
 * The append reuses an event id the stream already holds, at a place where it is not a retry
 * of the earlier append (a retry repeats the same ids at the same expected revision and is
 * a no-op). Writing it again would put the same event twice in the legal history.
 */
export class EventIdAlreadyInStream extends Error {
  override readonly name = 'EventIdAlreadyInStream';
  constructor(
    readonly stream: string,
    readonly eventId: string,
    /** Where the stream already holds that id. */
    readonly revision: number,
    readonly expected: ExpectedRevision,
  ) {
    super(
      `stream ${stream} already holds event ${eventId} at revision ${revision}, so this append (expected revision ${String(expected)}) ` +
        `is not a retry of the one that wrote it: retry with the first attempt's expected revision, or give new events new ids`,
    );
  }
}
