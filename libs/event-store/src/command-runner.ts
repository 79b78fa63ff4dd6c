import { randomUUID } from 'node:crypto';
import { type Decider, type DomainEvent, fold } from '#continuum/decider';
import { type Actor, type EventEnvelope, type EventStore, type NewEvent, type RecordedEvent, WrongExpectedRevision } from './event-store.js';
import { deterministicEventId } from './event-ids.js';

// The write path every service shares (ARCHITECTURE.md "The write path"): read the stream,
// fold it, decide, append at the revision that was read. A concurrent writer makes the
// append fail; we then decide again on the newer history instead of overwriting it, a
// bounded number of times. A broken rule (RuleBroken from decide) is the caller's answer
// and passes through untouched, with nothing written.

/** Who asks, where, and why: copied onto every event the command appends. */
export type CommandEnvelope = {
  clientId?: string;
  siteId: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
};

export type RunCommandOptions<Command, Event extends DomainEvent, State> = {
  store: EventStore;
  stream: string;
  decider: Decider<Command, Event, State>;
  command: Command;
  /** From the clock port; becomes `occurredAt` of every event. */
  now: Date;
  /**
   * Or a function of the current state, for what is known only once the stream is read: the
   * client's site, and whether the caller may act there (it may throw to refuse).
   */
  envelope: CommandEnvelope | ((state: State) => CommandEnvelope);
  /** The request's Idempotency-Key: a retry with the same key appends nothing and gets the first answer. */
  idempotencyKey?: string;
  /** Schema version per event type; 1 when not listed. */
  schemaVersions?: Partial<Record<Event['type'], number>>;
  /** Reads and decisions before a concurrency conflict is given up on. Default 3. */
  maxAttempts?: number;
};

export type CommandResult<Event extends DomainEvent, State> = {
  /** The events this command appended or, on a replay, the ones its first run appended. */
  events: RecordedEvent<Event['data']>[];
  /** The state right after those events. */
  state: State;
  /** Revision of the last of those events (-1 when nothing was ever written): the next expected revision. */
  nextExpectedRevision: number;
  /** True when an earlier run with the same Idempotency-Key answered, and nothing was decided again. */
  replayed: boolean;
};

const DEFAULT_MAX_ATTEMPTS = 3;

export async function runCommand<Command, Event extends DomainEvent, State>(
  options: RunCommandOptions<Command, Event, State>,
): Promise<CommandResult<Event, State>> {
  const { store, stream, decider, command, now, idempotencyKey } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${maxAttempts}`);

  for (let attempt = 1; ; attempt++) {
    const history = (await store.readStream(stream)) as RecordedEvent<Event['data']>[];
    const earlier = idempotencyKey === undefined ? undefined : earlierAnswer(history, idempotencyKey, stream);
    if (earlier) {
      const throughEarlier = history.slice(0, earlier.at(-1)!.revision + 1);
      const state = foldRecorded(decider, throughEarlier);
      // A replay answers only a caller who could have sent the command now.
      resolveEnvelope(options.envelope, state);
      return { events: earlier, state, nextExpectedRevision: earlier.at(-1)!.revision, replayed: true };
    }

    const state = foldRecorded(decider, history);
    const envelope = resolveEnvelope(options.envelope, state);
    const decided = decider.decide(command, state, now);
    const lastRevision = history.at(-1)?.revision ?? -1;
    if (decided.length === 0) return { events: [], state, nextExpectedRevision: lastRevision, replayed: false };

    const newEvents = decided.map((event, index) => toNewEvent(event, index, envelope, options));
    try {
      await store.appendToStream(stream, newEvents, { expectedRevision: lastRevision === -1 ? 'no-stream' : lastRevision });
    } catch (error) {
      if (error instanceof WrongExpectedRevision && attempt < maxAttempts) continue;
      throw error;
    }
    const appended = (await store.readStream(stream, { fromRevision: lastRevision + 1, maxCount: newEvents.length })) as RecordedEvent<Event['data']>[];
    return { events: appended, state: fold(decider.evolve, state, decided), nextExpectedRevision: lastRevision + decided.length, replayed: false };
  }
}

/** The events a run with this key appended: they carry the ids derived from it, in order, from index 0. */
function earlierAnswer<Data>(history: RecordedEvent<Data>[], idempotencyKey: string, stream: string): RecordedEvent<Data>[] | undefined {
  const start = history.findIndex((event) => event.eventId === deterministicEventId(idempotencyKey, stream, 0));
  if (start === -1) return undefined;
  const answer: RecordedEvent<Data>[] = [];
  for (let i = start; i < history.length && history[i]!.eventId === deterministicEventId(idempotencyKey, stream, answer.length); i++) {
    answer.push(history[i]!);
  }
  return answer;
}

function foldRecorded<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, history: RecordedEvent[]): State {
  return fold(
    decider.evolve,
    decider.initialState,
    history.map((event) => ({ type: event.type, data: event.data }) as Event),
  );
}

function resolveEnvelope<State>(envelope: CommandEnvelope | ((state: State) => CommandEnvelope), state: State): CommandEnvelope {
  return typeof envelope === 'function' ? envelope(state) : envelope;
}

function toNewEvent<Command, Event extends DomainEvent, State>(
  event: Event,
  index: number,
  envelope: CommandEnvelope,
  { stream, now, idempotencyKey, schemaVersions }: RunCommandOptions<Command, Event, State>,
): NewEvent {
  const metadata: EventEnvelope = {
    schemaVersion: schemaVersions?.[event.type as Event['type']] ?? 1,
    ...(envelope.clientId === undefined ? {} : { clientId: envelope.clientId }),
    siteId: envelope.siteId,
    actor: envelope.actor,
    occurredAt: now.toISOString(),
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
  };
  return {
    eventId: idempotencyKey === undefined ? randomUUID() : deterministicEventId(idempotencyKey, stream, index),
    type: event.type,
    data: event.data,
    metadata,
  };
}
