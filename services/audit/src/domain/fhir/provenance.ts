import { evidenceOf, reasonOf } from '../client-history.js';
import { type StoredEvent, serviceOf } from '../stored-event.js';
import { EXTENSIONS, type FhirResource, type Reference, SYSTEMS, coded } from './fhir-resource.js';

// Who, when and why for every resource of the export, from the envelopes: one Provenance per
// recorded event, naming every resource that event shaped (an event of a referral shapes its
// ServiceRequest and its Task). The event itself is the source entity (its id, stream and
// revision let an auditor find it in the store and check its hash), the records it rested on
// are further sources, and the correlation and causation ids say what it was part of.

const PARTICIPANT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

export function provenanceOf(event: StoredEvent, targets: Reference[]): FhirResource {
  const { metadata } = event;
  const reason = reasonOf(event.data);
  return {
    resourceType: 'Provenance',
    // Event ids are UUIDs (deterministic from the Idempotency-Key): one Provenance per event.
    id: provenanceId(event),
    extension: [
      { url: EXTENSIONS.correlationId, valueString: metadata.correlationId },
      { url: EXTENSIONS.causationId, valueString: metadata.causationId },
    ],
    target: targets,
    occurredDateTime: metadata.occurredAt,
    recorded: event.recordedAt,
    ...(reason ? { reason: [coded(SYSTEMS.reason, reason.code)] } : {}),
    activity: coded(SYSTEMS.eventType, event.type),
    agent: [
      {
        type: coded(PARTICIPANT_TYPE, 'author'),
        role: [coded(SYSTEMS.role, metadata.actor.role)],
        who: { identifier: { system: SYSTEMS.user, value: metadata.actor.userId } },
        onBehalfOf: { identifier: { system: SYSTEMS.site, value: metadata.siteId } },
      },
    ],
    entity: [
      {
        role: 'source',
        what: {
          identifier: { system: SYSTEMS.event, value: event.eventId },
          display: `${serviceOf(event.streamId)} ${event.streamId} revision ${event.revision}, position ${event.position}`,
        },
      },
      ...evidenceOf(event.data).map((evidence) => ({
        role: 'source',
        what: { identifier: { system: `${SYSTEMS.evidence}:${evidence.kind}`, value: evidence.id } },
      })),
    ],
  };
}

/** FHIR ids are at most 64 characters of [A-Za-z0-9-.]: the store's position is unique and short. */
export const provenanceId = (event: StoredEvent) => `event-${event.position}`;
