import { AppendRecordSizeExceededError, type AppendStreamRequest } from '@kurrent/kurrentdb-client';
import { EventTooLarge, type StreamAppend, WrongExpectedRevision } from '@continuum/event-store';
import { toFlatEventData } from './event-encoding.js';
import { exactStreamState, fromCurrentStreamState, isWrongExpectedVersion, type ActualRevision } from './expected-revision.js';
import { type SealedEvent } from './stream-chain.js';

// appendToStreams on KurrentDB: the client's multiStreamAppend (KurrentDB 25.1 and later)
// writes every stream's events in one transaction, each at the state the adapter read.
// It takes metadata only as flat strings: see toFlatEventData.

/** One stream's part of the transaction: its sealed events, at exactly the state that was read. */
export function toAppendStreamRequest(stream: string, sealed: SealedEvent[], actual: ActualRevision): AppendStreamRequest {
  return {
    streamName: stream,
    events: sealed.map(({ event, metadata }) => toFlatEventData(event, metadata)),
    expectedState: exactStreamState(actual),
  };
}

/** gRPC's UNIMPLEMENTED: a server before 25.1 has no multi-stream append. */
const UNIMPLEMENTED = 12;

/** The port's error for what the server refused; anything it does not know passes through. */
export function fromMultiAppendError(error: unknown, appends: StreamAppend[]): unknown {
  if (isWrongExpectedVersion(error)) {
    const refused = appends.find((append) => append.stream === error.streamName);
    // The adapter sends the state it read, so what the caller expected is the caller's own.
    return new WrongExpectedRevision(
      error.streamName,
      refused ? refused.expectedRevision : 'any',
      fromCurrentStreamState(error.actualState),
    );
  }
  if (error instanceof AppendRecordSizeExceededError) return new EventTooLarge(error.recordId, error.size, error.maxSize);
  if (error instanceof Error && (error as { code?: unknown }).code === UNIMPLEMENTED) {
    return new Error(
      `appendToStreams needs KurrentDB 25.1 or later (multi-stream append), and this server does not offer it: upgrade the server (${error.message})`,
      { cause: error },
    );
  }
  return error;
}
