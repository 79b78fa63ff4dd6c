// The shape every bounded context gives its rules: pure functions over plain data.
// `decide` turns a command and the current state into the events that follow from it
// (or refuses with RuleBroken); `evolve` folds one event into the state. The clock is an
// input, never read inside, so a rule behaves the same in a test, a replay and production.

export type DomainEvent<Type extends string = string, Data = unknown> = { type: Type; data: Data };

export type Decider<Command, Event extends DomainEvent, State> = {
  decide(command: Command, state: State, now: Date): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
};

/**
 * A business rule the command would break. The message is for the person who sent the
 * command: it says what is wrong and what to do instead. Maps to HTTP 422.
 */
export class RuleBroken extends Error {
  override readonly name = 'RuleBroken';
  constructor(
    message: string,
    /** A stable, machine-readable code, e.g. `safety-hold`; becomes part of the problem type. */
    readonly code = 'rule-broken',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function fold<Event extends DomainEvent, State>(
  evolve: (state: State, event: Event) => State,
  initialState: State,
  events: readonly Event[],
): State {
  return events.reduce(evolve, initialState);
}

/**
 * Decide several commands as one: each sees the state the previous ones left, and the
 * events of all of them are appended together (all or nothing). For an API call that is
 * one act to its user but several steps to the rules (a referral and its registration).
 */
export function decideInSequence<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  commands: readonly Command[],
  state: State,
  now: Date,
): Event[] {
  const events: Event[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decider.decide(command, current, now);
    current = fold(decider.evolve, current, decided);
    events.push(...decided);
  }
  return events;
}
