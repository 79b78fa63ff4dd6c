import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '#continuum/event-store';

/**
 * The care episode an intake admission opens. Derived from the admission id, so a
 * redelivered ClientAdmitted names the same episode and its plan (planId = episodeId), and
 * the second delivery finds its own work already done.
 */
export function episodeIdForAdmission(admissionId: string): string {
  return deterministicEventId(admissionId, 'id:care-episode', 0);
}

/**
 * An id for something a request creates (a problem, a goal, a session). With an
 * Idempotency-Key it derives from it, so a retried request names the same thing.
 */
export function newId(idempotencyKey: string | undefined, purpose: string): string {
  return idempotencyKey ? deterministicEventId(idempotencyKey, `id:${purpose}`, 0) : randomUUID();
}

