import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '#continuum/event-store';

/**
 * An id for something a request creates (a client, a consent, a screening). With an
 * Idempotency-Key the id derives from it, so a retried request names the same thing and
 * the store recognises the events it already holds.
 */
export function newId(idempotencyKey: string | undefined, purpose: string): string {
  return idempotencyKey ? deterministicEventId(idempotencyKey, `id:${purpose}`, 0) : randomUUID();
}
