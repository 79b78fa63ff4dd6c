// Sessions kept in the console's data folder: they survive a restart of the console (a new
// Sessions on the same file), end on sign-out and on idle or absolute expiry (and are purged
// then), and the file holds no token a copy of it would give away.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SessionStore } from './session-store.js';
import { type Bearer, type SessionUser, Sessions } from './sessions.js';

const user: SessionUser = { userId: 'clinician-1', role: 'clinician', sites: ['site-north'], siteRoles: { 'site-north': ['clinician'] } };
const limits = { idleSeconds: 30 * 60, maxSeconds: 12 * 3600 };
const signing = { secret: 'a-test-secret-of-at-least-32-characters!' };
const SECRET = 'the-session-store-test-secret-of-32-chars';

let folder: string;
let file: string;
let at: number;
const opened: Array<SessionStore<SessionUser, Bearer>> = [];

/** A console process: its Sessions over the store file, on the test's clock. */
function consoleProcess(secret = SECRET) {
  const store = SessionStore.open<SessionUser, Bearer>(file, secret);
  opened.push(store);
  return { sessions: new Sessions({ limits, signing, store, now: () => at }), store };
}

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'console-sessions-'));
  file = path.join(folder, 'console/sessions.db');
  at = Date.parse('2026-12-02T08:00:00Z');
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the session store', () => {
  it('keeps a session, with its bearer token, across a restart of the console', async () => {
    const first = consoleProcess();
    const session = first.sessions.start(user, { accessToken: 'provider-access-token', expiresAt: at + 10 * 60_000, refreshToken: 'r-1' });
    first.store.close();

    at += 60_000;
    const again = consoleProcess().sessions.find(session.id);
    expect(again).toMatchObject({ id: session.id, user, csrfToken: session.csrfToken, source: 'oidc' });
    expect(await consoleProcess().sessions.bearerFor(again!)).toBe('provider-access-token');
  });

  it('ends a session on sign-out for every console on the file', () => {
    const one = consoleProcess().sessions;
    const other = consoleProcess().sessions;
    const session = one.start(user);
    expect(other.find(session.id)?.user).toEqual(user);
    other.end(session.id);
    expect(one.find(session.id)).toBeUndefined();
  });

  it('ends a session after the idle time without a request, and keeps one that is used', () => {
    const { sessions } = consoleProcess();
    const used = sessions.start(user);
    const idle = sessions.start(user);
    for (let minute = 0; minute < 40; minute += 10) {
      at += 10 * 60_000;
      expect(sessions.find(used.id)).toBeDefined();
    }
    expect(sessions.find(idle.id)).toBeUndefined();
    // At the boundary: exactly the idle time since the last request still counts.
    const boundary = sessions.start(user);
    at += limits.idleSeconds * 1000;
    expect(sessions.find(boundary.id)).toBeDefined();
  });

  it('ends a session after the absolute time however busy it is, and purges ended rows', () => {
    const { sessions, store } = consoleProcess();
    const busy = sessions.start(user);
    const started = at;
    while (at - started < limits.maxSeconds * 1000) {
      expect(sessions.find(busy.id)).toBeDefined();
      at += 20 * 60_000;
    }
    // Exactly the absolute time: still on; a moment later: ended.
    expect(sessions.find(busy.id)).toBeDefined();
    at += 1;
    expect(sessions.find(busy.id)).toBeUndefined();
    sessions.start(user);
    sessions.start(user);
    at += limits.idleSeconds * 1000 + 1;
    const fresh = consoleProcess().sessions.start(user);
    // The ended two were purged when the next console started; the fresh one stays.
    expect(store.count()).toBe(1);
    expect(sessions.find(fresh.id)).toBeDefined();
  });

  it('keeps no token readable in the file: not the session id, the CSRF token or the bearer and refresh tokens', () => {
    const { sessions, store } = consoleProcess();
    const session = sessions.start(user, {
      accessToken: 'eyJ-the-access-token',
      expiresAt: at + 600_000,
      refreshToken: 'the-refresh-token',
    });
    store.close();
    const bytes = [file, `${file}-wal`].map((name) => {
      try {
        return readFileSync(name).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const secret of [session.id, session.csrfToken, 'eyJ-the-access-token', 'the-refresh-token', 'clinician-1']) {
      expect(bytes.some((content) => content.includes(secret))).toBe(false);
    }
  });

  it('opens no session sealed under another key', () => {
    const session = consoleProcess().sessions.start(user);
    expect(consoleProcess('another-session-secret-of-at-least-32-chars').sessions.find(session.id)).toBeUndefined();
  });
});
