import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import { type AllFilter, passesFilter } from '@continuum/event-store';

// KurrentDB filters $all on the server by one thing only, stream name or event type. We send
// the one that narrows most (stream prefixes) and then apply the whole AllFilter to every
// event that comes back, so the result is exactly the port's, whichever the server applied.

type StreamAndType = { streamId: string; type: string };

/** `$`-prefixed streams and types are KurrentDB's own bookkeeping (stats, metadata, links). */
export function isSystemEvent({ streamId, type }: StreamAndType): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

export function matchesFilter(event: StreamAndType, filter: AllFilter | undefined): boolean {
  return !isSystemEvent(event) && passesFilter(event, filter);
}

export function toServerFilter(filter: AllFilter | undefined): Filter {
  const { streamPrefixes, eventTypes } = filter ?? {};
  if (streamPrefixes && streamPrefixes.length > 0) return streamNameFilter({ prefixes: streamPrefixes });
  if (eventTypes && eventTypes.length > 0) {
    // A prefix filter would let `EpisodeOpened` also match `EpisodeOpenedV2`: anchor exact names.
    return eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
