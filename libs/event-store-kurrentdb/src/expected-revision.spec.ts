import { satisfiesExpectedRevision } from '@continuum/event-store';
import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { exactStreamState, fromCurrentStreamState, isWrongExpectedVersion, toAppendStreamState } from './expected-revision.js';

describe('expected revision, between the port and KurrentDB', () => {
  it("maps the port's expectations to the client's stream states", () => {
    expect(toAppendStreamState('any')).toBe(ANY);
    expect(toAppendStreamState('no-stream')).toBe(NO_STREAM);
    expect(toAppendStreamState('stream-exists')).toBe(STREAM_EXISTS);
    expect(toAppendStreamState(7)).toBe(7n);
  });

  it('appends at exactly the state it read, so a concurrent writer makes the server refuse', () => {
    expect(exactStreamState('no-stream')).toBe(NO_STREAM);
    expect(exactStreamState(0)).toBe(0n);
    expect(exactStreamState(41)).toBe(41n);
  });

  it("reports the server's actual revision the way the port does", () => {
    expect(fromCurrentStreamState(NO_STREAM)).toBe('no-stream');
    expect(fromCurrentStreamState(12n)).toBe(12);
    expect(fromCurrentStreamState(-5n)).toBe('no-stream');
  });

  it.each([
    ['any', 'no-stream', true],
    ['any', 3, true],
    ['no-stream', 'no-stream', true],
    ['no-stream', 0, false],
    ['stream-exists', 'no-stream', false],
    ['stream-exists', 0, true],
    [2, 2, true],
    [2, 3, false],
    [0, 'no-stream', false],
  ] as const)('expecting %p of a stream at %p is %p', (expected, actual, accepted) => {
    expect(satisfiesExpectedRevision(expected, actual)).toBe(accepted);
  });

  it("recognises the client's conflict error and nothing else", () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    expect(conflict.actualState).toBe(2n);
    expect(isWrongExpectedVersion(new Error('wrong expected version'))).toBe(false);
  });
});
