import { purposeOfAccess } from './access-records.js';
import { type ServiceName, type StoredEvent, isAboutClient, serviceOf } from './stored-event.js';

// "What happened to this client, who decided it, on what evidence": one entry per event
// about the client, across every service, in the store's global order. The entry lifts the
// answers to those questions out of each event's payload so an auditor does not have to
// know every event's shape; the payload itself is kept alongside, as recorded.

export type HistoryFilter = {
  /** Only events of these services' streams. */
  services?: readonly ServiceName[];
  /** Only events of these types. */
  types?: readonly string[];
  /** Recorded at or after this instant (ISO 8601). */
  from?: string;
  /** Recorded at or before this instant (ISO 8601). */
  to?: string;
};

/** A coded reason, with the id of the note that explains it where there is one (never the note). */
export type ReasonReference = { code: string; reference?: string };

/** What a decision rested on: an assessment, a screening, a drug test, a consent… */
export type EvidenceReference = { kind: string; id: string };

export type HistoryEntry = {
  position: number;
  recordedAt: string;
  occurredAt: string;
  service: ServiceName | 'unknown';
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  siteId: string;
  actor: { userId: string; role: string };
  reason?: ReasonReference;
  evidence: EvidenceReference[];
  correlationId: string;
  causationId: string;
  data: unknown;
};

/**
 * Fields that name a record a decision rested on, and the kind of record each names. They
 * are the services' own field names (intake's, the care-episode ledger's, the contracts').
 */
const EVIDENCE_FIELDS: ReadonlyArray<readonly [field: string, kind: string]> = [
  ['assessmentId', 'assessment'],
  ['screeningId', 'screening'],
  ['placementId', 'placement'],
  ['admissionId', 'admission'],
  ['consentId', 'consent'],
  ['disclosureId', 'disclosure'],
  ['safetyPlanId', 'safety-plan'],
  ['dischargeSummaryRef', 'discharge-summary'],
  ['payerReference', 'payer-authorization'],
  ['sourceEventId', 'event'],
];

export function matchesFilter(event: StoredEvent, filter: HistoryFilter): boolean {
  if (filter.services?.length) {
    // The same service the entry names, so a filter keeps exactly the entries that show it.
    const service = serviceOf(event.streamId);
    if (service === 'unknown' || !filter.services.includes(service)) return false;
  }
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (filter.from !== undefined && Date.parse(event.recordedAt) < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && Date.parse(event.recordedAt) > Date.parse(filter.to)) return false;
  return true;
}

/** The entry for this event if it is about the client and passes the filter. */
export function historyEntryFor(event: StoredEvent, clientId: string, filter: HistoryFilter = {}): HistoryEntry | undefined {
  return isAboutClient(event, clientId) && matchesFilter(event, filter) ? historyEntryOf(event) : undefined;
}

export function historyEntryOf(event: StoredEvent): HistoryEntry {
  const { metadata } = event;
  const reason = purposeOfAccess(event) ?? reasonOf(event.data);
  return {
    position: event.position,
    recordedAt: event.recordedAt,
    occurredAt: metadata.occurredAt,
    service: serviceOf(event.streamId),
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    siteId: metadata.siteId,
    actor: { userId: metadata.actor.userId, role: metadata.actor.role },
    ...(reason === undefined ? {} : { reason }),
    evidence: evidenceOf(event.data),
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    data: event.data,
  };
}

/**
 * The coded reason of a decision: the ledger's `reason: {code, reference?}`, a contract's
 * `reasonCode`, or intake's referral `reasonCode`. Free-text reasons (a placement variance)
 * stay in the payload: a code is what an auditor filters and counts by.
 */
export function reasonOf(data: unknown): ReasonReference | undefined {
  if (!isRecord(data)) return undefined;
  const { reason, reasonCode } = data;
  if (isRecord(reason) && typeof reason.code === 'string') {
    return typeof reason.reference === 'string' ? { code: reason.code, reference: reason.reference } : { code: reason.code };
  }
  if (typeof reasonCode === 'string') return { code: reasonCode };
  return undefined;
}

/** Every evidence reference the payload names: its `evidence` list first, then the record ids it rests on. */
export function evidenceOf(data: unknown): EvidenceReference[] {
  if (!isRecord(data)) return [];
  const found: EvidenceReference[] = [];
  const add = (kind: string, id: string) => {
    if (!found.some((reference) => reference.kind === kind && reference.id === id)) found.push({ kind, id });
  };
  if (Array.isArray(data.evidence)) {
    for (const item of data.evidence)
      if (isRecord(item) && typeof item.kind === 'string' && typeof item.id === 'string') add(item.kind, item.id);
  }
  // intake's CoOccurringConditionIdentified names its evidence by the instrument that found it.
  if (typeof data.evidenceId === 'string') add(data.instrument === 'assessment' ? 'assessment' : 'screening', data.evidenceId);
  for (const [field, kind] of EVIDENCE_FIELDS) {
    const value = data[field];
    if (typeof value === 'string') add(kind, value);
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
