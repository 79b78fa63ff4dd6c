import { GENESIS_HASH, type RecordedEvent, chainHash } from '@continuum/event-store';
import { type IntegrityFinding } from './integrity-finding.js';

// One pass over the global log checks both things an auditor must trust: every stream's
// hash chain (recomputed with the hash function both store adapters write with) and the
// global order. One pass, because the port lists no streams: verifying stream by stream
// would first need a scan to find them, then a second read of every event.
//
// Memory grows with the number of streams (one hash and two numbers each), never with the
// number of events. After a finding the checker takes the event as it stands and goes on,
// so one tampered event is one finding, not a cascade down the rest of its stream.

/**
 * - `contiguous`: the store hands out positions 1, 2, 3… with no gaps of its own (the SQLite
 *   adapter: AUTOINCREMENT, and a refused append rolls its position back), so a gap is a
 *   removed event;
 * - `gapped`: positions are log offsets with gaps by nature (KurrentDB); only their order is checked.
 */
export type PositionPolicy = 'contiguous' | 'gapped';

type StreamHead = { nextRevision: number; hash: string; position: number };

export class StoreVerifier {
  private readonly streams = new Map<string, StreamHead>();
  private lastPosition: number | undefined;
  private eventCount = 0;

  constructor(private readonly positions: PositionPolicy) {}

  get eventsChecked(): number {
    return this.eventCount;
  }

  get streamsChecked(): number {
    return this.streams.size;
  }

  get lastPositionChecked(): number {
    return this.lastPosition ?? 0;
  }

  /**
   * Checks the next event of the global log; returns what is wrong with it (empty when nothing).
   * With `content: false` the event's own hash is left to someone else (contentFinding, on
   * another thread): only the ids, positions, revisions and the two hashes of `metadata` are read.
   */
  check(event: RecordedEvent, { content = true }: { content?: boolean } = {}): IntegrityFinding[] {
    this.eventCount += 1;
    const findings: IntegrityFinding[] = [];
    const found = (kind: IntegrityFinding['kind'], detail: string) =>
      findings.push({ kind, position: event.position, streamId: event.streamId, revision: event.revision, eventId: event.eventId, detail });

    const previous = this.lastPosition;
    if (previous !== undefined && event.position <= previous) {
      found('reordered', `position ${event.position} comes after position ${previous} in the global log: positions must increase`);
    } else {
      const expected = (previous ?? 0) + 1;
      if (this.positions === 'contiguous' && event.position > expected) {
        const missing = event.position - 1 === expected ? `position ${expected} is` : `positions ${expected}–${event.position - 1} are`;
        found(
          'missing-position',
          `${missing} missing from the global log before event ${event.eventId}: the store never leaves gaps, so events were removed`,
        );
      }
      this.lastPosition = event.position;
    }

    const head = this.streams.get(event.streamId) ?? { nextRevision: 0, hash: GENESIS_HASH, position: 0 };
    const { prevHash, hash } = event.metadata;
    if (event.revision < head.nextRevision) {
      found(
        'reordered',
        `revision ${event.revision} of ${event.streamId} is at position ${event.position}, after revision ${head.nextRevision - 1} at position ${head.position}: the global order and the stream's order disagree`,
      );
      if (content) this.checkContent(event, findings);
      return findings;
    }
    if (event.revision > head.nextRevision) {
      const missing =
        event.revision - 1 === head.nextRevision
          ? `revision ${head.nextRevision} is`
          : `revisions ${head.nextRevision}–${event.revision - 1} are`;
      found(
        'missing-revision',
        `${missing} missing from ${event.streamId} before event ${event.eventId} at revision ${event.revision} (removed, or moved later in the global order)`,
      );
    } else if (prevHash !== head.hash) {
      const link = event.revision === 0 ? 'the genesis hash' : `the hash of revision ${event.revision - 1}`;
      found('broken-link', `event ${event.eventId} does not point at ${link} (an event before it was altered, removed or reordered)`);
    }
    if (content) this.checkContent(event, findings);
    this.streams.set(event.streamId, { nextRevision: event.revision + 1, hash, position: event.position });
    return findings;
  }

  private checkContent(event: RecordedEvent, findings: IntegrityFinding[]): void {
    const finding = contentFinding(event);
    if (finding) findings.push(finding);
  }
}

/** Whether the event still matches the hash recorded when it was appended: an `altered` finding when not. */
export function contentFinding(event: RecordedEvent): IntegrityFinding | undefined {
  const { eventId, type, streamId, revision, data, metadata, position } = event;
  if (chainHash(metadata.prevHash, { eventId, type, streamId, revision, data, metadata }) === metadata.hash) return undefined;
  return {
    kind: 'altered',
    position,
    streamId,
    revision,
    eventId,
    detail: `event ${eventId} (${type}, revision ${revision} of ${streamId}) no longer matches the hash recorded when it was appended`,
  };
}
