// The console's own rules, over HTTP without a browser: the development sign-in and its
// absence in production mode, the session cookie's flags, the CSRF token and same-origin
// check on every write (a refused write reaches no service), the page's security headers,
// and the route to the services: the session's bearer token goes to the service and never
// back to the page, and nothing but the five services' APIs is reachable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplication } from '@nestjs/common';
import { DEV_JWT_SECRET, TokenVerifier } from '@continuum/platform';
import { createConsoleApp } from './console-app.js';
import { DEV_OIDC_CLIENT_SECRET, DEV_SESSION_SECRET } from './console.config.js';

type Answer = { statusCode: number; headers: IncomingHttpHeaders; body: string; json<T = Record<string, unknown>>(): T };
type Call = { method: string; url: string; headers?: Record<string, string>; payload?: object };

/** One HTTP request to a listening app, with any Host header (fetch cannot set one). */
function callOf(app: INestApplication) {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return ({ method, url, headers = {}, payload }: Call) =>
    new Promise<Answer>((resolve, reject) => {
      const body = payload === undefined ? undefined : JSON.stringify(payload);
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method, path: url, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () =>
            resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: text, json: <T>() => JSON.parse(text) as T }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

const METRICS_TOKEN = 'the-console-scraper-token-of-32-characters';

describe('console', () => {
  let upstream: Server;
  const seen: Seen[] = [];
  let app: INestApplication;
  let fastify: { inject: (call: Call) => Promise<Answer> };
  const logLines: string[] = [];
  // The console's data folder (its session store), the same for every console app below.
  const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'console-e2e-'));
  let upstreamUrl: string;

  beforeAll(async () => {
    // A stand-in for intake: records what reaches it, answers a problem for /clients/refuse.
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        const refused = request.url?.includes('refuse');
        response.writeHead(refused ? 422 : 200, { 'Content-Type': refused ? 'application/problem+json' : 'application/json' });
        response.end(
          JSON.stringify(
            refused
              ? { title: 'A business rule refuses this request', status: 422, errors: [{ field: 'statements', problem: 'missing' }] }
              : { ok: true },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    app = await createConsoleApp({
      env: { INTAKE_URL: upstreamUrl, LOG_LEVEL: 'log', METRICS_TOKEN, DATA_DIR },
      logSink: (line) => logLines.push(line),
      webAppFolder: '/nonexistent',
    });
    await app.listen(0, '127.0.0.1');
    fastify = { inject: callOf(app) };
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => upstream?.close(resolve));
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  const local = { host: 'localhost:3100' };

  async function signIn(
    body: object = { userId: 'clinician-1', role: 'clinician', sites: ['site-north'] },
    headers: Record<string, string> = local,
  ) {
    const answer = await fastify.inject({ method: 'POST', url: '/api/v1/session/development', headers, payload: body });
    const cookie = String(answer.headers['set-cookie'] ?? '');
    return { answer, cookie: cookie.split(';')[0]!, setCookie: cookie, csrfToken: answer.json<{ csrfToken?: string }>().csrfToken ?? '' };
  }

  it('signs a developer in with an HttpOnly, SameSite=Strict cookie, Secure with __Host- when not on a plain-HTTP loopback address', async () => {
    const onLoopback = await signIn();
    expect(onLoopback.answer.statusCode).toBe(200);
    expect(onLoopback.setCookie).toMatch(/^continuum-session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(onLoopback.answer.json()).toMatchObject({
      signedIn: true,
      user: { userId: 'clinician-1', role: 'clinician', sites: ['site-north'] },
    });
    const elsewhere = await signIn(undefined, { host: 'console.example.org' });
    expect(elsewhere.setCookie).toMatch(/^__Host-continuum-session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    // The session answer names the user and the CSRF token, never a bearer token.
    expect(JSON.stringify(onLoopback.answer.json())).not.toMatch(/eyJ/);
  });

  it('refuses a sign-in naming an unknown person, a role the person lacks, or no site for a staff role', async () => {
    const answer = await fastify.inject({
      method: 'POST',
      url: '/api/v1/session/development',
      headers: local,
      payload: { userId: 'clinician-1', role: 'auditor', sites: [] },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toEqual(['role']);
    expect(answer.headers['set-cookie']).toBeUndefined();
    const noSite = await fastify.inject({
      method: 'POST',
      url: '/api/v1/session/development',
      headers: local,
      payload: { userId: 'clinician-1', role: 'clinician', sites: [] },
    });
    expect(noSite.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toEqual(['sites']);
    const crossSite = await fastify.inject({
      method: 'POST',
      url: '/api/v1/session/development',
      headers: { ...local, origin: 'https://evil.example' },
      payload: { userId: 'clinician-1', role: 'clinician', sites: ['site-north'] },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('offers no development sign-in in production mode', async () => {
    const production = await createConsoleApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
        SESSION_SECRET: 'a-session-store-secret-of-at-least-32-chars',
        LOG_LEVEL: 'error',
        DATA_DIR,
      },
      webAppFolder: '/nonexistent',
    });
    try {
      await production.listen(0, '127.0.0.1');
      const instance = { inject: callOf(production) };
      const answer = await instance.inject({
        method: 'POST',
        url: '/api/v1/session/development',
        headers: local,
        payload: { userId: 'clinician-1', role: 'clinician', sites: ['site-north'] },
      });
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['set-cookie']).toBeUndefined();
      const session = await instance.inject({ method: 'GET', url: '/api/v1/session', headers: local });
      expect(session.json()).toEqual({ signedIn: false, developmentSignIn: null, providerSignIn: null });
    } finally {
      await production.close();
    }
  });

  it('calls the service with the session’s bearer token and the page’s Idempotency-Key, and gives the token to no one else', async () => {
    const { cookie, csrfToken } = await signIn();
    seen.length = 0;
    const answer = await fastify.inject({
      method: 'POST',
      url: '/api/v1/services/intake/clients?x=1',
      headers: { ...local, cookie, 'x-csrf-token': csrfToken, 'idempotency-key': 'key-1', 'content-type': 'application/json' },
      payload: { siteId: 'site-north' },
    });
    expect(answer.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/clients?x=1', body: '{"siteId":"site-north"}' });
    expect(seen[0]!.headers['idempotency-key']).toBe('key-1');
    expect(seen[0]!.headers.cookie).toBeUndefined();
    const token = String(seen[0]!.headers.authorization).replace(/^Bearer /, '');
    const principal = await new TokenVerifier({ mode: 'hs256', secret: DEV_JWT_SECRET }).verify(token);
    expect(principal).toEqual({ userId: 'clinician-1', roles: [], sites: { 'site-north': ['clinician'] } });
    expect(JSON.stringify(answer.headers) + answer.body).not.toContain(token);
    expect(logLines.join('\n')).not.toContain(token);
  });

  it("continues the page's trace to the service, and counts the call on /metrics by route template for the scraper only", async () => {
    const { cookie, csrfToken } = await signIn();
    seen.length = 0;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientId = '3f2b1c0d-aaaa-4bbb-8ccc-123456789abc';
    const answer = await fastify.inject({
      method: 'POST',
      url: `/api/v1/services/intake/clients/${clientId}/screenings`,
      headers: {
        ...local,
        cookie,
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      payload: { siteId: 'site-north' },
    });
    expect(answer.statusCode).toBe(200);
    expect(String(seen[0]!.headers.traceparent)).toMatch(new RegExp(`^00-${traceId}-(?!00f067aa0ba902b7)[0-9a-f]{16}-0[01]$`));

    expect((await fastify.inject({ method: 'GET', url: '/metrics', headers: local })).statusCode).toBe(401);
    const scrape = await fastify.inject({
      method: 'GET',
      url: '/metrics',
      headers: { ...local, authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^http_requests_total\{.*method="POST".*route="\/api\/v1\/services\/[^"]*".*status="200".*\} [1-9]/m);
    expect(scrape.body).not.toContain(clientId);
    expect(scrape.body).not.toContain('clinician-1');
  });

  it('returns the service’s problem as it came, for the page to show beside the field', async () => {
    const { cookie, csrfToken } = await signIn();
    const answer = await fastify.inject({
      method: 'POST',
      url: '/api/v1/services/intake/clients/refuse',
      headers: { ...local, cookie, 'x-csrf-token': csrfToken },
      payload: {},
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({ errors: [{ field: 'statements', problem: 'missing' }] });
  });

  it('refuses a write without the CSRF token, with another session’s token, or from another origin, and the service never hears of it', async () => {
    const { cookie, csrfToken } = await signIn();
    const other = await signIn();
    seen.length = 0;
    const attempts = [
      { ...local, cookie },
      { ...local, cookie, 'x-csrf-token': other.csrfToken },
      { ...local, cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' },
    ];
    for (const headers of attempts) {
      const answer = await fastify.inject({ method: 'POST', url: '/api/v1/services/intake/clients', headers, payload: {} });
      expect(answer.statusCode).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const signedOut = await fastify.inject({ method: 'GET', url: '/api/v1/services/intake/clients', headers: local });
    expect(signedOut.statusCode).toBe(401);
    expect(seen).toEqual([]);
  });

  it('reaches only the five services’ APIs: an unknown service or a path that climbs out is not found', async () => {
    const { cookie } = await signIn();
    seen.length = 0;
    for (const url of [
      '/api/v1/services/billing/anything',
      '/api/v1/services/intake/../../health/live',
      '/api/v1/services/intake/%2e%2e/health',
      '/api/v1/services/intake',
    ]) {
      const answer = await fastify.inject({ method: 'GET', url, headers: { ...local, cookie } });
      expect([url, answer.statusCode]).toEqual([url, 404]);
    }
    expect(seen).toEqual([]);
  });

  it('ends the session on sign-out: the cookie is cleared and the session id no longer works', async () => {
    const { cookie, csrfToken } = await signIn();
    const out = await fastify.inject({
      method: 'POST',
      url: '/api/v1/session/sign-out',
      headers: { ...local, cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/continuum-session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await fastify.inject({ method: 'GET', url: '/api/v1/session', headers: { ...local, cookie } });
    expect(after.json()).toMatchObject({ signedIn: false });
  });

  it('keeps a session across a restart of the console: the same cookie still works, until sign-out', async () => {
    const { cookie, csrfToken } = await signIn();
    const restarted = await createConsoleApp({
      env: { INTAKE_URL: upstreamUrl, LOG_LEVEL: 'error', DATA_DIR },
      webAppFolder: '/nonexistent',
    });
    try {
      await restarted.listen(0, '127.0.0.1');
      const afterRestart = { inject: callOf(restarted) };
      const session = await afterRestart.inject({ method: 'GET', url: '/api/v1/session', headers: { ...local, cookie } });
      expect(session.json()).toMatchObject({ signedIn: true, user: { userId: 'clinician-1' }, csrfToken });
      seen.length = 0;
      const read = await afterRestart.inject({ method: 'GET', url: '/api/v1/services/intake/clients', headers: { ...local, cookie } });
      expect(read.statusCode).toBe(200);
      expect(seen[0]!.headers.authorization).toMatch(/^Bearer eyJ/);
      const out = await afterRestart.inject({
        method: 'POST',
        url: '/api/v1/session/sign-out',
        headers: { ...local, cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
    // Signed out on the restarted console: the first one no longer knows the cookie either.
    const after = await fastify.inject({ method: 'GET', url: '/api/v1/session', headers: { ...local, cookie } });
    expect(after.json()).toMatchObject({ signedIn: false });
  });

  it('refuses to start in production mode with the development provider’s client secret or a plain-HTTP provider', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      SESSION_SECRET: 'a-session-store-secret-of-at-least-32-chars',
      DATA_DIR,
    };
    await expect(
      createConsoleApp({ env: { ...production, OIDC_ISSUER_URL: 'https://idp.example', OIDC_CLIENT_SECRET: DEV_OIDC_CLIENT_SECRET } }),
    ).rejects.toThrow(/OIDC_CLIENT_SECRET: the development provider's documented secret is refused/);
    await expect(createConsoleApp({ env: { ...production, OIDC_ISSUER_URL: 'https://idp.example' } })).rejects.toThrow(
      /OIDC_CLIENT_SECRET/,
    );
    await expect(
      createConsoleApp({
        env: { ...production, OIDC_ISSUER_URL: 'http://idp.example', OIDC_CLIENT_SECRET: 'the-console-secret-at-the-provider' },
      }),
    ).rejects.toThrow(/OIDC_ISSUER_URL: a plain-HTTP identity provider is refused/);
    // In development both are accepted (the development provider on a laptop).
    const development = await createConsoleApp({
      env: { OIDC_ISSUER_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'error', DATA_DIR },
      webAppFolder: '/nonexistent',
    });
    await development.close();
  });

  it('refuses to start outside embedded mode without a session-store secret of its own', async () => {
    for (const env of [
      { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters' },
      { AUTH_MODE: 'jwks', JWT_JWKS_URL: 'http://127.0.0.1:1/jwks' },
      { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters', SESSION_SECRET: DEV_SESSION_SECRET },
    ]) {
      await expect(createConsoleApp({ env: { ...env, DATA_DIR }, webAppFolder: '/nonexistent' })).rejects.toThrow(
        /SESSION_SECRET: required/,
      );
    }
  });

  it('names the signed-in user’s first queue page for preloading at /queues, and nothing of anyone’s without a session or on another page', async () => {
    const web = mkdtempSync(path.join(tmpdir(), 'console-pages-'));
    writeFileSync(
      path.join(web, 'index.html'),
      '<!doctype html><html><head><title>Continuum</title></head><body><div id="root"></div></body></html>',
    );
    const { cookie } = await signIn({ userId: 'clinician-1', role: 'clinician', sites: ['site-north'] });
    const pages = await createConsoleApp({ env: { INTAKE_URL: upstreamUrl, LOG_LEVEL: 'error', DATA_DIR }, webAppFolder: web });
    try {
      await pages.listen(0, '127.0.0.1');
      const call = callOf(pages);
      const read =
        '<link rel="preload" as="fetch" crossorigin href="/api/v1/services/intake/safety-follow-ups?siteId=site-north&amp;limit=25">';
      const signedIn = await call({ method: 'GET', url: '/queues', headers: { ...local, cookie } });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.body).toContain(read);
      expect(signedIn.headers['cache-control']).toBe('no-store');
      seen.length = 0;
      for (const [url, headers] of [
        ['/queues', local],
        ['/queues', { ...local, cookie: 'continuum-session=not-a-session' }],
        ['/', { ...local, cookie }],
      ] as const) {
        const answer = await call({ method: 'GET', url, headers });
        expect(answer.statusCode).toBe(200);
        expect(answer.body).not.toContain('/api/v1/services/');
      }
      // Nothing was asked of a service on anyone's behalf either.
      expect(seen).toEqual([]);
    } finally {
      await pages.close();
      rmSync(web, { recursive: true, force: true });
    }
  });

  it('serves pages with a strict Content-Security-Policy and no third-party origin', async () => {
    const answer = await fastify.inject({ method: 'GET', url: '/clients/123', headers: local });
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });
});
