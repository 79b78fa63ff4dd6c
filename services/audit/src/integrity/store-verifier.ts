import {
  GENESIS_HASH,
  type RecordedEvent,
  type StoredEventRowAt,
  chainHash,
  chainHashOfParts,
  recordedEventOf,
} from '@continuum/event-store';
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

/** What a stream's next event must link to: the revision it must have, the hash it must point at. */
export type StreamHead = { nextRevision: number; hash: string; position: number };

/** The head of a stream before its first event. */
export const STREAM_START: StreamHead = { nextRevision: 0, hash: GENESIS_HASH, position: 0 };

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
    const previous = this.lastPosition;
    if (previous !== undefined && event.position <= previous) {
      findings.push(
        findingAt(
          event,
          'reordered',
          `position ${event.position} comes after position ${previous} in the global log: positions must increase`,
        ),
      );
    } else {
      const gap = positionGap(this.positions, previous ?? 0, event);
      if (gap) findings.push(gap);
      this.lastPosition = event.position;
    }
    const next = checkLink(this.streams.get(event.streamId) ?? STREAM_START, event, findings, content);
    if (next) this.streams.set(event.streamId, next);
    return findings;
  }
}

/** The finding for positions missing between `previous` and the event (contiguous stores only), if any. */
export function positionGap(
  positions: PositionPolicy,
  previous: number,
  event: Pick<RecordedEvent, 'position' | 'streamId' | 'revision' | 'eventId'>,
): IntegrityFinding | undefined {
  const expected = previous + 1;
  if (positions !== 'contiguous' || event.position <= expected) return undefined;
  const missing = event.position - 1 === expected ? `position ${expected} is` : `positions ${expected}–${event.position - 1} are`;
  return findingAt(
    event,
    'missing-position',
    `${missing} missing from the global log before event ${event.eventId}: the store never leaves gaps, so events were removed`,
  );
}

/**
 * Checks one event against the head of its stream, as the stream's events come in global
 * order: pushes onto `findings` what is wrong with its place in the chain (and, with `content`,
 * its own hash), and returns the stream's new head, or undefined when the event comes before
 * its place (the head then stays). Only this stream's events matter, so streams can be checked
 * apart (stream-chains.ts) with the very findings one pass over the whole log gives.
 */
export function checkLink(head: StreamHead, event: RecordedEvent, findings: IntegrityFinding[], content: boolean): StreamHead | undefined {
  const { prevHash, hash } = event.metadata;
  if (event.revision < head.nextRevision) {
    findings.push(
      findingAt(
        event,
        'reordered',
        `revision ${event.revision} of ${event.streamId} is at position ${event.position}, after revision ${head.nextRevision - 1} at position ${head.position}: the global order and the stream's order disagree`,
      ),
    );
    if (content) checkContent(event, findings);
    return undefined;
  }
  if (event.revision > head.nextRevision) {
    const missing =
      event.revision - 1 === head.nextRevision
        ? `revision ${head.nextRevision} is`
        : `revisions ${head.nextRevision}–${event.revision - 1} are`;
    findings.push(
      findingAt(
        event,
        'missing-revision',
        `${missing} missing from ${event.streamId} before event ${event.eventId} at revision ${event.revision} (removed, or moved later in the global order)`,
      ),
    );
  } else if (prevHash !== head.hash) {
    const link = event.revision === 0 ? 'the genesis hash' : `the hash of revision ${event.revision - 1}`;
    findings.push(
      findingAt(
        event,
        'broken-link',
        `event ${event.eventId} does not point at ${link} (an event before it was altered, removed or reordered)`,
      ),
    );
  }
  if (content) checkContent(event, findings);
  return { nextRevision: event.revision + 1, hash, position: event.position };
}

function checkContent(event: RecordedEvent, findings: IntegrityFinding[]): void {
  const finding = contentFinding(event);
  if (finding) findings.push(finding);
}

function findingAt(
  event: Pick<RecordedEvent, 'position' | 'streamId' | 'revision' | 'eventId'>,
  kind: IntegrityFinding['kind'],
  detail: string,
): IntegrityFinding {
  return { kind, position: event.position, streamId: event.streamId, revision: event.revision, eventId: event.eventId, detail };
}

/** Whether the event still matches the hash recorded when it was appended: an `altered` finding when not. */
export function contentFinding(event: RecordedEvent): IntegrityFinding | undefined {
  const { eventId, type, streamId, revision, data, metadata } = event;
  if (chainHash(metadata.prevHash, { eventId, type, streamId, revision, data, metadata }) === metadata.hash) return undefined;
  return alteredFinding(event);
}

/** The separator before the second key the chain hashes; never in a stored text that is the one hashed. */
const AFTER_DATA = ',"eventId":';

/**
 * contentFinding for a stored row, without parsing it when it can. Since appends store data
 * and envelope as the canonical JSON the chain hashes (append-preparation.ts), the row's own
 * texts are hashed as they stand (hashedText): a match proves they are the bytes hashed at
 * the append. Only when that does not match (a row written before, in its caller's key
 * order, or an altered one) is the row parsed and serialised canonically, the definition.
 *
 * Why a match is proof: the hashed text is `{"data":D,"eventId":E,"metadata":M,…}` with the
 * ids and the revision JSON strings and a number, which hold no unescaped quote. The same
 * text from other parts needs a D or M reaching across `,"eventId":` (its own, or the
 * original's), so a stored text holding that separator is left to the slow path.
 */
export function rowContentFinding(row: StoredEventRowAt): IntegrityFinding | undefined {
  const { event_id: eventId, type, stream_id: streamId, revision, data, metadata } = row;
  const fastPath =
    typeof eventId === 'string' &&
    typeof type === 'string' &&
    typeof streamId === 'string' &&
    Number.isSafeInteger(revision) &&
    typeof data === 'string' &&
    typeof metadata === 'string' &&
    !data.includes(AFTER_DATA) &&
    !metadata.includes(AFTER_DATA);
  if (
    fastPath &&
    chainHashOfParts(row.prev_hash, { eventId, type, streamId, revision, dataJson: data, metadataJson: metadata }) === row.hash
  )
    return undefined;
  let event: RecordedEvent;
  try {
    event = recordedEventOf(row);
  } catch {
    // Data or envelope that no longer parse as JSON were altered: no append stores such text.
    return alteredFinding({ eventId, type, streamId, revision, position: Number(row.position) });
  }
  return contentFinding(event);
}

function alteredFinding({
  eventId,
  type,
  streamId,
  revision,
  position,
}: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'revision' | 'position'>): IntegrityFinding {
  return {
    kind: 'altered',
    position,
    streamId,
    revision,
    eventId,
    detail: `event ${eventId} (${type}, revision ${revision} of ${streamId}) no longer matches the hash recorded when it was appended`,
  };
}
