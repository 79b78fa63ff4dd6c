import { type ClientRecordAccess } from '../access-records.js';
import { type StoredEvent } from '../stored-event.js';
import { type FhirResource, SYSTEMS, coded, referenceTo } from './fhir-resource.js';

// The access log (issue 8): every read of the client's records through a service's API is an
// event `ClientRecordAccessed` in an `access-log-…` stream. Each becomes an AuditEvent of type
// `access-log`: who (user, role, site), what (the route or record read), when, and why (the
// HL7 purpose of use). Who and where come from the envelope, as for every other event (the
// record repeats them); the rest from the record (access-records.ts).

const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';

export function auditEventOf(event: StoredEvent, clientId: string): FhirResource {
  const record = event.data as Partial<ClientRecordAccess>;
  const purpose = record.purposeOfUse;
  const what = record.what;
  const service = record.service ?? 'unknown';
  const when = record.accessedAt ?? event.metadata.occurredAt;
  return {
    resourceType: 'AuditEvent',
    id: `access-${event.position}`,
    type: { system: SYSTEMS.accessKind, code: 'access-log', display: 'access log record' },
    subtype: [{ system: RESTFUL_INTERACTION, code: 'read' }],
    action: 'R',
    recorded: event.recordedAt,
    period: { start: when, end: when },
    outcome: '0',
    ...(purpose ? { purposeOfEvent: [coded(ACT_REASON, purpose)] } : {}),
    agent: [
      {
        role: [coded(SYSTEMS.role, event.metadata.actor.role)],
        who: { identifier: { system: SYSTEMS.user, value: event.metadata.actor.userId } },
        requestor: true,
        location: { identifier: { system: SYSTEMS.site, value: event.metadata.siteId } },
      },
    ],
    source: { site: event.metadata.siteId, observer: { identifier: { system: SYSTEMS.service, value: service } } },
    entity: [
      {
        what: referenceTo('Patient', clientId),
        type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
        ...(what ? { description: `${what.resourceKind} ${what.method} ${what.route}` } : {}),
      },
      // The records read, by the ids in the route (an episode, a referral…).
      ...Object.entries(what?.resourceIds ?? {}).map(([name, id]) => ({
        what: { identifier: { system: `urn:continuum:${name}`, value: id } },
        type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      })),
      {
        what: { identifier: { system: SYSTEMS.event, value: event.eventId } },
        type: { system: ENTITY_TYPE, code: '4', display: 'Other' },
        description: `correlation ${event.metadata.correlationId}`,
      },
    ],
  };
}
