import { type Decider, type DomainEvent } from '@continuum/decider';
import { type EventStore, type RecordedEvent } from './event-store.js';
import { type FoldedAt } from './kept-folds.js';
import { type CommandEnvelope, type StepOutcome, commandStep, runCommands } from './multi-stream-command.js';

// The write path every service shares (docs/architecture/write-path.md#one-stream-runcommand), for one stream:
// read the stream, fold it, decide, append at the revision that was read. A concurrent writer
// makes the append fail; we then decide again on the newer history instead of overwriting it,
// a bounded number of times. A broken rule (RuleBroken from decide) is the caller's answer and
// passes through untouched, with nothing written. It is the one-step case of runCommands
// (multi-stream-command.ts), which does the work.

export { type CommandEnvelope } from './multi-stream-command.js';

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
  /** The stream as the caller already folded it: only the events after it are read (CommandStep's `from`). */
  from?: FoldedAt<State> & { current?: boolean };
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

export async function runCommand<Command, Event extends DomainEvent, State>(
  options: RunCommandOptions<Command, Event, State>,
): Promise<CommandResult<Event, State>> {
  const { store, stream, decider, command, now, envelope, idempotencyKey, schemaVersions, maxAttempts, from } = options;
  // A command that is itself a function would be taken for a command builder.
  const step = commandStep({ stream, decider, command: () => command, envelope, idempotencyKey, schemaVersions, from });
  const { outcomes } = await runCommands({ store, now, steps: [step], maxAttempts });
  // The step's types are this function's own type parameters, which the checker cannot see through.
  const outcome = outcomes[0] as StepOutcome<Event, State>;
  return { events: outcome.events, state: outcome.state, nextExpectedRevision: outcome.nextExpectedRevision, replayed: outcome.replayed };
}
