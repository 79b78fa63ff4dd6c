// The development OpenID Connect provider: the maintained `oidc-provider` package, configured
// for a laptop or the compose stack, never for production (docs/architecture/console.md#signing-in).
//
// - Issuer OIDC_ISSUER (default http://localhost:<OIDC_PORT>), port OIDC_PORT (default 3900).
// - Users and their roles and sites from OIDC_USERS_FILE (default users.json beside this file):
//   the sign-in page lists them; there are no passwords, it is a development provider.
// - One client, the console (OIDC_CLIENT_ID, OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE, OIDC_REDIRECT_URIS comma-
//   separated): authorisation code with PKCE (S256) required, refresh tokens.
// - Access tokens are RS256 JWTs for the audience OIDC_AUDIENCE (default `continuum`) carrying
//   the claims libs/platform's token verifier reads: `sub`, `roles` (network roles) and `sites`
//   (site id → role codes). The signing key is made at start; its JWKS is served at /jwks.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The resource the console asks tokens for: the Continuum services' APIs. */
export const API_RESOURCE = 'urn:continuum:api';
const ACCESS_TOKEN_SECONDS = 15 * 60;

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** OIDC_CLIENT_SECRET, or the content of the file OIDC_CLIENT_SECRET_FILE names (a compose secret), else the development default. */
function clientSecretFrom(env) {
  if (env.OIDC_CLIENT_SECRET_FILE) return readFileSync(env.OIDC_CLIENT_SECRET_FILE, 'utf8').replace(/\r?\n$/, '');
  return env.OIDC_CLIENT_SECRET ?? 'continuum-console-development-secret';
}

function settingsFrom(env) {
  const port = Number(env.OIDC_PORT ?? 3900);
  return {
    port,
    host: env.OIDC_HOST ?? '0.0.0.0',
    issuer: env.OIDC_ISSUER ?? `http://localhost:${port}`,
    audience: env.OIDC_AUDIENCE ?? 'continuum',
    usersFile: env.OIDC_USERS_FILE ?? path.join(HERE, 'users.json'),
    clientId: env.OIDC_CLIENT_ID ?? 'continuum-console',
    clientSecret: clientSecretFrom(env),
    redirectUris: (env.OIDC_REDIRECT_URIS ?? 'http://localhost:3100/api/v1/session/oidc/callback').split(',').map((uri) => uri.trim()),
  };
}

/** Starts the provider; answers its URL and a close(). `port: 0` takes a free port (tests). */
export async function startOidcProvider(env = process.env) {
  const settings = settingsFrom(env);
  const { users } = JSON.parse(readFileSync(settings.usersFile, 'utf8'));
  const userById = new Map(users.map((user) => [user.id, user]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  const provider = new Provider(settings.issuer, {
    clients: [
      {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        redirect_uris: settings.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid offline_access',
          audience: settings.audience,
          accessTokenTTL: ACCESS_TOKEN_SECONDS,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The console is the network's own application: no consent screen, the grant is made here.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid offline_access');
      grant.addResourceScope(API_RESOURCE, 'openid offline_access');
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken') return undefined;
      const user = userById.get(token.accountId);
      return user ? { roles: user.roles, sites: user.sites } : undefined;
    },
    async findAccount(_ctx, sub) {
      if (!userById.has(sub)) return undefined;
      return { accountId: sub, claims: async () => ({ sub }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: ACCESS_TOKEN_SECONDS, IdToken: 3600, RefreshToken: 12 * 3600, Session: 12 * 3600, Grant: 12 * 3600 },
  });

  // The sign-in page: choose a development user (no password). Everything else is the provider's.
  const callback = provider.callback();
  const server = createServer(async (request, response) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(request.url?.split('?')[0] ?? '');
    if (!match) return callback(request, response);
    try {
      const details = await provider.interactionDetails(request, response);
      // The console asks for consent (prompt=consent, for its refresh token); it is granted here.
      if (details.prompt.name === 'consent') {
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope('openid offline_access');
        grant.addResourceScope(API_RESOURCE, 'openid offline_access');
        const grantId = await grant.save();
        await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      if (request.method === 'POST' && match[2]) {
        const body = new URLSearchParams(await readBody(request));
        const accountId = body.get('user') ?? '';
        if (!userById.has(accountId)) {
          response.writeHead(400, { 'Content-Type': 'text/plain' }).end('choose one of the listed users');
          return;
        }
        await provider.interactionFinished(request, response, { login: { accountId } }, { mergeWithLastSubmission: false });
        return;
      }
      const options = users.map((user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(user.label ?? user.id)}</option>`).join('');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in (development)</title></head><body>` +
          `<main><h1>Sign in to Continuum (development provider)</h1>` +
          `<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">` +
          `<label for="user">Person</label> <select id="user" name="user">${options}</select> ` +
          `<button type="submit">Sign in</button></form></main></body></html>`,
      );
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end(`sign-in failed: ${error.message}`);
    }
  });
  await new Promise((resolve) => server.listen(settings.port, settings.host, resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    issuer: settings.issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) request.destroy();
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = await startOidcProvider();
  console.log(`development OpenID Connect provider: issuer ${started.issuer}, listening on ${started.url}`);
  const stop = () => started.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
