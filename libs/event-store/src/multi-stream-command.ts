import { randomUUID } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { type Decider, type DomainEvent, fold } from '@continuum/decider';
import {
  type Actor,
  type AppendResult,
  EventIdAlreadyInStream,
  type EventEnvelope,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevision,
} from './event-store.js';
import { deterministicEventId } from './event-ids.js';
import { type FoldedAt } from './kept-folds.js';

// The write path every service shares (docs/architecture/write-path.md#several-streams-runcommands),
// for a command that
// touches one stream or several: read every stream, fold each, decide each step, and append
// what all of them decided as ONE unit (appendToStreams), each stream at the revision that was
// read. Every rule of every step is checked before anything is written, so a refusal anywhere
// (RuleBroken from a decider or an envelope) passes through untouched with nothing written
// anywhere. A concurrent writer on any of the streams makes the append fail; we then read and
// decide everything again on the newer history instead of overwriting it, a bounded number of
// times. `runCommand` (command-runner.ts) is the one-step case.

/** Who asks, where, and why: copied onto every event the command appends. */
export type CommandEnvelope = {
  clientId?: string;
  siteId: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
};

/** What a step decided, as the steps after it see it (nothing is appended yet when they are decided). */
export type StepDecision<Event extends DomainEvent = DomainEvent, State = unknown> = {
  stream: string;
  /** The events this step decides now or, when replayed, the ones its first run appended. */
  events: Event[];
  /** The stream's state right after those events. */
  state: State;
  /**
   * The stream's whole history as read in this attempt, with this step's new events: the same
   * as `state` unless the step replayed, when later events (a revocation copied since) count.
   */
  current: State;
  replayed: boolean;
};

/** One stream's part of a command: its decider, command and envelope, as runCommand takes them. */
export type CommandStep<Command, Event extends DomainEvent, State> = {
  stream: string;
  decider: Decider<Command, Event, State>;
  /** The command, or built from this stream's state and what the steps before this one decided. */
  command: Command | ((state: State, before: readonly StepDecision[]) => Command);
  /**
   * Or a function of the stream's state (and of what the steps before this one decided), for
   * what is known only once it is read: the client's site, and whether the caller may act
   * there (it may throw to refuse).
   */
  envelope: CommandEnvelope | ((state: State, before: readonly StepDecision[]) => CommandEnvelope);
  /** The request's Idempotency-Key: a retry with the same key appends nothing to this stream and gets the first answer. */
  idempotencyKey?: string;
  /** Schema version per event type; 1 when not listed. */
  schemaVersions?: Partial<Record<Event['type'], number>>;
  /**
   * The stream as the caller already folded it up to a revision (-1: before its first event),
   * so that only the events after that revision are read and folded on from its state. With
   * `current`, it is what the caller read for this very command and decided other steps on:
   * the first attempt reads nothing and the append expects the stream to end there, so a
   * writer since fails it (a retry reads what followed; a caller whose other steps depend on
   * this read takes `maxAttempts: 1` and reads again itself).
   */
  from?: FoldedAt<State> & { current?: boolean };
};

export type StepOutcome<Event extends DomainEvent = DomainEvent, State = unknown> = {
  stream: string;
  /** The events this step appended or, on a replay, the ones its first run appended. */
  events: RecordedEvent<Event['data']>[];
  /** The state right after those events. */
  state: State;
  /** Revision of the last of those events (-1 when nothing was ever written): the next expected revision. */
  nextExpectedRevision: number;
  /** True when an earlier run with the same Idempotency-Key answered for this stream, and nothing was decided again. */
  replayed: boolean;
};

declare const outcomeType: unique symbol;

/** A step as runCommands takes it: made by `commandStep`, which checks its types and keeps them for the outcome. */
export type AnyCommandStep = CommandStep<unknown, DomainEvent, unknown> & { readonly [outcomeType]?: StepOutcome };

// Only a bound: a step's own types are read off its decider (below).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SomeDecider = Decider<any, any, any>;

/**
 * The step that `decider` takes. Inferring the whole decider first, rather than Command,
 * Event and State from every property at once, lets a command builder return a literal
 * (`(state) => ({ type: 'Leave', … })`) without widening its `type` to string.
 */
export type CommandStepFor<D> =
  D extends Decider<infer Command, infer Event extends DomainEvent, infer State> ? CommandStep<Command, Event, State> : never;

/** A step whose outcome is typed: its `outcomes[i]` of runCommands is a StepOutcome<Event, State>. */
export type TypedCommandStep<Event extends DomainEvent, State> = AnyCommandStep & { readonly [outcomeType]?: StepOutcome<Event, State> };

type TypedStepOf<D> =
  D extends Decider<infer _Command, infer Event extends DomainEvent, infer State> ? TypedCommandStep<Event, State> : AnyCommandStep;

/** Checks one step's decider, command and envelope against each other; runCommands takes the result. */
export function commandStep<D extends SomeDecider>(step: CommandStepFor<D> & { decider: D }): TypedStepOf<D> {
  return step as unknown as TypedStepOf<D>;
}

type OutcomeOf<Step> = Step extends { readonly [outcomeType]?: infer Outcome } ? NonNullable<Outcome> : StepOutcome;

export type RunCommandsOptions<Steps extends readonly AnyCommandStep[]> = {
  store: EventStore;
  /** From the clock port; becomes `occurredAt` of every event. */
  now: Date;
  /** At most one step per stream; decided in this order. */
  steps: Steps;
  /** Reads and decisions before a concurrency conflict is given up on. Default 3. */
  maxAttempts?: number;
};

export type CommandsResult<Steps extends readonly AnyCommandStep[]> = {
  /** One per step, in the order of the steps. */
  outcomes: { -readonly [Index in keyof Steps]: OutcomeOf<Steps[Index]> };
  /** True when nothing was appended and every step with an Idempotency-Key was answered by its first run. */
  replayed: boolean;
};

const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * How a command ended, for the metrics (docs/architecture/observability.md#metrics): `accepted`
 * (appended, or answered by its first run), `refused` (a rule, RuleBroken), `conflict`
 * (concurrent writers outlasted every attempt), `failed` (anything else: a 403 from an
 * envelope, a store error).
 */
export type CommandOutcomeKind = 'accepted' | 'refused' | 'conflict' | 'failed';

/** Published on COMMAND_OUTCOMES once per runCommands/runCommand: the store it ran on, its commands' types, how it ended. */
export type CommandOutcomeMessage = { store: EventStore; commands: string[]; outcome: CommandOutcomeKind };

/**
 * A diagnostics channel (node:diagnostics_channel): the platform subscribes to count outcomes
 * per command type, and this package depends on no metrics library. Publishing costs nothing
 * while nobody subscribes.
 */
export const COMMAND_OUTCOMES = channel('continuum:command-outcome');

/**
 * A command's `type` when it is a plain name (a label value must never carry data), else
 * `other`; a batch of commands decided as one (decideInSequence) is its types joined by `+`.
 */
function commandTypeOf(command: unknown): string {
  if (Array.isArray(command)) return command.length === 0 ? 'none' : [...new Set(command.map(commandTypeOf))].join('+');
  const type = (command as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(type) ? type : 'other';
}

function outcomeOfError(error: unknown): CommandOutcomeKind {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return name === 'RuleBroken' ? 'refused' : error instanceof WrongExpectedRevision ? 'conflict' : 'failed';
}

/** A step's stream as one attempt read it: the events after `from` (all of them without it). */
type StreamRead = { from?: FoldedAt<unknown>; events: RecordedEvent[] };

type Decided = {
  decision: StepDecision;
  /** The events to append; none for a replayed step or an empty decision. */
  newEvents: NewEvent[];
  /** Revision of the stream's last event when it was read, -1 for no stream. */
  lastRevision: number;
  /** Through the replayed events, for a replay. */
  replayedEvents?: RecordedEvent[];
};

export async function runCommands<const Steps extends readonly AnyCommandStep[]>(
  options: RunCommandsOptions<Steps>,
): Promise<CommandsResult<Steps>> {
  if (!COMMAND_OUTCOMES.hasSubscribers) return runCommandsOnce(options);
  // The types of the commands as decided (a command built from state has its type only then).
  const commands = new Map<number, string>();
  const publish = (outcome: CommandOutcomeKind) => {
    const types = options.steps.map(
      (step, index) => commands.get(index) ?? (typeof step.command === 'function' ? 'other' : commandTypeOf(step.command)),
    );
    COMMAND_OUTCOMES.publish({ store: options.store, commands: types, outcome } satisfies CommandOutcomeMessage);
  };
  try {
    const result = await runCommandsOnce(options, (index, command) => commands.set(index, commandTypeOf(command)));
    publish('accepted');
    return result;
  } catch (error) {
    publish(outcomeOfError(error));
    throw error;
  }
}

async function runCommandsOnce<const Steps extends readonly AnyCommandStep[]>(
  options: RunCommandsOptions<Steps>,
  decidedCommand?: (index: number, command: unknown) => void,
): Promise<CommandsResult<Steps>> {
  const { store, now, steps } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${maxAttempts}`);
  const streams = new Set<string>();
  for (const { stream } of steps) {
    if (streams.has(stream))
      throw new TypeError(`stream ${stream} is in two steps of one command: decide both in one step (decideInSequence)`);
    streams.add(stream);
  }

  // A step with an Idempotency-Key that starts from a fold cannot see whether the key's
  // earlier answer lies before it; if anything but a plain new decision comes of the attempt
  // (a refusal, nothing decided, an id the stream holds), the attempt is run again from the
  // streams' start, where a repeat is found and answered as it always was.
  const foldMayHideAnAnswer = steps.some((step) => step.from !== undefined && step.idempotencyKey !== undefined);
  let fromStart = false;
  for (let attempt = 1; ;) {
    const reads = await Promise.all(steps.map((step) => readFor(store, step, fromStart, attempt === 1)));
    const mayRetryFromStart = foldMayHideAnAnswer && !fromStart;
    const decided: Decided[] = [];
    try {
      for (const [index, step] of steps.entries()) {
        decided.push(
          decideStep(
            step,
            reads[index]!,
            now,
            decided.map((d) => d.decision),
            decidedCommand && ((command) => decidedCommand(index, command)),
          ),
        );
      }
    } catch (error) {
      if (!mayRetryFromStart) throw error;
      fromStart = true;
      continue;
    }
    const decidedNothingFromFold = (d: Decided, index: number) =>
      d.newEvents.length === 0 && !d.decision.replayed && steps[index]!.from !== undefined && steps[index]!.idempotencyKey !== undefined;
    if (mayRetryFromStart && decided.some(decidedNothingFromFold)) {
      fromStart = true;
      continue;
    }

    const writing = decided.filter((d) => d.newEvents.length > 0);
    let appended: AppendResult[];
    try {
      appended = await appendTogether(store, writing.length === 0 ? [] : decided);
    } catch (error) {
      if (error instanceof EventIdAlreadyInStream && mayRetryFromStart) {
        fromStart = true;
        continue;
      }
      if (error instanceof WrongExpectedRevision && attempt < maxAttempts) {
        attempt++;
        continue;
      }
      throw error;
    }

    const outcomes = await Promise.all(decided.map((d, index) => outcomeOf(store, d, appended[index])));
    const replayed =
      writing.length === 0 &&
      decided.some((d) => d.decision.replayed) &&
      steps.every((step, i) => step.idempotencyKey === undefined || decided[i]!.decision.replayed);
    return { outcomes: outcomes as CommandsResult<Steps>['outcomes'], replayed };
  }
}

/** The step's stream from its start, or only what follows the caller's fold (nothing, on a first attempt from a current one). */
async function readFor(store: EventStore, step: AnyCommandStep, fromStart: boolean, firstAttempt: boolean): Promise<StreamRead> {
  const { from } = step;
  if (fromStart || from === undefined) return { events: await store.readStream(step.stream) };
  if (from.current && firstAttempt) return { from, events: [] };
  return { from, events: await store.readStream(step.stream, { fromRevision: from.revision + 1 }) };
}

function decideStep(
  step: AnyCommandStep,
  { from, events: history }: StreamRead,
  now: Date,
  before: readonly StepDecision[],
  decidedCommand?: (command: unknown) => void,
): Decided {
  const { stream, decider, idempotencyKey } = step;
  const lastRevision = history.at(-1)?.revision ?? from?.revision ?? -1;
  const earlier = idempotencyKey === undefined ? undefined : earlierAnswer(history, idempotencyKey, stream);
  if (earlier) {
    const state = foldRecorded(decider, history.slice(0, history.indexOf(earlier.at(-1)!) + 1), from);
    // A replay answers only a caller who could have sent the command now.
    resolveEnvelope(step.envelope, state, before);
    const events = earlier.map((event) => ({ type: event.type, data: event.data }));
    return {
      decision: { stream, events, state, current: foldRecorded(decider, history, from), replayed: true },
      newEvents: [],
      lastRevision,
      replayedEvents: earlier,
    };
  }

  const state = foldRecorded(decider, history, from);
  const envelope = resolveEnvelope(step.envelope, state, before);
  const command =
    typeof step.command === 'function'
      ? (step.command as (state: unknown, before: readonly StepDecision[]) => unknown)(state, before)
      : step.command;
  decidedCommand?.(command);
  const events = decider.decide(command, state, now);
  const newEvents = events.map((event, index) => toNewEvent(event, index, envelope, { ...step, now }));
  const after = fold(decider.evolve, state, events);
  return { decision: { stream, events, state: after, current: after, replayed: false }, newEvents, lastRevision };
}

/**
 * One stream's events go through appendToStream (any server takes it); several steps, through
 * one appendToStreams in which a step that writes nothing (it replayed, or decided nothing)
 * still takes part with no events: the later steps decided on what it held, so a concurrent
 * change to it must fail the unit and have everything decided again.
 */
async function appendTogether(store: EventStore, steps: Decided[]): Promise<AppendResult[]> {
  const parts = steps.map(({ decision, newEvents, lastRevision }) => ({
    stream: decision.stream,
    events: newEvents,
    expectedRevision: (lastRevision === -1 ? 'no-stream' : lastRevision) as ExpectedRevision,
  }));
  if (parts.length === 1)
    return [await store.appendToStream(parts[0]!.stream, parts[0]!.events, { expectedRevision: parts[0]!.expectedRevision })];
  return parts.length > 1 ? store.appendToStreams(parts) : [];
}

/** A step's answer: its new events as the append recorded them when the store says, else read back. */
async function outcomeOf(
  store: EventStore,
  { decision, newEvents, lastRevision, replayedEvents }: Decided,
  appended: AppendResult | undefined,
): Promise<StepOutcome> {
  const { stream, state, replayed } = decision;
  if (replayedEvents) return { stream, events: replayedEvents, state, nextExpectedRevision: replayedEvents.at(-1)!.revision, replayed };
  if (newEvents.length === 0) return { stream, events: [], state, nextExpectedRevision: lastRevision, replayed };
  const recorded =
    appended?.recorded?.length === newEvents.length
      ? appended.recorded
      : await store.readStream(stream, { fromRevision: lastRevision + 1, maxCount: newEvents.length });
  return { stream, events: recorded, state, nextExpectedRevision: lastRevision + newEvents.length, replayed };
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

/** The stream's state after `history`, folded on from `from` (the decider's initial state without it). */
function foldRecorded<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  history: RecordedEvent[],
  from?: FoldedAt<unknown>,
): State {
  return fold(
    decider.evolve,
    from === undefined ? decider.initialState : (from.state as State),
    history.map((event) => ({ type: event.type, data: event.data }) as Event),
  );
}

function resolveEnvelope<State>(
  envelope: CommandEnvelope | ((state: State, before: readonly StepDecision[]) => CommandEnvelope),
  state: State,
  before: readonly StepDecision[] = [],
): CommandEnvelope {
  return typeof envelope === 'function' ? envelope(state, before) : envelope;
}

function toNewEvent<Event extends DomainEvent>(
  event: Event,
  index: number,
  envelope: CommandEnvelope,
  {
    stream,
    now,
    idempotencyKey,
    schemaVersions,
  }: { stream: string; now: Date; idempotencyKey?: string; schemaVersions?: Partial<Record<Event['type'], number>> },
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
