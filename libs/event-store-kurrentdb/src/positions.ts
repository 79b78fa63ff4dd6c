import { START, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';

// The port speaks of one number per event. KurrentDB gives a (commit, prepare) pair; for every
// event written through gRPC appends the two are equal (each event commits at its own log
// position), so the commit position alone orders $all and is what we hand out.

export function toGlobalPosition(position: Position | bigint): number {
  const commit = typeof position === 'bigint' ? position : position.commit;
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`KurrentDB log position ${commit} is beyond 2^53; the port's numeric positions cannot represent it`);
  }
  return Number(commit);
}

/**
 * Where to start reading $all to see the events strictly after `after`. KurrentDB reads from a
 * position inclusively, so the caller also drops an event sitting exactly at `after`
 * (see `isAfter`).
 */
export function readPositionAfter(after: number | undefined): ReadPosition {
  if (after === undefined) return START;
  const position = BigInt(after);
  return { commit: position, prepare: position };
}

export function isAfter(position: number, after: number | undefined): boolean {
  return after === undefined || position > after;
}

/**
 * KurrentDB reads $all only from the exact start of a log record: any other number is an
 * "invalid position". The port allows any number (events strictly after it), and a caller's
 * checkpoint is normally an event's own position, so we try that first; when the server
 * refuses before anything was delivered, we read from the start and skip up to `after`:
 * slower, but the same answer.
 */
export function mayBeBetweenEvents(after: number | undefined, delivered: number, alreadyFromStart: boolean): boolean {
  return after !== undefined && after > 0 && delivered === 0 && !alreadyFromStart;
}
