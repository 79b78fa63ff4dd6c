import { hash } from 'node:crypto';
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

/**
 * JSON with object keys sorted at every depth, so the same content always hashes the same.
 *
 * The hashes already recorded are a legal record, so the output must stay byte for byte
 * what the first definition gives (`referenceCanonicalJson`). Its replacer crosses from the
 * native serialiser into JavaScript at every value and copies every object; for plain JSON
 * data (nearly every event) one copy with sorted keys handed to the native JSON.stringify
 * gives the same bytes in about half the time. Anything else (toJSON, arrays of another
 * class, keys that look like array indexes, which JavaScript orders first) is left to the reference.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedPlainCopy(value, 0));
  } catch (error) {
    if (error instanceof NotPlainJson) return referenceCanonicalJson(value);
    throw error;
  }
}

/** The definition of the canonical form: JSON.stringify with every object's keys sorted. */
export function referenceCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

class NotPlainJson extends Error {}

// Deeper than any event; a cycle ends here and the reference definition reports it.
const MAX_PLAIN_DEPTH = 64;

/** A copy whose objects list their keys in sorted order; throws NotPlainJson for what only the reference serialises right. */
function sortedPlainCopy(value: unknown, depth: number): unknown {
  // Primitives, undefined, functions and symbols: the native serialiser treats them as the reference does.
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_PLAIN_DEPTH) throw new NotPlainJson();
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new NotPlainJson();
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) copy[i] = sortedPlainCopy(value[i], depth + 1);
    return copy;
  }
  // Any other object, a class instance too (a request's DTO), serialises as its own enumerable
  // keys both here and in the reference, whose replacer copies it with Object.entries first;
  // only a toJSON somewhere on its prototype chain changes what is serialised.
  if ('toJSON' in value) throw new NotPlainJson();
  const keys = Object.keys(value);
  if (!isSorted(keys)) keys.sort(); // code-unit order, as the reference compares
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) throw new NotPlainJson(); // '0'–'9': maybe an array index, which objects list first
    if (key === '__proto__') throw new NotPlainJson(); // assigning it would set the copy's prototype, not a key
    copy[key] = sortedPlainCopy((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/**
 * An event's content as the chain hashes it, its data and envelope already in canonical JSON
 * (canonicalJson; the envelope without `prevHash` and `hash`), as an append stores them.
 */
export type CanonicalParts = {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  dataJson: string;
  metadataJson: string;
};

/**
 * The text the chain hashes for an event: exactly canonicalJson({ eventId, type, streamId,
 * revision, data, metadata }), built by concatenation from parts already canonical, so a
 * stored event is hashed without being parsed and serialised again. The keys in sorted order.
 */
export function hashedText(parts: CanonicalParts): string {
  return (
    '{"data":' +
    parts.dataJson +
    ',"eventId":' +
    JSON.stringify(parts.eventId) +
    ',"metadata":' +
    parts.metadataJson +
    ',"revision":' +
    JSON.stringify(parts.revision) +
    ',"streamId":' +
    JSON.stringify(parts.streamId) +
    ',"type":' +
    JSON.stringify(parts.type) +
    '}'
  );
}

/** The chain hash of an event whose data and envelope are already canonical JSON (hashedText). */
export function chainHashOfParts(prevHash: string, parts: CanonicalParts): string {
  return hashOfLink(prevHash, hashedText(parts));
}

/**
 * SHA-256 of `prevHash`, a newline and the event's text, in hex. One string hashed at once costs
 * half what a Hash object fed three parts does (bench:store, per append), and gives the same
 * bytes: the joins are ASCII, so the UTF-8 of the whole is the UTF-8 of the parts end to end.
 */
function hashOfLink(prevHash: string, text: string): string {
  return hash('sha256', `${prevHash}\n${text}`, 'hex');
}

export function chainHash(prevHash: string, content: HashedContent): string {
  const { eventId, type, streamId, revision, data, metadata } = content;
  // prevHash/hash never take part in the content hashed, whatever the caller passes.
  const { prevHash: _p, hash: _h, ...envelope } = metadata as EventEnvelope & { prevHash?: string; hash?: string };
  const dataJson = canonicalJson(data) as string | undefined;
  const metadataJson = canonicalJson(envelope);
  // The parts give the very text canonicalJson gives the whole, unless a value has no JSON of
  // its own (undefined data: the key is left out) or an id is not the string it should be.
  if (
    dataJson !== undefined &&
    typeof eventId === 'string' &&
    typeof type === 'string' &&
    typeof streamId === 'string' &&
    typeof revision === 'number'
  )
    return chainHashOfParts(prevHash, { eventId, type, streamId, revision, dataJson, metadataJson });
  return hashOfLink(prevHash, canonicalJson({ eventId, type, streamId, revision, data, metadata: envelope }));
}
