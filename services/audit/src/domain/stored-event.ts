import { EPISODE_STREAM_PREFIX } from '@continuum/care-episode';

// What the audit reads: an event as the store recorded it. The same shape as the event
// store's RecordedEvent (which the domain may not import), so a recorded event passes as one.

export type StoredEvent = {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  /** When the store took it (ISO 8601): "as of" and time filters go by this. */
  recordedAt: string;
  data: unknown;
  metadata: {
    clientId?: string;
    siteId: string;
    actor: { userId: string; role: string };
    occurredAt: string;
    correlationId: string;
    causationId: string;
  };
};

/** The stream kinds the audit folds by name (docs/architecture/streams.md#naming); the care-episode ledger's prefixes are libs/care-episode's. */
export const STREAM_PREFIXES = {
  intake: 'intake-',
  plan: 'treatment-plan-',
  referral: 'referral-',
  aftercare: 'aftercare-',
  /** The audit's own: a FHIR export to an outside recipient (fhir-exports.ts). */
  fhirExport: 'fhir-export-',
} as const;

/** Where the services keep their streams; the audit's "service" filter. */
export const SERVICE_STREAM_PREFIXES = {
  intake: [STREAM_PREFIXES.intake],
  'treatment-plan': [
    EPISODE_STREAM_PREFIX,
    STREAM_PREFIXES.plan,
    // Its copy of the client's consents, its sends outside the network, its random drug-test draws.
    'consent-copies-treatment-plan-',
    'payer-authorization-request-',
    'court-report-',
    'random-test-draw-',
  ],
  'dual-diagnosis': [STREAM_PREFIXES.referral, 'dual-diagnosis-'],
  aftercare: [STREAM_PREFIXES.aftercare],
  audit: [STREAM_PREFIXES.fhirExport],
  // Not a service of its own: every service's reads of client records (access-records.ts).
  access: ['access-log-'],
} as const satisfies Record<string, readonly string[]>;

export type ServiceName = keyof typeof SERVICE_STREAM_PREFIXES;

export const SERVICE_NAMES = Object.keys(SERVICE_STREAM_PREFIXES) as ServiceName[];

export function isServiceName(value: string): value is ServiceName {
  return Object.hasOwn(SERVICE_STREAM_PREFIXES, value);
}

/** The service whose stream this is, or `unknown` for a stream no service claims. */
export function serviceOf(streamId: string): ServiceName | 'unknown' {
  for (const service of SERVICE_NAMES) {
    if (SERVICE_STREAM_PREFIXES[service].some((prefix) => streamId.startsWith(prefix))) return service;
  }
  return 'unknown';
}

/**
 * The client the event is about, if any. The envelope says so on every event written for a
 * client; the payload's clientId is the fallback for an envelope that left it out.
 */
export function clientOf(event: Pick<StoredEvent, 'data' | 'metadata'>): string | undefined {
  if (event.metadata.clientId !== undefined) return event.metadata.clientId;
  const data = event.data as { clientId?: unknown } | null;
  return typeof data === 'object' && data !== null && typeof data.clientId === 'string' ? data.clientId : undefined;
}

export function isAboutClient(event: StoredEvent, clientId: string): boolean {
  return clientOf(event) === clientId;
}

/** The reference an answer gives for the event it rests on. */
export type EventReference = { position: number; eventId: string; type: string; streamId: string; revision: number; recordedAt: string };

export function referenceTo(event: StoredEvent): EventReference {
  const { position, eventId, type, streamId, revision, recordedAt } = event;
  return { position, eventId, type, streamId, revision, recordedAt };
}
