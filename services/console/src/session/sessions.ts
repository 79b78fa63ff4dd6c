// Server-side sessions: the browser holds only a random session id in an HttpOnly cookie; the
// user's roles and sites, the CSRF token and the bearer token the console calls the services
// with stay here (docs/architecture/console.md#sessions). In memory: a restart of the console
// signs everyone out, which loses nothing (every write went to a service's event store).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthenticationRequired, type Role, mintDevToken } from '@continuum/platform';

export type SessionUser = { userId: string; role: Role; sites: string[] };

export type Session = {
  readonly id: string;
  readonly user: SessionUser;
  /** Sent back on every write in the X-CSRF-Token header (synchronizer token). */
  readonly csrfToken: string;
  readonly startedAt: number;
  lastSeenAt: number;
  /** `development`: the console mints the bearer token; `oidc`: the identity provider issued it. */
  readonly source: 'development' | 'oidc';
  bearer?: { token: string; expiresAt: number; refreshToken?: string };
};

/** Renews an identity provider's access token with its refresh token. */
export type TokenRefresher = (refreshToken: string) => Promise<{ accessToken: string; expiresAt: number; refreshToken?: string }>;

export type SessionLimits = { idleSeconds: number; maxSeconds: number };

/** How long a minted bearer token lives; a new one is minted when less than a minute is left. */
const BEARER_TTL_SECONDS = 15 * 60;

const randomToken = () => randomBytes(32).toString('base64url');

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

@Injectable()
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  /** The refresh under way per session: the page's parallel reads share it (see bearerFor). */
  private readonly renewals = new WeakMap<Session, Promise<string>>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly signing: { secret: string; issuer?: string; audience?: string },
    private readonly now: () => number = Date.now,
    private readonly refresh?: TokenRefresher,
  ) {}

  /** A new session; `tokens` are the identity provider's when it signed the user in. */
  start(user: SessionUser, tokens?: { accessToken: string; expiresAt: number; refreshToken?: string }): Session {
    const at = this.now();
    const session: Session = {
      id: randomToken(),
      user,
      csrfToken: randomToken(),
      startedAt: at,
      lastSeenAt: at,
      source: tokens ? 'oidc' : 'development',
      ...(tokens ? { bearer: { token: tokens.accessToken, expiresAt: tokens.expiresAt, refreshToken: tokens.refreshToken } } : {}),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session the id names, its idle timer restarted; undefined (and forgotten) when it has ended. */
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeenAt > this.limits.idleSeconds * 1000 || at - session.startedAt > this.limits.maxSeconds * 1000) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** The bearer token the console sends to the services for this session's user; never leaves the server. */
  async bearerFor(session: Session): Promise<string> {
    const at = this.now();
    if (session.bearer && session.bearer.expiresAt - at > 60_000) return session.bearer.token;
    if (session.source === 'oidc') {
      const refreshToken = session.bearer?.refreshToken;
      if (!refreshToken || !this.refresh) {
        if (session.bearer && session.bearer.expiresAt > at) return session.bearer.token;
        this.end(session.id);
        throw new AuthenticationRequired('Your sign-in has expired; sign in again.');
      }
      // One refresh per session at a time: a provider that rotates refresh tokens takes a second
      // use of the old one for theft and revokes the grant. A refused refresh ends the session,
      // as an expired token without one does, so the page is asked to sign in again.
      const under = this.renewals.get(session);
      if (under) return under;
      const renewal = this.refresh(refreshToken)
        .then(
          (renewed) => {
            session.bearer = {
              token: renewed.accessToken,
              expiresAt: renewed.expiresAt,
              refreshToken: renewed.refreshToken ?? refreshToken,
            };
            return renewed.accessToken;
          },
          (error: unknown) => {
            this.end(session.id);
            throw error;
          },
        )
        .finally(() => this.renewals.delete(session));
      this.renewals.set(session, renewal);
      return renewal;
    }
    const { userId, role, sites } = session.user;
    const token = await mintDevToken({ userId, roles: [role], sites, ttl: `${BEARER_TTL_SECONDS}s` }, this.signing);
    session.bearer = { token, expiresAt: at + BEARER_TTL_SECONDS * 1000 };
    return token;
  }
}
