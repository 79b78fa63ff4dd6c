import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '#continuum/event-store';

/**
 * An id for something a request creates (a peer-support linkage, a therapy). With an
 * Idempotency-Key it derives from it, so a retried request names the same thing.
 */
export function newId(idempotencyKey: string | undefined, purpose: string): string {
  return idempotencyKey ? deterministicEventId(idempotencyKey, `id:${purpose}`, 0) : randomUUID();
}
