import { SignJWT } from 'jose';
import { DEV_JWT_SECRET } from '../config/service-config.js';
import { TokenVerifier } from './token-verifier.js';

// HS256 tokens signed by hand, to give the verifier every claim a fuzzer or a careless
// identity provider could send. The verifier's clock is fixed; `now` is its second.
const NOW = new Date('2026-12-01T12:00:00Z');
const now = NOW.getTime() / 1000;
const key = new TextEncoder().encode(DEV_JWT_SECRET);
const verifier = new TokenVerifier({ mode: 'hs256', secret: DEV_JWT_SECRET, now: () => NOW });

type Claims = Record<string, unknown>;
const sign = (claims: Claims) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
const valid: Claims = { sub: 'u-1', iat: now - 60, exp: now + 3600, roles: [], sites: { 'site-north': ['clinician'] } };

async function refusal(claims: Claims): Promise<string> {
  const error = await verifier.verify(await sign(claims)).then(
    () => undefined,
    (thrown: { status?: number; detail?: string }) => thrown,
  );
  expect(error).toMatchObject({ status: 401 });
  return error!.detail!;
}

describe('a bearer token', () => {
  it('is accepted when it expires within the maximum lifetime', async () => {
    await expect(verifier.verify(await sign(valid))).resolves.toEqual({
      userId: 'u-1',
      roles: [],
      sites: { 'site-north': ['clinician'] },
    });
  });

  it('is refused without an expiry', async () => {
    const { exp: _omitted, ...neverExpires } = valid;
    expect(await refusal(neverExpires)).toMatch(/never expires \(it has no "exp" claim\)/);
  });

  it('is refused once expired, beyond the 30 s clock skew allowed', async () => {
    await expect(verifier.verify(await sign({ ...valid, exp: now - 29 }))).resolves.toBeDefined();
    expect(await refusal({ ...valid, exp: now - 31 })).toMatch(/has expired/);
  });

  it('is refused when valid for longer than 12 hours, whether counted from iat or from now', async () => {
    await expect(verifier.verify(await sign({ ...valid, iat: now, exp: now + 12 * 3600 }))).resolves.toBeDefined();
    expect(await refusal({ ...valid, iat: now, exp: now + 12 * 3600 + 1 })).toMatch(/longer than this service accepts \(12 h at most\)/);
    expect(await refusal({ ...valid, iat: now, exp: now + 100 * 365 * 86_400 })).toMatch(/longer than this service accepts/);
    const { iat: _omitted, ...noIat } = valid;
    expect(await refusal({ ...noIat, exp: now + 12 * 3600 + 31 })).toMatch(/longer than this service accepts/);
  });

  it('honours a shorter configured lifetime', async () => {
    const strict = new TokenVerifier({ mode: 'hs256', secret: DEV_JWT_SECRET, now: () => NOW, maxLifetimeSeconds: 900 });
    await expect(strict.verify(await sign({ ...valid, iat: now, exp: now + 900 }))).resolves.toBeDefined();
    await expect(strict.verify(await sign({ ...valid, iat: now, exp: now + 901 }))).rejects.toMatchObject({ status: 401 });
  });

  it('is refused when issued in the future beyond the clock skew', async () => {
    await expect(verifier.verify(await sign({ ...valid, iat: now + 30 }))).resolves.toBeDefined();
    expect(await refusal({ ...valid, iat: now + 31 })).toMatch(/issued in the future/);
  });

  it('is refused before its nbf, beyond the clock skew', async () => {
    await expect(verifier.verify(await sign({ ...valid, nbf: now + 30 }))).resolves.toBeDefined();
    expect(await refusal({ ...valid, nbf: now + 31 })).toMatch(/not valid yet/);
  });

  it.each([
    ['exp as a string', { exp: String(now + 60) }, /"exp" claim/],
    ['iat as a string', { iat: 'yesterday' }, /"iat" claim/],
    ['sites as a list', { sites: ['site-north'] }, /"sites" claim is malformed/],
    ['sites as a string', { sites: 'site-north' }, /"sites" claim is malformed/],
    ['sites as null', { sites: null }, /"sites" claim is malformed/],
    ["a site's roles as a string", { sites: { 'site-north': 'clinician' } }, /"sites" claim is malformed/],
    ["a site's roles with a number", { sites: { 'site-north': ['clinician', 7] } }, /"sites" claim is malformed/],
    ['an empty site id', { sites: { '': ['clinician'] } }, /"sites" claim is malformed/],
    ['roles as a string', { roles: 'auditor' }, /"roles" claim is malformed/],
    ['roles as an object', { roles: { auditor: true } }, /"roles" claim is malformed/],
    ['no sub', { sub: undefined }, /names no user/],
    ['sub as a number', { sub: 42 }, /names no user/],
  ])('is refused with %s (401, never a 403 with no roles)', async (_case, change, message) => {
    expect(await refusal({ ...valid, ...change })).toMatch(message);
  });

  it('grants network-wide only the network roles: a staff role in `roles` grants nothing', async () => {
    const principal = await verifier.verify(
      await sign({ ...valid, roles: ['clinician', 'auditor', 'network-admin', 'janitor'], sites: {} }),
    );
    expect(principal).toEqual({ userId: 'u-1', roles: ['auditor', 'network-admin'], sites: {} });
  });

  it('keeps a site named __proto__ as a site like any other', async () => {
    const principal = await verifier.verify(await sign({ ...valid, sites: JSON.parse('{"__proto__":["nurse"]}') }));
    expect(Object.hasOwn(principal.sites, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(principal.sites)).toBe(Object.prototype);
  });
});

describe('a verified token, sent again', () => {
  // A clock the test moves: the verifier remembers a token it verified until its exp.
  let clock = NOW.getTime();
  const moving = new TokenVerifier({ mode: 'hs256', secret: DEV_JWT_SECRET, now: () => new Date(clock) });
  beforeEach(() => (clock = NOW.getTime()));

  it('is accepted again up to its exp, then refused once past the 30 s clock skew', async () => {
    const token = await sign({ ...valid, exp: now + 60 });
    await expect(moving.verify(token)).resolves.toMatchObject({ userId: 'u-1' });
    clock = (now + 59) * 1000;
    await expect(moving.verify(token)).resolves.toMatchObject({ userId: 'u-1' });
    clock = (now + 91) * 1000;
    await expect(moving.verify(token)).rejects.toMatchObject({ status: 401, detail: expect.stringMatching(/has expired/) });
  });

  it('is refused with any change to it, even after the genuine one was accepted', async () => {
    const token = await sign(valid);
    await expect(moving.verify(token)).resolves.toBeDefined();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await expect(moving.verify(forged)).rejects.toMatchObject({ status: 401 });
    const escalated = Buffer.from(JSON.stringify({ ...valid, roles: ['network-admin'] })).toString('base64url');
    await expect(moving.verify(`${header}.${escalated}.${token.split('.')[2]}`)).rejects.toMatchObject({ status: 401 });
  });

  it('gives each caller a principal of its own', async () => {
    const token = await sign(valid);
    const first = await moving.verify(token);
    (first.sites['site-north'] as string[]).push('site-admin');
    await expect(moving.verify(token)).resolves.toEqual({ userId: 'u-1', roles: [], sites: { 'site-north': ['clinician'] } });
  });
});
