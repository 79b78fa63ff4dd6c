// Server-side sessions: the browser holds only a random session id in an HttpOnly cookie; the
// user's roles and sites, the CSRF token and the bearer token the console calls the services
// with stay here (docs/architecture/console.md#sessions), in the session store (a SQLite file in
// the console's data folder, sealed at rest): a restart of the console signs nobody out.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AuthenticationRequired, type Role, mintDevToken } from '@continuum/platform';
import { SessionStore } from './session-store.js';

/**
 * Who is signed in: the role the console acts in (`role`, at `sites`) and every role held at
 * each site (`siteRoles`, as libs/platform's principalFrom reads the token), so a person who is
 * a clinician at one site and a supervisor at another is each where they are.
 */
export type SessionUser = { userId: string; role: Role; sites: string[]; siteRoles: Record<string, readonly Role[]> };
export type Bearer = { token: string; expiresAt: number; refreshToken?: string };

export type Session = {
  readonly id: string;
  readonly user: SessionUser;
  /** Sent back on every write in the X-CSRF-Token header (synchronizer token). */
  readonly csrfToken: string;
  readonly startedAt: number;
  lastSeenAt: number;
  /** `development`: the console mints the bearer token; `oidc`: the identity provider issued it. */
  readonly source: 'development' | 'oidc';
  bearer?: Bearer;
};

/** Renews an identity provider's access token with its refresh token. */
export type TokenRefresher = (refreshToken: string) => Promise<{ accessToken: string; expiresAt: number; refreshToken?: string }>;

export type SessionLimits = { idleSeconds: number; maxSeconds: number };

export type SessionsOptions = {
  limits: SessionLimits;
  signing: { secret: string; issuer?: string; audience?: string };
  /** Default: a store in this process's memory (tests). */
  store?: SessionStore<SessionUser, Bearer>;
  now?: () => number;
  refresh?: TokenRefresher;
};

/** How long a minted bearer token lives; a new one is minted when less than a minute is left. */
const BEARER_TTL_SECONDS = 15 * 60;
/** A session's last request is written at most this often: the idle expiry is this much early at worst. */
const TOUCH_EVERY_MS = 15_000;
/** Ended sessions are purged from the store at most this often. */
const PURGE_EVERY_MS = 60_000;

const randomToken = () => randomBytes(32).toString('base64url');

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

@Injectable()
export class Sessions implements OnApplicationShutdown {
  /** The refresh under way per session id: the page's parallel reads share it (see bearerFor). */
  private readonly renewals = new Map<string, Promise<string>>();
  private readonly limits: SessionLimits;
  private readonly signing: SessionsOptions['signing'];
  private readonly store: SessionStore<SessionUser, Bearer>;
  private readonly now: () => number;
  private readonly refresh?: TokenRefresher;
  private purgedAt = 0;

  constructor(options: SessionsOptions) {
    this.limits = options.limits;
    this.signing = options.signing;
    this.store = options.store ?? SessionStore.open(':memory:', randomToken());
    this.now = options.now ?? Date.now;
    this.refresh = options.refresh;
    this.purgeEnded();
  }

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
    this.store.put(session.id, session);
    this.purgeEnded();
    return session;
  }

  /** The live session the id names, its idle timer restarted; undefined (and removed) when it has ended. */
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const stored = this.store.get(id);
    if (!stored) return undefined;
    const at = this.now();
    if (at - stored.lastSeenAt > this.limits.idleSeconds * 1000 || at - stored.startedAt > this.limits.maxSeconds * 1000) {
      this.store.delete(id);
      return undefined;
    }
    if (at - stored.lastSeenAt >= TOUCH_EVERY_MS) this.store.touch(id, at);
    this.purgeEnded();
    return { ...stored, id, lastSeenAt: at };
  }

  /** Whether the session is still live, without restarting its idle timer (an open event stream is not activity). */
  isLive(id: string): boolean {
    const stored = this.store.get(id);
    const at = this.now();
    return !!stored && at - stored.lastSeenAt <= this.limits.idleSeconds * 1000 && at - stored.startedAt <= this.limits.maxSeconds * 1000;
  }

  end(id: string | undefined): void {
    if (id) this.store.delete(id);
  }

  onApplicationShutdown(): void {
    this.store.close();
  }

  /** The bearer token the console sends to the services for this session's user; never leaves the server. */
  async bearerFor(session: Session): Promise<string> {
    const at = this.now();
    if (session.bearer && session.bearer.expiresAt - at > 60_000) return session.bearer.token;
    if (session.source === 'oidc') {
      const under = this.renewals.get(session.id);
      if (under) return under;
      // This request may have found its session before another request's renewal ended: the
      // store holds the newest token, and the old refresh token must not be used again.
      const newest = this.store.get(session.id)?.bearer;
      if (newest) session.bearer = newest;
      if (session.bearer && session.bearer.expiresAt - at > 60_000) return session.bearer.token;
      const refreshToken = session.bearer?.refreshToken;
      if (!refreshToken || !this.refresh) {
        if (session.bearer && session.bearer.expiresAt > at) return session.bearer.token;
        this.end(session.id);
        throw new AuthenticationRequired('Your sign-in has expired; sign in again.');
      }
      // One refresh per session at a time: a provider that rotates refresh tokens takes a second
      // use of the old one for theft and revokes the grant. A refused refresh ends the session,
      // as an expired token without one does, so the page is asked to sign in again.
      const renewal = this.refresh(refreshToken)
        .then(
          (renewed) => {
            this.keepBearer(session, {
              token: renewed.accessToken,
              expiresAt: renewed.expiresAt,
              refreshToken: renewed.refreshToken ?? refreshToken,
            });
            return renewed.accessToken;
          },
          (error: unknown) => {
            this.end(session.id);
            throw error;
          },
        )
        .finally(() => this.renewals.delete(session.id));
      this.renewals.set(session.id, renewal);
      return renewal;
    }
    const { userId, role, sites } = session.user;
    const token = await mintDevToken({ userId, roles: [role], sites, ttl: `${BEARER_TTL_SECONDS}s` }, this.signing);
    this.keepBearer(session, { token, expiresAt: at + BEARER_TTL_SECONDS * 1000 });
    return token;
  }

  /** The session's new bearer token, here and in the store (unless the session ended meanwhile). */
  private keepBearer(session: Session, bearer: Bearer): void {
    session.bearer = bearer;
    if (this.store.get(session.id)) this.store.put(session.id, session);
  }

  private purgeEnded(): void {
    const at = this.now();
    if (at - this.purgedAt < PURGE_EVERY_MS) return;
    this.purgedAt = at;
    this.store.purge(at - this.limits.idleSeconds * 1000, at - this.limits.maxSeconds * 1000);
  }
}
