// Signing in through the development OpenID Connect provider (infra/oidc/server.mjs) in
// distributed mode: the authorisation code flow with PKCE, state and nonce, a session opened
// on the provider's access token, and a service (intake, trusting the provider's JWKS) called
// with it. A code exchanged without its PKCE verifier, or a return with another state, opens
// no session. The development sign-in does not exist here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type INestApplication } from '@nestjs/common';
import { type AddressInfo } from 'node:net';
import { type IntakeTestApp, startIntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { createConsoleApp } from '@continuum/console/console-app.js';
import { freePort } from '@continuum/testing';

type OidcProvider = { url: string; issuer: string; close(): Promise<void> };
const SERVER = pathToFileURL(path.resolve(import.meta.dirname, '../../infra/oidc/server.mjs')).href;

/** A cookie jar per origin: enough for a redirect chain of plain GETs and one form POST. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { origin } = new URL(url);
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
  cookie(origin: string, name: string) {
    return this.jars.get(origin)?.get(name);
  }
}

let provider: OidcProvider;
let intake: IntakeTestApp;
let consoleApp: INestApplication;
let consoleUrl: string;
let issuer: string;
const dataFolder = mkdtempSync(path.join(tmpdir(), 'console-oidc-'));

beforeAll(async () => {
  issuer = `http://127.0.0.1:${await freePort()}`;
  const trustProvider = { AUTH_MODE: 'jwks', JWT_JWKS_URL: `${issuer}/jwks`, JWT_ISSUER: issuer, JWT_AUDIENCE: 'continuum' };
  intake = await startIntakeTestApp('console-oidc-e2e', { env: trustProvider });
  await intake.app.listen(0, '127.0.0.1');
  const intakeUrl = `http://127.0.0.1:${(intake.app.getHttpServer().address() as AddressInfo).port}`;
  consoleApp = await createConsoleApp({
    env: {
      ...trustProvider,
      INTAKE_URL: intakeUrl,
      OIDC_ISSUER_URL: issuer,
      SESSION_SECRET: 'the-oidc-suite-session-store-secret-32+',
      DATA_DIR: dataFolder,
    },
    logSink: () => undefined,
  });
  await consoleApp.listen(0, '127.0.0.1');
  consoleUrl = `http://127.0.0.1:${(consoleApp.getHttpServer().address() as AddressInfo).port}`;
  const { startOidcProvider } = (await import(SERVER)) as { startOidcProvider(env: Record<string, string>): Promise<OidcProvider> };
  provider = await startOidcProvider({
    OIDC_PORT: new URL(issuer).port,
    OIDC_HOST: '127.0.0.1',
    OIDC_ISSUER: issuer,
    OIDC_REDIRECT_URIS: `${consoleUrl}/api/v1/session/oidc/callback`,
  });
}, 60_000);

afterAll(async () => {
  await provider?.close();
  await consoleApp?.close();
  await intake?.close();
  rmSync(dataFolder, { recursive: true, force: true });
});

/** Starts a sign-in at the console and signs in at the provider as `user`: the provider's redirect back to the console. */
async function throughProvider(browser: Browser, user: string, returnTo?: string): Promise<{ begun: URL; callback: URL }> {
  const begin = await browser.fetch(`${consoleUrl}/api/v1/session/oidc${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
  expect(begin.status).toBe(302);
  const begun = new URL(begin.headers.get('location')!);
  let next: URL = begun;
  for (let hop = 0; hop < 10; hop++) {
    if (next.origin === consoleUrl) return { begun, callback: next };
    const response = await browser.fetch(next.href);
    if (response.status === 200) {
      const action = /action="([^"]+)"/.exec(await response.text())?.[1];
      expect(action).toMatch(/^\/interaction\/.+\/login$/);
      const posted = await browser.fetch(new URL(action!, issuer).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user }).toString(),
      });
      next = new URL(posted.headers.get('location')!, issuer);
    } else {
      expect([302, 303]).toContain(response.status);
      next = new URL(response.headers.get('location')!, issuer);
    }
  }
  throw new Error('the provider never sent the browser back to the console');
}

it('offers the provider’s sign-in, and no development sign-in, when the services trust the provider', async () => {
  const session = await (await fetch(`${consoleUrl}/api/v1/session`)).json();
  expect(session).toEqual({ signedIn: false, developmentSignIn: null, providerSignIn: '/api/v1/session/oidc' });
  const development = await fetch(`${consoleUrl}/api/v1/session/development`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'clinician-1', role: 'clinician', sites: ['site-north'] }),
  });
  expect(development.status).toBe(404);
  // Refused, it opened no session.
  expect(development.headers.getSetCookie()).toEqual([]);
  expect(await (await fetch(`${consoleUrl}/api/v1/session`)).json()).toMatchObject({ signedIn: false });
});

it('signs in with the authorisation code and PKCE, then calls intake with the provider’s token', async () => {
  const browser = new Browser();
  const { begun, callback } = await throughProvider(browser, 'clinician-1');
  expect(begun.origin).toBe(issuer);
  expect(begun.searchParams.get('code_challenge_method')).toBe('S256');
  expect(begun.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(begun.searchParams.get('state')).toBeTruthy();
  expect(begun.searchParams.get('nonce')).toBeTruthy();
  expect(callback.searchParams.get('state')).toBe(begun.searchParams.get('state'));

  const returned = await browser.fetch(callback.href);
  expect(returned.status).toBe(200);
  expect(await returned.text()).toContain('http-equiv="refresh"');
  const sessionCookie = returned.headers.getSetCookie().find((line) => line.startsWith('continuum-session='));
  expect(sessionCookie).toMatch(/HttpOnly/i);
  expect(sessionCookie).toMatch(/SameSite=Strict/i);

  const session = await (await browser.fetch(`${consoleUrl}/api/v1/session`)).json();
  expect(session).toMatchObject({ signedIn: true, user: { userId: 'clinician-1', role: 'clinician', sites: ['site-north'] } });
  // Intake verifies the provider's RS256 access token against its JWKS and admits the clinician.
  const policy = await browser.fetch(`${consoleUrl}/api/v1/services/intake/consent-policy`);
  expect(policy.status).toBe(200);
  expect(await policy.json()).toHaveProperty('statementTexts');
}, 30_000);

it('opens no session when the code is exchanged without its PKCE verifier, or the state is not the one sent', async () => {
  const stolen = new Browser();
  const { callback } = await throughProvider(stolen, 'clinician-1');
  // Someone with the code and even the client's secret, but not the verifier: the provider refuses.
  const exchanged = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('continuum-console:continuum-console-development-secret').toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: `${consoleUrl}/api/v1/session/oidc/callback`,
      code_verifier: 'a'.repeat(43),
    }).toString(),
  });
  expect(exchanged.status).toBe(400);
  expect(await exchanged.json()).toMatchObject({ error: 'invalid_grant' });

  const forged = new Browser();
  const { callback: honest } = await throughProvider(forged, 'clinician-1');
  honest.searchParams.set('state', 'not-the-state-sent');
  const returned = await forged.fetch(honest.href);
  expect(returned.status).toBe(401);
  expect(returned.headers.getSetCookie().some((line) => line.startsWith('continuum-session='))).toBe(false);
  expect(await (await forged.fetch(`${consoleUrl}/api/v1/session`)).json()).toMatchObject({ signedIn: false });
}, 30_000);

it('returns to the page the sign-in began on, and to no address outside the console', async () => {
  const browser = new Browser();
  const chart = '/clients/3f2b1c0d-aaaa-4bbb-8ccc-123456789abc';
  const { callback } = await throughProvider(browser, 'clinician-1', chart);
  const returned = await browser.fetch(callback.href);
  expect(returned.status).toBe(200);
  const page = await returned.text();
  expect(page).toContain(`<meta http-equiv="refresh" content="0;url=${chart}">`);
  expect(page).toContain(`<a href="${chart}">`);

  for (const elsewhere of [
    'https://evil.example/',
    '//evil.example/clients',
    '/\\evil.example',
    '/api/v1/session/sign-out',
    '/clients?name=x',
  ]) {
    const stranger = new Browser();
    const begin = await stranger.fetch(`${consoleUrl}/api/v1/session/oidc?returnTo=${encodeURIComponent(elsewhere)}`);
    expect([elsewhere, begin.status]).toEqual([elsewhere, 400]);
    expect(await begin.json()).toMatchObject({ errors: [{ field: 'returnTo' }] });
    // Refused before the provider is asked: no redirect, no sign-in begun.
    expect(begin.headers.get('location')).toBeNull();
    expect(begin.headers.getSetCookie()).toEqual([]);
  }
}, 30_000);
