import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  type AppendStreamRequest,
} from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  checkStreamAppends,
  EventIdAlreadyInStream,
  type EventStore,
  EventTooLarge,
  type ExpectedRevision,
  GENESIS_HASH,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  satisfiesExpectedRevision,
  type StreamAppend,
  type StreamVerification,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevision,
  DEFAULT_MAX_EVENT_BYTES,
} from '@continuum/event-store';
import { matchesFilter, toServerFilter } from './all-filter.js';
import { encodedBytes, fromResolvedEvent, toEventData } from './event-encoding.js';
import { exactStreamState, fromCurrentStreamState, isWrongExpectedVersion, type ActualRevision } from './expected-revision.js';
import { adaptSubscription } from './kurrentdb-subscription.js';
import { isAfter, mayBeBetweenEvents, readPositionAfter } from './positions.js';
import { fromMultiAppendError, toAppendStreamRequest } from './multi-append.js';
import { type SealedEvent, sealEvents, verifyChain } from './stream-chain.js';

export type KurrentDbEventStoreOptions = {
  /** e.g. `kurrentdb://admin:changeit@localhost:2113?tls=false`. */
  connectionString: string;
  /** Largest event accepted, data and envelope as JSON. Default 1 MiB, KurrentDB's default append limit. */
  maxEventBytes?: number;
  /** How often an append with expectedRevision `any` or `stream-exists` re-reads the stream after losing a race. Default 5. */
  maxAppendAttempts?: number;
};

const DEFAULT_MAX_APPEND_ATTEMPTS = 5;

/**
 * The event store on KurrentDB (distributed mode). KurrentDB orders and keeps the events;
 * Continuum adds the per-stream hash chain, which it computes at append from the stream's
 * last event and protects by appending at exactly the revision it read.
 *
 * Appends read the whole stream first, to find a retried append's ids wherever they are
 * (KurrentDB cannot look an event up by id). Continuum's streams are one per aggregate,
 * hundreds of events at most, so the read is cheap next to writing the same event twice
 * into a legal record.
 */
export class KurrentDbEventStore implements EventStore {
  private constructor(
    private readonly client: KurrentDBClient,
    private readonly maxEventBytes: number,
    private readonly maxAppendAttempts: number,
  ) {}

  /** Connects and checks the server answers, so a wrong URL fails at start-up rather than at the first command. */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const client = KurrentDBClient.connectionString(options.connectionString);
    const store = new KurrentDbEventStore(
      client,
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS,
    );
    try {
      await store.headPosition();
    } catch (error) {
      await client.dispose();
      throw new Error(
        `cannot reach KurrentDB at ${withoutCredentials(options.connectionString)}: start the server or fix EVENT_STORE_URL (${(error as Error).message})`,
        { cause: error },
      );
    }
    return store;
  }

  async appendToStream(stream: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const { expectedRevision } = options;
    checkAppend(stream, events, expectedRevision, this.maxEventBytes);
    // Only a caller who did not pin a revision can be re-based onto a stream that moved on.
    const attempts = isLoose(expectedRevision) ? this.maxAppendAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      const current = await this.readStream(stream);
      const decision = planAppend(stream, events, expectedRevision, current);
      if ('result' in decision) return decision.result;
      try {
        const result = await this.client.appendToStream(
          stream,
          decision.sealed.map(({ event, metadata }) => toEventData(event, metadata)),
          { streamState: exactStreamState(decision.actual) },
        );
        return await this.appendedThrough(stream, Number(result.nextExpectedRevision));
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (attempt < attempts) continue;
        throw new WrongExpectedRevision(stream, expectedRevision, fromCurrentStreamState(error.actualState));
      }
    }
  }

  /**
   * All parts in one server transaction (the client's multiStreamAppend: KurrentDB 25.1 or
   * later), each stream sealed onto the event it was read with and written at exactly that
   * state. Every part is judged before anything is sent, as appendToStream judges an append:
   * a part that repeats an earlier append is answered from the stream and not sent again; so is
   * a part with no events, whose expected revision is checked against the read only.
   */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    checkStreamAppends(appends);
    for (const { stream, events, expectedRevision } of appends) checkAppend(stream, events, expectedRevision, this.maxEventBytes);
    // Only parts that did not pin a revision can be re-based onto streams that moved on; a
    // pinned part whose stream moved is refused at the re-read.
    const attempts = appends.some(({ expectedRevision }) => isLoose(expectedRevision)) ? this.maxAppendAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      const currents = await Promise.all(appends.map(({ stream }) => this.readStream(stream)));
      const results: AppendResult[] = [];
      const sending: Array<{ index: number; request: AppendStreamRequest; lastRevision: number }> = [];
      for (const [index, { stream, events, expectedRevision }] of appends.entries()) {
        const decision = planAppend(stream, events, expectedRevision, currents[index]!);
        if ('result' in decision) results[index] = decision.result;
        else {
          const lastRevision = (decision.actual === 'no-stream' ? -1 : decision.actual) + decision.sealed.length;
          sending.push({ index, request: toAppendStreamRequest(stream, decision.sealed, decision.actual), lastRevision });
        }
      }
      if (sending.length === 0) return results;

      try {
        await this.client.multiStreamAppend(sending.map(({ request }) => request));
      } catch (error) {
        const refusal = fromMultiAppendError(error, appends);
        if (refusal instanceof WrongExpectedRevision && attempt < attempts) continue;
        throw refusal;
      }
      // Written at exactly the state read, so each stream's last revision is known.
      for (const { index, request, lastRevision } of sending) results[index] = await this.appendedThrough(request.streamName, lastRevision);
      return results;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    if (options.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: options.fromRevision === undefined ? (direction === 'forwards' ? START : END) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const event = fromResolvedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { after, filter, maxCount } = options;
    if (maxCount === 0) return;
    let delivered = 0;
    let fromStart = false;
    for (;;) {
      try {
        // The client pages lazily underneath: breaking out early stops the read, memory stays flat.
        const read = this.client.readAll({
          direction: FORWARDS,
          fromPosition: fromStart ? START : readPositionAfter(after),
          filter: toServerFilter(filter),
        });
        for await (const resolved of read) {
          const event = fromResolvedEvent(resolved);
          if (!event || !isAfter(event.position, after) || !matchesFilter(event, filter)) continue;
          yield event;
          delivered += 1;
          if (delivered === maxCount) return;
        }
        return;
      } catch (error) {
        if (!mayBeBetweenEvents(after, delivered, fromStart)) throw error;
        fromStart = true;
      }
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const { after, filter } = options;
    return adaptSubscription(
      (fromStart) =>
        this.client.subscribeToAll({ fromPosition: fromStart ? START : readPositionAfter(after), filter: toServerFilter(filter) }),
      (resolved) => {
        const event = fromResolvedEvent(resolved);
        return event && isAfter(event.position, after) && matchesFilter(event, filter) ? event : undefined;
      },
      after,
    );
  }

  async verifyStream(stream: string): Promise<StreamVerification> {
    return verifyChain(stream, await this.readStream(stream));
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    })) {
      const event = fromResolvedEvent(resolved);
      if (event) return event.position;
    }
    return 0;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * The result of an append whose last event the server put at `revision`. The append's own
   * position is the batch's, which across server versions is not always its last event's; the
   * port promises the last event's, so read that one event back.
   */
  private async appendedThrough(stream: string, revision: number): Promise<AppendResult> {
    const [lastWritten] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    return { nextExpectedRevision: revision, position: lastWritten!.position };
  }
}

function checkAppend(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision, maxEventBytes: number): void {
  if (typeof stream !== 'string' || stream.length === 0)
    throw new TypeError('appendToStream needs a stream name, e.g. care-episode-<episodeId>');
  if (stream.startsWith('$'))
    throw new TypeError(`stream ${stream}: names starting with $ are KurrentDB's own; use <context>-<aggregate>-<id>`);
  const isValidExpected =
    expectedRevision === 'any' ||
    expectedRevision === 'no-stream' ||
    expectedRevision === 'stream-exists' ||
    (Number.isSafeInteger(expectedRevision) && expectedRevision >= 0);
  if (!isValidExpected) {
    throw new TypeError(`expectedRevision must be 'any', 'no-stream', 'stream-exists' or a revision >= 0, not ${String(expectedRevision)}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0)
      throw new TypeError(`every event appended to ${stream} needs an eventId (a UUID)`);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError(`event ${event.eventId} needs a type, e.g. EpisodeOpened`);
    if (event.metadata === null || typeof event.metadata !== 'object') {
      throw new TypeError(`event ${event.eventId} needs its metadata envelope (actor, site, correlation…)`);
    }
    if (seen.has(event.eventId))
      throw new TypeError(`event id ${event.eventId} appears twice in one append to ${stream}: give every event its own id`);
    seen.add(event.eventId);
    const bytes = encodedBytes(event);
    if (bytes > maxEventBytes) throw new EventTooLarge(event.eventId, bytes, maxEventBytes);
  }
}

function isLoose(expectedRevision: ExpectedRevision): boolean {
  return expectedRevision === 'any' || expectedRevision === 'stream-exists';
}

/**
 * What an append to a stream read as `current` comes to: the answer without writing (a retry
 * of an earlier append, or nothing to append), or its events sealed onto the stream's last one,
 * to be written at exactly the state read. Throws the port's refusal.
 */
function planAppend(
  stream: string,
  events: NewEvent[],
  expectedRevision: ExpectedRevision,
  current: RecordedEvent[],
): { result: AppendResult } | { sealed: SealedEvent[]; actual: ActualRevision } {
  const last = current.at(-1);
  const actual: ActualRevision = last ? last.revision : 'no-stream';
  const earlier = earlierAppend(stream, events, expectedRevision, current);
  if (earlier) return { result: earlier };
  if (!satisfiesExpectedRevision(expectedRevision, actual)) throw new WrongExpectedRevision(stream, expectedRevision, actual);
  if (events.length === 0) return { result: { nextExpectedRevision: last ? last.revision : -1, position: last ? last.position : 0 } };
  return { sealed: sealEvents(stream, events, last ? last.revision + 1 : 0, last ? last.metadata.hash : GENESIS_HASH), actual };
}

/**
 * The stream already holds the first event's id. A retry of an append that succeeded (same
 * ids, in order, where the same expected revision put them) gets the first result back and
 * writes nothing; any other reuse of an id is refused rather than written twice.
 */
function earlierAppend(stream: string, events: NewEvent[], expected: ExpectedRevision, current: RecordedEvent[]): AppendResult | undefined {
  if (events.length === 0) return undefined;
  const revisionOf = new Map(current.map((event) => [event.eventId, event.revision]));
  const first = revisionOf.get(events[0]!.eventId);
  if (first === undefined) return undefined;
  const isSameAppend = events.every((event, i) => revisionOf.get(event.eventId) === first + i);
  const previous: ActualRevision = first === 0 ? 'no-stream' : first - 1;
  if (isSameAppend && satisfiesExpectedRevision(expected, previous)) {
    const lastOfThem = current.find((event) => event.revision === first + events.length - 1)!;
    return { nextExpectedRevision: lastOfThem.revision, position: lastOfThem.position };
  }
  const actual: ActualRevision = current.at(-1)!.revision;
  if (!isSameAppend && !satisfiesExpectedRevision(expected, actual)) throw new WrongExpectedRevision(stream, expected, actual);
  const clash = events.find((event) => revisionOf.has(event.eventId))!;
  throw new EventIdAlreadyInStream(stream, clash.eventId, revisionOf.get(clash.eventId)!, expected);
}

function withoutCredentials(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//');
}
