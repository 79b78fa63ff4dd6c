// Where a sign-in sends the browser back to (docs/architecture/console.md#returning-to-the-page):
// only a page of the console itself, named by a plain path. Anything else (another origin,
// `//host`, a backslash, an encoded character, `.` or `..`, a query or fragment, the console's
// API, assets or probes) is refused, so the sign-in cannot be used to send someone elsewhere.
// Pages' paths carry ids only: nothing personal travels through it.

/** Segments of letters, digits and `-`, `_`, `.`, `~` (ids are UUIDs, codes and the like). */
const PAGE_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}){0,8}\/?$/;
const NOT_PAGES = /^\/(?:api|assets|health|metrics)(?:\/|$)/;

/** The page path if it is one of the console's own, else undefined. */
export function pagePathOf(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) return undefined;
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return undefined;
  if (!PAGE_PATH.test(candidate) || NOT_PAGES.test(candidate)) return undefined;
  if (candidate.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
  return candidate;
}
