// What an Idempotency-Key is bound to (IETF httpapi "The Idempotency-Key HTTP Header Field"):
// the request it was first sent with. Two requests are "the same" when they have the same
// method, the same concrete path and query, the same caller and the same body as JSON data.
// - The path is the concrete one (`/api/v1/clients/<id>/screenings`, not the route template):
//   the same key on another client's path is another request. The query is included,
//   canonically (no write takes one today; one that did would change the request).
// - The caller is the authenticated user id; a public route has none.
// - The body is compared as canonical JSON (object keys sorted, no whitespace), not as raw
//   bytes: every write here is JSON, and a client that re-serialises its retry with another
//   key order or spacing sends the same request. Raw bytes would also need the body parser
//   to keep a copy of every body.
// Only the SHA-256 of all that is kept: never the body, which holds personal data.
import { createHash } from 'node:crypto';

export type FingerprintedRequest = {
  method: string;
  /** The concrete URL path, without the query string. */
  path: string;
  query?: unknown;
  /** The authenticated user id; undefined on a public route. */
  principal?: string;
  /** The parsed JSON body; undefined when there is none. */
  body?: unknown;
};

/** JSON with object keys sorted at every level and no whitespace; `undefined` members are left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value)) ?? 'null';
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortedKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  // A Date (or anything else with toJSON) is compared as it would be sent.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON: () => unknown }).toJSON();
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** The SHA-256 (hex) of the request's method, path, query, caller and body. */
export function requestFingerprint(request: FingerprintedRequest): string {
  const parts = [
    request.method.toUpperCase(),
    request.path,
    canonicalJson(request.query ?? {}),
    request.principal ?? '',
    canonicalJson(request.body ?? null),
  ];
  // A JSON array keeps the parts apart: no choice of path or body can shift text between them.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
