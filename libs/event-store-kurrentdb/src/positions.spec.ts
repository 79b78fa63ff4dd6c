import { START } from '@kurrent/kurrentdb-client';
import { isAfter, mayBeBetweenEvents, readPositionAfter, toGlobalPosition } from './positions.js';

describe('global positions, between the port and KurrentDB', () => {
  it("hands out the commit position as the event's global position", () => {
    expect(toGlobalPosition({ commit: 4096n, prepare: 4096n })).toBe(4096);
    expect(toGlobalPosition(812n)).toBe(812);
  });

  it('refuses a position the port cannot represent exactly rather than rounding it', () => {
    expect(() => toGlobalPosition(2n ** 60n)).toThrow(/beyond 2\^53/);
  });

  it('reads from the start when no position is given', () => {
    expect(readPositionAfter(undefined)).toBe(START);
  });

  it('reads from the given position and drops the event sitting exactly on it', () => {
    expect(readPositionAfter(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(isAfter(4096, 4096)).toBe(false);
    expect(isAfter(4097, 4096)).toBe(true);
    expect(isAfter(0, undefined)).toBe(true);
  });

  it('falls back to reading from the start only when a given position was refused before anything was delivered', () => {
    expect(mayBeBetweenEvents(4095, 0, false)).toBe(true);
    expect(mayBeBetweenEvents(undefined, 0, false)).toBe(false);
    expect(mayBeBetweenEvents(0, 0, false)).toBe(false);
    expect(mayBeBetweenEvents(4095, 3, false)).toBe(false);
    expect(mayBeBetweenEvents(4095, 0, true)).toBe(false);
  });
});
