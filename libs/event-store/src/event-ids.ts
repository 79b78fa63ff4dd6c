import { createHash, randomUUID } from 'node:crypto';

// A retried HTTP request carries the same Idempotency-Key; deriving event ids from it makes
// the retry append events the store has already seen, which both adapters treat as a no-op
// (docs/architecture/write-path.md#idempotency). The RFC 9562 version-5 construction (SHA-1 over a
// namespace and a name) gives ids every UUID column and the KurrentDB client accept.

/** Fixed namespace for Continuum's command events; changing it would change every derived id. */
const CONTINUUM_COMMAND_NAMESPACE = '5b0f6c1e-8d3a-4f47-9a52-3c7e2d91b6a4';

const namespaceBytes = Buffer.from(CONTINUUM_COMMAND_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * The id of the `index`-th event a command with this Idempotency-Key appends to `stream`:
 * the same inputs always give the same UUID, any other inputs a different one.
 */
export function deterministicEventId(idempotencyKey: string, stream: string, index: number): string {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`event index must be a non-negative integer, got ${index}`);
  }
  // JSON keeps the parts apart: key "a-b" + stream "c" must not collide with key "a" + stream "b-c".
  const name = JSON.stringify([idempotencyKey, stream, index]);
  const bytes = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An id for something a request creates (a client, a goal, a disclosure). With an
 * Idempotency-Key the id derives from it, so a retried request names the same thing and the
 * store recognises the events it already holds; without one it is new each time.
 */
export function newId(idempotencyKey: string | undefined, purpose: string): string {
  return idempotencyKey ? deterministicEventId(idempotencyKey, `id:${purpose}`, 0) : randomUUID();
}
