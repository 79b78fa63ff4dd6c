// What another service does with an event, or a projection with a new one, takes the bus a
// moment: the demo's journey and the specs wait for it by polling, never by a fixed sleep.

/**
 * Polls `probe` until it returns something (not undefined) and answers that, or fails after
 * `timeoutMs` naming what it waited for.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
