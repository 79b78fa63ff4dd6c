import { type Decider, RuleBroken, decideInSequence, fold } from './decider.js';

type Counter = { count: number };
type Event = { type: 'Incremented'; data: { by: number } };
type Command = { type: 'Increment'; by: number; atMost: number };

const counter: Decider<Command, Event, Counter> = {
  initialState: { count: 0 },
  evolve: (state, event) => ({ count: state.count + event.data.by }),
  decide: (command, state) => {
    if (state.count + command.by > command.atMost) throw new RuleBroken(`would pass ${command.atMost}`, 'too-many');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
};
const now = new Date('2026-01-01T00:00:00Z');

describe('fold', () => {
  it('replays events over the initial state in order', () => {
    expect(
      fold(counter.evolve, counter.initialState, [
        { type: 'Incremented', data: { by: 2 } },
        { type: 'Incremented', data: { by: 3 } },
      ]),
    ).toEqual({ count: 5 });
  });
});

describe('deciding several commands as one', () => {
  it('lets each command see the state the earlier ones produced', () => {
    const events = decideInSequence(
      counter,
      [
        { type: 'Increment', by: 2, atMost: 5 },
        { type: 'Increment', by: 3, atMost: 5 },
      ],
      { count: 0 },
      now,
    );
    expect(events.map((e) => e.data.by)).toEqual([2, 3]);
  });

  it('refuses the whole sequence when a later command breaks a rule', () => {
    expect(() =>
      decideInSequence(
        counter,
        [
          { type: 'Increment', by: 2, atMost: 5 },
          { type: 'Increment', by: 4, atMost: 5 },
        ],
        { count: 0 },
        now,
      ),
    ).toThrow(/would pass 5/);
  });
});
