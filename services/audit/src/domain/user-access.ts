import { ACCESS_LOG_STREAM_PREFIX } from './access-records.js';
import { type EventReference, type StoredEvent, referenceTo } from './stored-event.js';

// What one member of staff did in the access log (HIPAA 45 CFR 164.312(b), audit controls):
// every read of a client record or list (ClientRecordAccessed), every request refused for want
// of authentication or authorisation (AccessRefused), and any other security event the access
// log holds (a break-the-glass grant), in global order. Ids and codes only, as recorded.

export type UserAccessEntry = {
  /** The event type: ClientRecordAccessed, AccessRefused, … */
  kind: string;
  at: string;
  service: string;
  clientId: string | null;
  siteId: string;
  role: string;
  what: { method?: string; route?: string; resourceKind?: string; resourceIds?: Record<string, string> };
  /** Why: the purpose of use of a read, the problem code of a refusal, the reason of a grant. */
  why: string | null;
  correlationId: string;
  event: EventReference;
};

export type UserAccessQuery = { userId: string; from?: string; to?: string };

type AccessData = {
  service?: string;
  what?: UserAccessEntry['what'];
  purposeOfUse?: string;
  reason?: { code?: string } | string;
  userId?: string;
};

/** The entry for this event when it is the user's and within the period (from inclusive, to exclusive), else undefined. */
export function userAccessEntry(event: StoredEvent, query: UserAccessQuery): UserAccessEntry | undefined {
  if (!event.streamId.startsWith(ACCESS_LOG_STREAM_PREFIX)) return undefined;
  const data = (event.data ?? {}) as AccessData;
  const userId = data.userId ?? event.metadata.actor.userId;
  if (userId !== query.userId) return undefined;
  const at = event.metadata.occurredAt;
  if (query.from !== undefined && Date.parse(at) < Date.parse(query.from)) return undefined;
  if (query.to !== undefined && Date.parse(at) >= Date.parse(query.to)) return undefined;
  const why = data.purposeOfUse ?? (typeof data.reason === 'string' ? data.reason : (data.reason?.code ?? null));
  return {
    kind: event.type,
    at,
    service: data.service ?? serviceOfStream(event.streamId),
    clientId: event.metadata.clientId ?? null,
    siteId: event.metadata.siteId,
    role: event.metadata.actor.role,
    what: data.what ?? {},
    why,
    correlationId: event.metadata.correlationId,
    event: referenceTo(event),
  };
}

/** `access-log-<service>-<yyyy-mm-dd>-<process id>`: the service is what stands before the day. */
function serviceOfStream(streamId: string): string {
  const rest = streamId.slice(ACCESS_LOG_STREAM_PREFIX.length);
  const day = /-\d{4}-\d{2}-\d{2}-/.exec(rest);
  return day ? rest.slice(0, day.index) : rest;
}
