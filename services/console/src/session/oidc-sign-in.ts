// Signing in through the network's OpenID Connect provider with openid-client: the
// authorisation code flow with PKCE (S256), `state` and `nonce` checked on the way back
// (docs/architecture/console.md#signing-in). The access token the provider issues (a JWT the
// services verify against its JWKS) becomes the session's bearer token, renewed with the
// refresh token; none of it reaches the browser.
import * as client from 'openid-client';
import { type JWTPayload, decodeJwt } from 'jose';
import { AuthenticationRequired, principalFrom } from '@continuum/platform';
import { type ConsoleConfig } from '../console.config.js';
import { type SessionUser } from './sessions.js';

/** What the console keeps between sending the browser to the provider and its return. */
export type PendingSignIn = { codeVerifier: string; state: string; nonce: string; redirectUri: string; expiresAt: number };
export type ProviderTokens = { accessToken: string; expiresAt: number; refreshToken?: string };

const PENDING_SECONDS = 10 * 60;

export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  constructor(
    private readonly config: Pick<ConsoleConfig, 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET'>,
    private readonly now: () => number = Date.now,
  ) {}

  get isConfigured(): boolean {
    return this.config.OIDC_ISSUER_URL !== undefined;
  }

  /** The provider's authorisation URL for a new sign-in, and what to keep until the browser returns. */
  async begin(redirectUri: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      codeVerifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      redirectUri,
      expiresAt: this.now() + PENDING_SECONDS * 1000,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid offline_access',
      prompt: 'consent',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** The code exchanged (PKCE verifier, state and nonce checked): who signed in and their tokens. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<{ user: SessionUser; tokens: ProviderTokens }> {
    if (pending.expiresAt < this.now()) throw new AuthenticationRequired('The sign-in took too long; sign in again.');
    let answer: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
    try {
      answer = await client.authorizationCodeGrant(await this.discovered(), callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new AuthenticationRequired(`The identity provider's answer was not accepted (${(error as Error).message}); sign in again.`);
    }
    const tokens = this.tokensOf(answer);
    return { user: userFromAccessToken(tokens.accessToken), tokens };
  }

  async refresh(refreshToken: string): Promise<ProviderTokens> {
    try {
      const answer = await client.refreshTokenGrant(await this.discovered(), refreshToken);
      return { ...this.tokensOf(answer), refreshToken: answer.refresh_token ?? refreshToken };
    } catch {
      throw new AuthenticationRequired('Your sign-in has ended at the identity provider; sign in again.');
    }
  }

  private tokensOf(answer: client.TokenEndpointResponse): ProviderTokens {
    return {
      accessToken: answer.access_token,
      expiresAt: this.now() + (answer.expires_in ?? 300) * 1000,
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    };
  }

  private discovered(): Promise<client.Configuration> {
    const issuer = this.config.OIDC_ISSUER_URL;
    if (!issuer) throw new Error('OIDC_ISSUER_URL is not set');
    this.configuration ??= client
      .discovery(
        new URL(issuer),
        this.config.OIDC_CLIENT_ID,
        this.config.OIDC_CLIENT_SECRET,
        undefined,
        // Plain HTTP only for a development provider (http://localhost:3900, http://oidc:3900 in compose).
        issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }
}

/**
 * The session's user from the access token's claims (libs/platform's: `sub`, network `roles`,
 * `sites` from site id to roles). The token came from the provider's token endpoint over the
 * console's authenticated back channel; every service verifies its signature again.
 */
export function userFromAccessToken(accessToken: string): SessionUser {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    throw new AuthenticationRequired('The identity provider issued an access token that is not a JWT; the console cannot use it.');
  }
  // Read as the services will read it (libs/platform's principalFrom). The session acts in one
  // role, the network role if any, else the first role held at a site, and keeps every role held
  // at each site (siteRoles); the services see the whole token anyway.
  const { userId, roles, sites } = principalFrom(claims);
  const siteRoles = Object.fromEntries(Object.entries(sites).filter(([, held]) => held.length > 0));
  const networkRole = roles[0];
  if (networkRole) return { userId, role: networkRole, sites: [], siteRoles };
  const role = Object.values(siteRoles).flat()[0];
  if (!role) throw new AuthenticationRequired('Your account holds no Continuum role; ask your administrator.');
  return {
    userId,
    role,
    sites: Object.entries(siteRoles)
      .filter(([, held]) => held.includes(role))
      .map(([siteId]) => siteId),
    siteRoles,
  };
}
