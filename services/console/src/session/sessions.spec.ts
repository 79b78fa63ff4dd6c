// The bearer token of a session the identity provider opened: renewed with its refresh token,
// once however many of the page's reads ask at the same time, and the session ended when the
// provider refuses the renewal.
import { describe, expect, it } from '@jest/globals';
import { AuthenticationRequired } from '@continuum/platform';
import { Sessions, type TokenRefresher } from './sessions.js';

const user = {
  userId: 'clinician-1',
  role: 'clinician' as const,
  sites: ['site-north'],
  siteRoles: { 'site-north': ['clinician' as const] },
};
const limits = { idleSeconds: 30 * 60, maxSeconds: 12 * 3600 };
const signing = { secret: 'a-test-secret-of-at-least-32-characters!' };

function sessionsAt(refresh?: TokenRefresher) {
  let at = 1_000_000;
  const sessions = new Sessions({ limits, signing, now: () => at, refresh });
  return { sessions, later: (ms: number) => (at += ms) };
}

describe('a session opened by the identity provider', () => {
  it('uses the provider’s access token while more than a minute of it is left', async () => {
    const { sessions } = sessionsAt(() => Promise.reject(new Error('no refresh expected')));
    const session = sessions.start(user, { accessToken: 'access-1', expiresAt: 1_000_000 + 5 * 60_000, refreshToken: 'refresh-1' });
    expect(await sessions.bearerFor(session)).toBe('access-1');
  });

  it('renews the token once for parallel reads, and keeps the rotated refresh token', async () => {
    const used: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { sessions, later } = sessionsAt(async (refreshToken) => {
      used.push(refreshToken);
      await gate;
      return { accessToken: `access-${used.length + 1}`, expiresAt: 1_000_000 + 20 * 60_000, refreshToken: `refresh-${used.length + 1}` };
    });
    const session = sessions.start(user, { accessToken: 'access-1', expiresAt: 1_000_000 + 5 * 60_000, refreshToken: 'refresh-1' });
    later(4.5 * 60_000);
    const reads = Promise.all([sessions.bearerFor(session), sessions.bearerFor(session), sessions.bearerFor(session)]);
    release();
    expect(await reads).toEqual(['access-2', 'access-2', 'access-2']);
    expect(used).toEqual(['refresh-1']);
    expect(session.bearer).toMatchObject({ token: 'access-2', refreshToken: 'refresh-2' });
    // The renewed tokens are the session's from now on, for every later request.
    expect(sessions.find(session.id)).toMatchObject({ id: session.id, bearer: { token: 'access-2', refreshToken: 'refresh-2' } });
  });

  it('gives a request that found its session before a renewal ended the renewed token, not a second renewal', async () => {
    const used: string[] = [];
    const { sessions, later } = sessionsAt(async (refreshToken) => {
      used.push(refreshToken);
      return { accessToken: `access-${used.length + 1}`, expiresAt: 1_000_000 + 20 * 60_000, refreshToken: `refresh-${used.length + 1}` };
    });
    const { id } = sessions.start(user, { accessToken: 'access-1', expiresAt: 1_000_000 + 5 * 60_000, refreshToken: 'refresh-1' });
    later(4.5 * 60_000);
    const first = sessions.find(id)!;
    const second = sessions.find(id)!;
    expect(await sessions.bearerFor(first)).toBe('access-2');
    // The second request's copy still holds refresh-1, which a rotating provider would take for theft.
    expect(await sessions.bearerFor(second)).toBe('access-2');
    expect(used).toEqual(['refresh-1']);
  });

  it('ends the session when the provider refuses the renewal', async () => {
    const { sessions, later } = sessionsAt(() => Promise.reject(new AuthenticationRequired('Your sign-in has ended; sign in again.')));
    const session = sessions.start(user, { accessToken: 'access-1', expiresAt: 1_000_000 + 5 * 60_000, refreshToken: 'refresh-1' });
    later(4.5 * 60_000);
    await expect(sessions.bearerFor(session)).rejects.toBeInstanceOf(AuthenticationRequired);
    expect(sessions.find(session.id)).toBeUndefined();
  });

  it('without a refresh token, uses the token until it expires and then ends the session', async () => {
    const { sessions, later } = sessionsAt();
    const session = sessions.start(user, { accessToken: 'access-1', expiresAt: 1_000_000 + 5 * 60_000 });
    later(4.5 * 60_000);
    expect(await sessions.bearerFor(session)).toBe('access-1');
    later(60_000);
    await expect(sessions.bearerFor(session)).rejects.toBeInstanceOf(AuthenticationRequired);
    expect(sessions.find(session.id)).toBeUndefined();
  });
});
