import { type IntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';

/** A relay's map for the test services: a recorded event published as intake's ClientRegistered, so it meets a contract. */
export const asClientRegistered = (recorded: RecordedEvent): IntegrationEvent => ({
  eventId: recorded.eventId,
  type: 'ClientRegistered',
  schemaVersion: 1,
  source: 'intake',
  occurredAt: recorded.metadata.occurredAt,
  clientId: recorded.metadata.clientId ?? '',
  siteId: recorded.metadata.siteId,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.metadata.causationId,
  data: {
    clientId: recorded.metadata.clientId,
    siteId: recorded.metadata.siteId,
    possibleDuplicateOf: [],
    registeredAt: recorded.metadata.occurredAt,
  },
});
