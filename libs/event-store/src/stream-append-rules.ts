import { type AppendJob } from './append-preparation.js';
import { type AppendResult, EventIdAlreadyInStream, satisfiesExpectedRevision } from './event-store.js';
import { chainHash, chainHashOfParts, GENESIS_HASH } from './hash-chain.js';

// What both SQL adapters decide the same way inside their write transaction, whatever the
// database: how a retried append is recognised, and how an append's events join the stream's
// hash chain.

/** Where the stream holds an event id. */
export type StoredPlace = { revision: number; position: number };

/** An event of an append at its place in the stream, with its link in the chain. */
export type ChainedEvent = { event: AppendJob['events'][number]; revision: number; prevHash: string; hash: string };

/**
 * The stream already holds the append's first event id. A retry of an append that succeeded
 * (same ids, in order, where the same expected revision put them) gets the first result back
 * and writes nothing; anything else is refused rather than written twice.
 */
export function earlierAppendResult(job: AppendJob, placeOf: (eventId: string) => StoredPlace | undefined): AppendResult {
  const { stream, expectedRevision, events } = job;
  const at = events.map((event) => placeOf(event.eventId));
  const first = at[0] as StoredPlace;
  const isSameAppend = at.every((place, i) => place !== undefined && place.revision === first.revision + i);
  const previous = first.revision === 0 ? 'no-stream' : first.revision - 1;
  if (isSameAppend && satisfiesExpectedRevision(expectedRevision, previous)) {
    const last = at[at.length - 1] as StoredPlace;
    return { nextExpectedRevision: last.revision, position: last.position };
  }
  const clashAt = at.findIndex((place) => place !== undefined);
  throw new EventIdAlreadyInStream(stream, events[clashAt].eventId, (at[clashAt] as StoredPlace).revision, expectedRevision);
}

/** The append's events after the stream's last one (`head`, none for a new stream), each hashed onto the one before. */
export function chainedEvents(job: AppendJob, head: { revision: number; hash: string } | undefined): ChainedEvent[] {
  let prevHash = head ? head.hash : GENESIS_HASH;
  let revision = head ? head.revision + 1 : 0;
  return job.events.map((event) => {
    // The texts prepareAppend stored are the canonical data and envelope already, unless the
    // envelope carries a chain link of its own (never hashed): then the content is serialised anew.
    const hash =
      'prevHash' in event.metadata || 'hash' in event.metadata
        ? chainHash(prevHash, {
            eventId: event.eventId,
            type: event.type,
            streamId: job.stream,
            revision,
            data: event.data,
            metadata: event.metadata,
          })
        : chainHashOfParts(prevHash, {
            eventId: event.eventId,
            type: event.type,
            streamId: job.stream,
            revision,
            dataJson: event.dataJson,
            metadataJson: event.metadataJson,
          });
    const chained = { event, revision, prevHash, hash };
    prevHash = hash;
    revision += 1;
    return chained;
  });
}
