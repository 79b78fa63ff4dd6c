import { type ExpectedRevision } from '../event-store.js';

/**
 * The append reuses an event id the stream already holds, at a place where it is not a retry
 * of the earlier append (a retry repeats the same ids at the same expected revision and is
 * a no-op). Writing it again would put the same event twice in the legal history.
 */
export class EventIdAlreadyInStream extends Error {
  override readonly name = 'EventIdAlreadyInStream';
  constructor(
    readonly stream: string,
    readonly eventId: string,
    /** Where the stream already holds that id. */
    readonly revision: number,
    readonly expected: ExpectedRevision,
  ) {
    super(
      `stream ${stream} already holds event ${eventId} at revision ${revision}, so this append (expected revision ${String(expected)}) ` +
        `is not a retry of the one that wrote it: retry with the first attempt's expected revision, or give new events new ids`,
    );
  }
}
