// Bearer tokens, verified with jose. Embedded mode signs with a shared secret (HS256) so a
// laptop needs no identity provider; distributed mode trusts an identity provider's
// published keys (RS256 via JWKS), so no service ever holds a signing key.
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { type PlatformConfig } from '../config/service-config.js';
import { AuthenticationRequired } from '../errors/problem-exceptions.js';
import { type Principal, type Role, isRole } from './roles.js';

export type AuthSettings =
  | { mode: 'hs256'; secret: string; issuer?: string; audience?: string }
  | { mode: 'jwks'; jwksUrl: string; issuer?: string; audience?: string };

export function authSettingsFrom(config: PlatformConfig): AuthSettings {
  const claims = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  return config.AUTH_MODE === 'jwks'
    ? { mode: 'jwks', jwksUrl: config.JWT_JWKS_URL as string, ...claims }
    : { mode: 'hs256', secret: config.JWT_SECRET, ...claims };
}

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: AuthSettings) {
    if (settings.mode === 'jwks') {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256'];
    } else {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    }
  }

  /** The principal a token names; throws AuthenticationRequired (401) saying why it is refused. */
  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = { algorithms: this.algorithms, issuer: this.settings.issuer, audience: this.settings.audience };
      // jose overloads on the key's type; both branches take the same options.
      ({ payload } =
        typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options));
    } catch (error) {
      throw new AuthenticationRequired(refusal(error));
    }
    return principalFrom(payload);
  }
}

function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Your token has expired; sign in again (locally: npm run token).';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return "Your token was not signed by a key this service trusts; sign in again with this network's identity provider.";
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `Your token's "${error.claim}" claim is not accepted here (${error.reason}); get a token issued for this service.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'Your token is signed with an algorithm this service does not accept.';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "The identity provider's keys could not be fetched to check your token; try again shortly.";
  }
  return 'Your token is not a valid signed JWT; send "Authorization: Bearer <token>".';
}

function principalFrom(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new AuthenticationRequired('Your token names no user (the "sub" claim is missing); get a token from the identity provider.');
  }
  // Unknown role codes are dropped rather than refused: they grant nothing here, and an
  // identity provider shared with other systems may carry roles of theirs.
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  const sites: Record<string, Role[]> = {};
  if (payload.sites && typeof payload.sites === 'object' && !Array.isArray(payload.sites)) {
    for (const [siteId, siteRoles] of Object.entries(payload.sites as Record<string, unknown>)) {
      if (Array.isArray(siteRoles)) sites[siteId] = siteRoles.filter(isRole);
    }
  }
  return { userId: payload.sub, roles, sites };
}
