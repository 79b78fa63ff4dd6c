import { AccessDenied } from '../errors/problem-exceptions.js';

/**
 * What of a client's records the reader may read, for an answer that gathers several of them
 * (a client's referrals at several sites, the plans of several episodes): each item is checked
 * by `check` (a clinical-read rule that throws AccessDenied), the ones refused are left out, and
 * only when every one is refused is the first refusal thrown (a 403 rather than an empty list
 * that would hide that records exist). Any other error is thrown as it is.
 */
export async function readableOnly<T>(items: Iterable<T>, check: (item: T) => Promise<unknown>): Promise<T[]> {
  const readable: T[] = [];
  let refusal: AccessDenied | undefined;
  for (const item of items) {
    try {
      await check(item);
      readable.push(item);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      refusal ??= error;
    }
  }
  if (readable.length === 0 && refusal) throw refusal;
  return readable;
}
