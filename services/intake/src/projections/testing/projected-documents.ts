// Intake's events for the projection specs; the in-memory documents come from libs/testing.
import { type RecordedEvent } from '@continuum/event-store';
import { type IntakeEvent, clientStream } from '../../domain/index.js';

export { type ProjectedDocuments, inMemoryContext, project } from '@continuum/service-testing';

/** Intake events as the store would hand them out: in one client's stream, at growing global positions. */
export function recordedInStream(
  clientId: string,
  events: readonly IntakeEvent[],
  firstPosition = 1,
  siteId = 'site-north',
): RecordedEvent[] {
  return events.map((event, index) => ({
    eventId: `${clientId}-event-${index}`,
    type: event.type,
    streamId: clientStream(clientId),
    revision: index,
    position: firstPosition + index,
    recordedAt: new Date(Date.UTC(2026, 0, 15, 9, 0, index)).toISOString(),
    data: event.data,
    metadata: {
      schemaVersion: 1,
      clientId,
      siteId,
      actor: { userId: 'user-1', role: 'intake-coordinator' },
      occurredAt: new Date(Date.UTC(2026, 0, 15, 9, 0, index)).toISOString(),
      correlationId: 'correlation-1',
      causationId: 'causation-1',
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    },
  }));
}
