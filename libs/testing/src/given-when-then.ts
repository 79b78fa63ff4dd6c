import { type Decider, type DomainEvent, RuleBroken, fold } from '@continuum/decider';

/**
 * given(events).when(command).then(events) — a decider spec that reads like the rule it
 * checks. `now` defaults to a fixed instant so that specs never depend on the wall clock.
 *
 *   const spec = deciderSpec(ledger);
 *   it('refuses a change from a level the client is not at', () =>
 *     spec.given(opened({ level: '2.1' })).when(changeLevel({ from: '3.5' })).thenThrows(/not at 3.5/));
 */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? ReadonlyArray<DeepPartial<Item>>
  : T extends object
    ? { [Key in keyof T]?: DeepPartial<T[Key]> }
    : T;

export const DEFAULT_NOW = new Date('2026-01-15T09:00:00.000Z');

export type DeciderSpecOptions<C> = {
  /** The instant a command is decided at when a spec gives none (DEFAULT_NOW unless this says otherwise). */
  nowOf?: (command: C) => Date;
};

export function deciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, options: DeciderSpecOptions<C> = {}) {
  const nowOf = options.nowOf ?? (() => DEFAULT_NOW);
  return {
    given(...history: E[]) {
      const state = fold(decider.evolve, decider.initialState, history);
      return {
        state,
        when(command: C, now: Date = nowOf(command)) {
          const run = () => decider.decide(command, state, now);
          return {
            then(...expected: E[]) {
              expect(run()).toEqual(expected);
            },
            /** Partial match on each produced event (jest's toMatchObject), for events with many fields. */
            thenMatches(...expected: Array<{ type: E['type']; data?: DeepPartial<E['data']> }>) {
              const events = run();
              expect(events).toHaveLength(expected.length);
              expected.forEach((e, i) => expect(events[i]).toMatchObject(e));
            },
            thenNothingHappens() {
              expect(run()).toEqual([]);
            },
            thenThrows(message: RegExp | string, code?: string) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(RuleBroken);
              expect((thrown as RuleBroken).message).toMatch(message);
              if (code) expect((thrown as RuleBroken).code).toBe(code);
            },
            /** The events, for assertions the helpers above do not cover. */
            events: () => run(),
          };
        },
      };
    },
  };
}
