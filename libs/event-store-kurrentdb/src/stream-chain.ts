import {
  chainHash,
  GENESIS_HASH,
  type NewEvent,
  type RecordedEvent,
  type RecordedMetadata,
  type StreamVerification,
} from '@continuum/event-store';

// KurrentDB stores what it is given; the chain is ours. The adapter seals events with the
// hash of the event they follow before sending them, and an auditor re-computes it here.

export type SealedEvent = { event: NewEvent; metadata: RecordedMetadata };

/** Links `events`, to be written at `firstRevision` onwards, to the event before them. */
export function sealEvents(stream: string, events: NewEvent[], firstRevision: number, prevHash: string): SealedEvent[] {
  let previous = prevHash;
  return events.map((event, i) => {
    const hash = chainHash(previous, {
      eventId: event.eventId,
      type: event.type,
      streamId: stream,
      revision: firstRevision + i,
      data: event.data ?? null,
      metadata: event.metadata,
    });
    const sealed = { event, metadata: { ...event.metadata, prevHash: previous, hash } };
    previous = hash;
    return sealed;
  });
}

/** Re-computes the chain over a whole stream, read forwards, and names the first event that no longer fits. */
export function verifyChain(stream: string, events: RecordedEvent[]): StreamVerification {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const reason = brokenLink(event, index, previous);
    if (reason)
      return { ok: false, stream, events: events.length, firstBroken: { revision: event.revision, eventId: event.eventId, reason } };
    previous = event.metadata.hash;
  }
  return { ok: true, stream, events: events.length };
}

function brokenLink(event: RecordedEvent, expectedRevision: number, previous: string): string | undefined {
  if (event.revision !== expectedRevision)
    return `expected revision ${expectedRevision} here, found ${event.revision}: an event is missing`;
  if (typeof event.metadata?.hash !== 'string') return 'the event carries no hash: it was not written through Continuum';
  if (event.metadata.prevHash !== previous)
    return 'prevHash does not match the previous event: an event before it was removed, replaced or reordered';
  const { prevHash: _p, hash: _h, ...envelope } = event.metadata;
  const recomputed = chainHash(previous, {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    data: event.data,
    metadata: envelope,
  });
  if (recomputed !== event.metadata.hash) return 'hash does not match the content: the event was altered after it was written';
  return undefined;
}
