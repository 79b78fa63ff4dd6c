// The answer the client index must reproduce: every event about the client, found by reading
// the whole global log (what the audit did before it had an index). For specs only.
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { isAboutClient } from '../../domain/stored-event.js';

export async function fullScanOf(store: EventStore, clientId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) if (isAboutClient(event, clientId)) events.push(event);
  return events;
}
