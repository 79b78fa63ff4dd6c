// One read of a client's record through a service's API, as the access log keeps it: who
// (user, role), where (site), what (route and kind of record), when, why (purpose of use),
// and the correlation id that ties it to the rest of the request. Ids and codes only: never
// a name, a birth date, a query string or a body.
import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@continuum/event-store';
import { type PurposeOfUse } from './purpose-of-use.js';

export const CLIENT_RECORD_ACCESSED = 'ClientRecordAccessed';
export const ACCESS_LOG_STREAM_PREFIX = 'access-log-';

export type AccessRecord = {
  clientId: string;
  userId: string;
  role: string;
  /** The client's site when the service learnt it while answering, else the site the request named. */
  siteId: string;
  /** e.g. 'intake'. */
  service: string;
  what: {
    method: string;
    /** The route template, e.g. `/api/v1/clients/:clientId`: never the URL, whose query may carry personal data. */
    route: string;
    /** A code for the kind of record read, e.g. `intake-record`, `referral`, `audit-history`. */
    resourceKind: string;
    /** The route's id parameters (clientId, referralId…). */
    resourceIds: Record<string, string>;
  };
  /** When the answer left the service (ISO 8601). */
  accessedAt: string;
  purposeOfUse: PurposeOfUse;
  correlationId: string;
  causationId: string;
};

/** The site recorded when neither the record nor the request named one (an auditor's network-wide read of an unknown client). */
export const NO_SITE_KNOWN = 'network';

/**
 * One stream per process and day: `access-log-<service>-<yyyy-mm-dd>-<process id>`. Each
 * process is the only writer of its streams, so appends never conflict (no expected-revision
 * retries on the read path), and a day's streams stay small enough to read or archive whole.
 */
export function accessLogStream(service: string, day: Date, processId: string): string {
  return `${ACCESS_LOG_STREAM_PREFIX}${service}-${day.toISOString().slice(0, 10)}-${processId}`;
}

/**
 * The event for one record. Its id is drawn when the read is recorded, so appending the same
 * batch again after a failure whose outcome was unknown is recognised by the store as a
 * retry and written once.
 */
export function accessEvent(record: AccessRecord, eventId: string = randomUUID()): NewEvent<AccessRecord> {
  return {
    eventId,
    type: CLIENT_RECORD_ACCESSED,
    data: record,
    metadata: {
      schemaVersion: 1,
      // In the envelope, so the audit's client history (which goes by the envelope) finds it.
      clientId: record.clientId,
      siteId: record.siteId,
      actor: { userId: record.userId, role: record.role },
      occurredAt: record.accessedAt,
      correlationId: record.correlationId,
      causationId: record.causationId,
    },
  };
}

export const ACCESS_REFUSED = 'AccessRefused';

/**
 * A request the service refused for want of authentication (401) or authorisation (403): a
 * security event an auditor lists per user and per client (HIPAA 45 CFR 164.312(b), audit
 * controls). Who (the token's user and roles when a token was verified), what (route template
 * and id parameters), why (the problem's code and detail, which name roles and sites, never a
 * client's data), when. No body, no query, no address.
 */
export type AccessRefusal = {
  /** The verified token's user; absent when no valid token came (a 401). */
  userId?: string;
  /** The roles the token held, network-wide and per site (codes). */
  roles?: string[];
  service: string;
  what: { method: string; route: string; resourceIds: Record<string, string> };
  status: 401 | 403;
  /** The problem's type code, e.g. `access-denied`, and its detail as sent. */
  reason: { code: string; detail: string };
  refusedAt: string;
  correlationId: string;
};

export function refusalEvent(refusal: AccessRefusal, eventId: string = randomUUID()): NewEvent<AccessRefusal> {
  const clientId = refusal.what.resourceIds.clientId;
  return {
    eventId,
    type: ACCESS_REFUSED,
    data: refusal,
    metadata: {
      schemaVersion: 1,
      ...(clientId === undefined ? {} : { clientId }),
      siteId: refusal.what.resourceIds.siteId ?? NO_SITE_KNOWN,
      actor: { userId: refusal.userId ?? 'anonymous', role: 'none' },
      occurredAt: refusal.refusedAt,
      correlationId: refusal.correlationId,
      causationId: refusal.correlationId,
    },
  };
}
