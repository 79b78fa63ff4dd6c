// Bearer tokens, verified with jose. Embedded mode signs with a shared secret (HS256) so a
// laptop needs no identity provider; distributed mode trusts an identity provider's
// published keys (RS256 via JWKS), so no service ever holds a signing key.
//
// In both modes a token must expire (`exp`), may be valid for at most the configured lifetime,
// must not be issued in the future (`iat`) or used before its time (`nbf`), each within a
// small clock-skew allowance; a claim of the wrong shape refuses the token (401) rather than
// admitting a caller with no roles (docs/architecture/security.md#tokens).
//
// A client sends the same token with every request until it expires, and checking its
// signature again each time was about a tenth of a service's CPU under load. So a token that
// passed every check is remembered, by its SHA-256 (the token itself is never kept), until its
// `exp` and never longer (nor longer than VERIFIED_TOKEN_TTL_MS, so that a key the identity
// provider withdrew stops being honoured within minutes, as jose's own JWKS cache does). Every
// check of a token is time-independent once passed, except expiry: a remembered token past
// its `exp` is checked again from scratch, and refused beyond the skew. A refused token is
// never remembered.
import { createHash } from 'node:crypto';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { type PlatformConfig } from '../config/service-config.js';
import { AuthenticationRequired } from '../errors/problem-exceptions.js';
import { type Principal, type Role, isNetworkRole, isRole } from './roles.js';

/** Defaults of JWT_MAX_LIFETIME_SECONDS and JWT_CLOCK_SKEW_SECONDS. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 3600;
export const DEFAULT_TOKEN_CLOCK_SKEW_SECONDS = 30;

type CommonAuthSettings = {
  issuer?: string;
  audience?: string;
  /** The longest a token may be valid; default 12 h. */
  maxLifetimeSeconds?: number;
  /** How far clocks may disagree on exp, nbf and iat; default 30 s. */
  clockSkewSeconds?: number;
  /** The time tokens are checked at; defaults to the system's. */
  now?: () => Date;
};

/** The longest a verified token is remembered, whatever its `exp`. */
export const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;
/** The most tokens remembered; past it the longest-remembered is forgotten first. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export type AuthSettings = ({ mode: 'hs256'; secret: string } | { mode: 'jwks'; jwksUrl: string }) & CommonAuthSettings;

export function authSettingsFrom(config: PlatformConfig): AuthSettings {
  const common = {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
    clockSkewSeconds: config.JWT_CLOCK_SKEW_SECONDS,
  };
  return config.AUTH_MODE === 'jwks'
    ? { mode: 'jwks', jwksUrl: config.JWT_JWKS_URL as string, ...common }
    : { mode: 'hs256', secret: config.JWT_SECRET, ...common };
}

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly maxLifetime: number;
  private readonly skew: number;
  private readonly now: () => Date;
  /** Verified tokens by their SHA-256: the principal, until when it may be reused (epoch ms). */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly settings: AuthSettings) {
    if (settings.mode === 'jwks') {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256'];
    } else {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    }
    this.maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
    this.skew = settings.clockSkewSeconds ?? DEFAULT_TOKEN_CLOCK_SKEW_SECONDS;
    this.now = settings.now ?? (() => new Date());
  }

  /** The principal a token names; throws AuthenticationRequired (401) saying why it is refused. */
  async verify(token: string): Promise<Principal> {
    const currentDate = this.now();
    const digest = createHash('sha256').update(token).digest('base64url');
    const remembered = this.verified.get(digest);
    if (remembered !== undefined) {
      if (currentDate.getTime() < remembered.until) return copyOf(remembered.principal);
      this.verified.delete(digest);
    }
    const { payload, principal } = await this.verifyFully(token, currentDate);
    const until = Math.min((payload.exp as number) * 1000, currentDate.getTime() + VERIFIED_TOKEN_TTL_MS);
    if (until > currentDate.getTime()) this.remember(digest, principal, until);
    return copyOf(principal);
  }

  private remember(digest: string, principal: Principal, until: number): void {
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(digest, { principal: copyOf(principal), until });
  }

  private async verifyFully(token: string, currentDate: Date): Promise<{ payload: JWTPayload; principal: Principal }> {
    let payload: JWTPayload;
    try {
      const options = {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp'],
        clockTolerance: this.skew,
        currentDate,
      };
      // jose overloads on the key's type; both branches take the same options.
      ({ payload } =
        typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options));
    } catch (error) {
      throw new AuthenticationRequired(refusal(error));
    }
    this.checkLifetime(payload, Math.floor(currentDate.getTime() / 1000));
    return { payload, principal: principalFrom(payload) };
  }

  // jose has checked that exp, iat and nbf are numbers and that exp and nbf allow `now`.
  private checkLifetime(payload: JWTPayload, now: number): void {
    const exp = payload.exp as number;
    const iat = payload.iat;
    if (iat !== undefined && iat > now + this.skew) {
      throw new AuthenticationRequired('Your token was issued in the future (its "iat" claim); check the clock of the identity provider.');
    }
    const hours = Math.round((this.maxLifetime / 3600) * 10) / 10;
    if (exp - (iat ?? now) > this.maxLifetime || exp - now > this.maxLifetime + this.skew) {
      throw new AuthenticationRequired(
        `Your token is valid for longer than this service accepts (${hours} h at most); get a shorter-lived token (locally: npm run token).`,
      );
    }
  }
}

/** A principal of its own for each caller: a remembered one is never shared. */
function copyOf(principal: Principal): Principal {
  const sites: Record<string, Role[]> = Object.fromEntries(Object.entries(principal.sites).map(([siteId, roles]) => [siteId, [...roles]]));
  return { userId: principal.userId, roles: [...principal.roles], sites };
}

function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Your token has expired; sign in again (locally: npm run token).';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return "Your token was not signed by a key this service trusts; sign in again with this network's identity provider.";
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') {
      return 'Your token never expires (it has no "exp" claim); this service accepts only tokens that expire.';
    }
    if (error.claim === 'nbf') return 'Your token is not valid yet (its "nbf" claim is in the future); try again when it is.';
    return `Your token's "${error.claim}" claim is not accepted here (${error.reason}); get a token issued for this service.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'Your token is signed with an algorithm this service does not accept.';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "The identity provider's keys could not be fetched to check your token; try again shortly.";
  }
  return 'Your token is not a valid signed JWT; send "Authorization: Bearer <token>".';
}

function malformed(claim: string, expected: string): AuthenticationRequired {
  return new AuthenticationRequired(`Your token's "${claim}" claim is malformed (${expected}); get a token from the identity provider.`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The principal a verified token's claims name: its user, its network roles and its roles per
 * site; a claim of the wrong shape refuses it (401). The console reads its signed-in user's
 * token with the same rules as the services that will check it.
 */
export function principalFrom(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new AuthenticationRequired('Your token names no user (the "sub" claim is missing); get a token from the identity provider.');
  }
  if (payload.roles !== undefined && !isStringArray(payload.roles)) throw malformed('roles', 'a list of role codes');
  const siteClaim = payload.sites;
  if (siteClaim !== undefined && (siteClaim === null || typeof siteClaim !== 'object' || Array.isArray(siteClaim))) {
    throw malformed('sites', 'an object from site id to a list of role codes');
  }
  // Unknown role codes are dropped rather than refused: they grant nothing here, and an
  // identity provider shared with other systems may carry roles of theirs. Only network roles
  // count network-wide: a staff role in `roles` grants nothing (docs/domain/roles-and-sites.md#roles).
  const roles: Role[] = (payload.roles ?? []).filter(isNetworkRole);
  const entries = Object.entries((siteClaim ?? {}) as Record<string, unknown>).map(([siteId, siteRoles]) => {
    if (siteId.trim() === '' || !isStringArray(siteRoles)) throw malformed('sites', 'an object from site id to a list of role codes');
    return [siteId, siteRoles.filter(isRole)] as const;
  });
  // fromEntries defines own properties: a site id such as `__proto__` is a key like any other.
  const sites: Record<string, Role[]> = Object.fromEntries(entries);
  return { userId: payload.sub, roles, sites };
}
