import { jsonEvent, type AllStreamResolvedEvent, type EventData, type JSONType, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { type EventEnvelope, type NewEvent, type RecordedEvent, type RecordedMetadata } from '@continuum/event-store';
import { toGlobalPosition } from './positions.js';

// How a Continuum event sits in KurrentDB: the data as the JSON body, and the whole stored
// envelope (who, where, why, plus the hash chain) as the event's JSON metadata, so a
// KurrentDB-native tool reading the stream sees everything an auditor needs.

/** The bytes a store limit counts: data and envelope as JSON, the same measure as the SQLite adapter. */
export function encodedBytes(event: { data: unknown; metadata: EventEnvelope }): number {
  return Buffer.byteLength(JSON.stringify(event.data ?? null)) + Buffer.byteLength(JSON.stringify(event.metadata));
}

export function toEventData(event: NewEvent, metadata: RecordedMetadata): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    // The client JSON-encodes whatever it is given; its JSONType only forbids what JSON allows anyway.
    data: (event.data ?? null) as JSONType,
    metadata: metadata as unknown as JSONType,
  });
}

/**
 * The property that holds the whole stored envelope of an event written by appendToStreams.
 * The client's multiStreamAppend takes metadata only as a flat map of strings, not the nested
 * JSON envelope appendToStream stores; so the envelope travels as JSON in this one property and
 * reading unwraps it: both kinds of event read back the same, and verify the same. Any other
 * property the server may add beside it is ignored.
 */
export const ENVELOPE_PROPERTY = 'continuum-envelope';

/** An event for multiStreamAppend (see ENVELOPE_PROPERTY). */
export function toFlatEventData(event: NewEvent, metadata: RecordedMetadata): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: (event.data ?? null) as JSONType,
    metadata: { [ENVELOPE_PROPERTY]: JSON.stringify(metadata) },
  });
}

const OLD_SERVER =
  'KurrentDB returned an event without its log position: Continuum needs KurrentDB, or EventStoreDB 22.6 or later; upgrade the server';

/** `undefined` for a link whose target no longer exists: there is no event to hand out. */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) throw new Error(OLD_SERVER);
  const stored = event.metadata && typeof event.metadata === 'object' && !(event.metadata instanceof Uint8Array) ? event.metadata : {};
  const wrapped = (stored as Record<string, unknown>)[ENVELOPE_PROPERTY];
  const metadata = typeof wrapped === 'string' ? (JSON.parse(wrapped) as RecordedMetadata) : stored;
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toGlobalPosition(commit),
    recordedAt: event.created.toISOString(),
    data: event.data as unknown,
    // An event written by something other than Continuum has no envelope; verifyStream reports it.
    metadata: metadata as RecordedMetadata,
  };
}
