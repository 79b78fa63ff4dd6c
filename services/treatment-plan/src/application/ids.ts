import { deterministicEventId } from '@continuum/event-store';

/**
 * The care episode an intake admission opens. Derived from the admission id, so a
 * redelivered ClientAdmitted names the same episode and its plan (planId = episodeId), and
 * the second delivery finds its own work already done.
 */
export function episodeIdForAdmission(admissionId: string): string {
  return deterministicEventId(admissionId, 'id:care-episode', 0);
}
