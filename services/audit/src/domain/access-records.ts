import { type StoredEvent } from './stored-event.js';

// Reads of a client's record, as every service's access log (libs/platform, access-log)
// records them: ClientRecordAccessed events in `access-log-<service>-<day>-<process>` streams,
// with the client in the envelope. They are part of the client's history (who read what,
// when, why) but change nothing in the client's care: as-of and the timeline pass over them.

export const ACCESS_LOG_STREAM_PREFIX = 'access-log-';
export const CLIENT_RECORD_ACCESSED = 'ClientRecordAccessed';

/** The payload as the platform writes it; only ids and codes. */
export type ClientRecordAccess = {
  clientId: string;
  userId: string;
  role: string;
  siteId: string;
  service: string;
  what: { method: string; route: string; resourceKind: string; resourceIds: Record<string, string> };
  accessedAt: string;
  /** An HL7 v3 PurposeOfUse code: TREAT, HCOMPL… */
  purposeOfUse: string;
  correlationId: string;
  causationId: string;
};

/**
 * Anything in the access log: a read (ClientRecordAccessed) or a refused request
 * (AccessRefused, a security event). Neither says where the client is or what their care is.
 */
export function isInAccessLog(event: Pick<StoredEvent, 'streamId'>): boolean {
  return event.streamId.startsWith(ACCESS_LOG_STREAM_PREFIX);
}

export function isAccessRecord(event: Pick<StoredEvent, 'streamId' | 'type'>): boolean {
  return event.type === CLIENT_RECORD_ACCESSED && event.streamId.startsWith(ACCESS_LOG_STREAM_PREFIX);
}

/** The why of a read: its purpose of use, as the coded reason an auditor filters and counts by. */
export function purposeOfAccess(event: StoredEvent): { code: string } | undefined {
  if (!isAccessRecord(event)) return undefined;
  const purpose = (event.data as Partial<ClientRecordAccess> | null)?.purposeOfUse;
  return typeof purpose === 'string' ? { code: purpose } : undefined;
}
