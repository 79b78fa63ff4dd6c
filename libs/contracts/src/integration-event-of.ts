// The part of every service's relay mapping that is not the service's own: a recorded domain
// event, with the payload the service chose to publish from it, becomes the integration event
// — the recorded event's id (so consumers deduplicate a redelivery), time, site, correlation and
// causation. The relay stops rather than publish a guess or a breach: a domain event of a schema
// version the mapping does not read, or a result that breaks its contract, throws.
import { type IntegrationEvent } from './integration-event.js';
import { validateIntegrationEvent } from './validate-integration-event.js';

/** What the mapping reads of a recorded domain event (the event store's RecordedEvent has it). */
export type RecordedDomainEvent = {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  metadata: { schemaVersion: number; occurredAt: string; siteId: string; correlationId: string; causationId: string };
};

export type PublishingService = {
  /** The publishing service, e.g. 'aftercare': the events' `source`. */
  source: string;
  /** The domain event schema version the mapping reads. */
  readsDomainVersion: number;
  /** Where the mapping lives, for the message that asks for a new version to be added. */
  mappingFile: string;
};

/** `schemaVersion`: the integration event's contract version, 1 unless the mapping publishes a later one. */
export type PublishedPayload = { type: string; data: object; clientId: string; schemaVersion?: number };

export function integrationEventOf<Event extends IntegrationEvent>(
  recorded: RecordedDomainEvent,
  published: PublishedPayload,
  mapping: PublishingService,
): Event {
  const { metadata } = recorded;
  if (metadata.schemaVersion !== mapping.readsDomainVersion) {
    throw new Error(
      `${mapping.source} cannot publish ${recorded.type} ${recorded.eventId}: it is domain schema version ${metadata.schemaVersion}, and the mapping ` +
        `reads only version ${mapping.readsDomainVersion}; add that version to ${mapping.mappingFile}`,
    );
  }
  const integrationEvent = {
    eventId: recorded.eventId,
    type: published.type,
    schemaVersion: published.schemaVersion ?? 1,
    source: mapping.source,
    occurredAt: metadata.occurredAt,
    clientId: published.clientId,
    siteId: metadata.siteId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    data: published.data,
  } as unknown as Event;
  const validation = validateIntegrationEvent(integrationEvent);
  if (!validation.ok) {
    throw new Error(
      `${mapping.source}'s ${recorded.type} ${recorded.eventId} (stream ${recorded.streamId}, revision ${recorded.revision}) does not meet its contract, ` +
        `so it was not published: ${validation.problems.join('; ')}. Fix the mapping or the contract in libs/contracts.`,
    );
  }
  return integrationEvent;
}
