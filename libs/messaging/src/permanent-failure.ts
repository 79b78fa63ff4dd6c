// Which handler failures retrying cannot cure. They go to the dead letters at once; anything
// else (a database busy, a broker restarting, a concurrent append) is retried with backoff
// (docs/architecture/messaging.md#retries-and-dead-letters).

/** Throw from a handler for a message that can never be handled as it is. */
export class PermanentDeliveryFailure extends Error {
  override readonly name = 'PermanentDeliveryFailure';
}

/**
 * 4xx statuses a retry may change: not found (the event that creates it may come on another
 * topic and not have arrived yet), a timeout, a conflict, a lock, too early, too many.
 */
const TRANSIENT_CLIENT_STATUSES = new Set([404, 408, 409, 423, 425, 429]);

/**
 * Permanent: a PermanentDeliveryFailure; a rule the event breaks (the deciders' RuleBroken,
 * known by name so this port depends on no domain library); a refusal the application layer
 * answers with a 4xx (validation 400, forbidden 403, unprocessable 422), except the statuses
 * that may pass. Everything else is taken as transient.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PermanentDeliveryFailure) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'RuleBroken') return true;
  const status = (error as { getStatus?: () => unknown }).getStatus?.();
  return typeof status === 'number' && status >= 400 && status < 500 && !TRANSIENT_CLIENT_STATUSES.has(status);
}
