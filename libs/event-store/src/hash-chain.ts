import { createHash } from 'node:crypto';
import { type EventEnvelope } from './event-store.js';

// Tamper evidence: each event's hash covers the previous event's hash and everything the
// event says (id, type, stream, revision, data, envelope). Changing, removing or
// reordering any event breaks every hash after it, so an auditor re-computing the chain
// finds the first event that no longer fits. Both adapters compute it the same way here.

export const GENESIS_HASH = '0'.repeat(64);

export type HashedContent = {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  data: unknown;
  metadata: EventEnvelope;
};

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function chainHash(prevHash: string, content: HashedContent): string {
  const { eventId, type, streamId, revision, data, metadata } = content;
  // prevHash/hash never take part in the content hashed, whatever the caller passes.
  const { prevHash: _p, hash: _h, ...envelope } = metadata as EventEnvelope & { prevHash?: string; hash?: string };
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ eventId, type, streamId, revision, data, metadata: envelope }))
    .digest('hex');
}
