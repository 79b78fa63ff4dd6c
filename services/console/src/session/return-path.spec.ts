// The page a sign-in returns to: the console's own pages by a plain path, nothing else.
import { describe, expect, it } from '@jest/globals';
import { pagePathOf } from './return-path.js';

describe('the page a sign-in returns to', () => {
  it.each(['/', '/intake', '/clients/3f2b1c0d-aaaa-4bbb-8ccc-123456789abc', '/clients/3f2b1c0d-aaaa-4bbb-8ccc-123456789abc/care-team'])(
    'accepts the console page %s',
    (path) => expect(pagePathOf(path)).toBe(path),
  );

  it.each([
    ['another origin', 'https://evil.example/clients'],
    ['a scheme-relative address', '//evil.example/clients'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'clients/1'],
    ['an encoded character', '/%2F%2Fevil.example'],
    ['a climb out', '/clients/../api/v1/session/sign-out'],
    ['a query (names could travel in it)', '/clients?name=Jane'],
    ['a fragment', '/clients#x'],
    ['the console API', '/api/v1/session/oidc'],
    ['the assets', '/assets/index.js'],
    ['the probes', '/health/live'],
    ['spaces and controls', '/clients/ 1'],
    ['a line break', '/clients\n/1'],
    ['nothing', ''],
    ['not a string', ['/clients']],
    ['too long', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_, path) => expect(pagePathOf(path)).toBeUndefined());
});
