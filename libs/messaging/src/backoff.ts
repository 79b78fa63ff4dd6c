/**
 * Exponential backoff: base, 2×base, 4×base… capped. A failure caused by a dependency that
 * is briefly down (broker restarting, database failover) gets time to heal without the
 * retries themselves adding load.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Waits `ms`, or less if `abort` fires first. */
export function sleep(ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (abort?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    abort?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      abort?.removeEventListener('abort', done);
      resolve();
    }
  });
}
