import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import { type ExpectedRevision } from '@continuum/event-store';

/** What the stream holds now: the revision of its last event, or nothing yet. */
export type ActualRevision = number | 'no-stream';

export function toAppendStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/**
 * The adapter always appends with the exact state it read, never ANY: the hash chain links
 * each event to the one before it, so the server must refuse the write if anyone slipped an
 * event in between the read and the append.
 */
export function exactStreamState(actual: ActualRevision): AppendStreamState {
  return actual === 'no-stream' ? NO_STREAM : BigInt(actual);
}

export function fromCurrentStreamState(current: CurrentStreamState): ActualRevision {
  // Deleted (-5) and tombstoned (-6) streams hold nothing a caller could append after.
  return current === NO_STREAM || current < 0n ? 'no-stream' : Number(current);
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError;
}
