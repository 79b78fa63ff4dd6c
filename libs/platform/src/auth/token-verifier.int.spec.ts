import { type AddressInfo } from 'node:net';
import { type Server, createServer } from 'node:http';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { serviceConfig } from '../config/service-config.js';
import { createServiceApp } from '../bootstrap/service-app.js';
import { Roles } from './access.decorators.js';
import { TokenVerifier } from './token-verifier.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

function signRs256(keys: KeyPair, kid: string, claims: Record<string, unknown>, issuer = 'https://idp.test') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('user-rs')
    .setIssuer(issuer)
    .setAudience('continuum')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(keys.privateKey);
}

@Controller('sites')
class SitesController {
  @Get()
  @Roles('site-admin')
  list() {
    return ['site-north'];
  }
}

@Module({ controllers: [SitesController] })
class JwksTestModule {}

describe("distributed mode: RS256 tokens checked against an identity provider's JWKS", () => {
  let idpKeys: KeyPair;
  let strangerKeys: KeyPair;
  let jwksServer: Server;
  let jwksUrl: string;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    idpKeys = await generateKeyPair('RS256');
    strangerKeys = await generateKeyPair('RS256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(idpKeys.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] });
    jwksServer = createServer((_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(jwks);
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    verifier = new TokenVerifier({ mode: 'jwks', jwksUrl, issuer: 'https://idp.test', audience: 'continuum' });
  });
  afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));

  it('accepts a token signed by the identity provider', async () => {
    const token = await signRs256(idpKeys, 'idp-1', { roles: ['auditor', 'clinician'], sites: { 'site-north': ['clinician', 'janitor'] } });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: 'user-rs',
      roles: ['auditor'],
      sites: { 'site-north': ['clinician'] },
    });
  });

  it('refuses a token signed by a key the identity provider does not publish', async () => {
    const token = await signRs256(strangerKeys, 'idp-1', { sites: {} });
    await expect(verifier.verify(token)).rejects.toMatchObject({
      status: 401,
      detail: expect.stringMatching(/not signed by a key this service trusts/),
    });
  });

  it('refuses a token that never expires, or lives longer than 12 hours, as HS256 mode does', async () => {
    const neverExpires = await new SignJWT({ sites: {} })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('user-rs')
      .setIssuer('https://idp.test')
      .setAudience('continuum')
      .setIssuedAt()
      .sign(idpKeys.privateKey);
    await expect(verifier.verify(neverExpires)).rejects.toMatchObject({ status: 401, detail: expect.stringMatching(/never expires/) });
    const century = await new SignJWT({ sites: {} })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('user-rs')
      .setIssuer('https://idp.test')
      .setAudience('continuum')
      .setIssuedAt()
      .setExpirationTime('100y')
      .sign(idpKeys.privateKey);
    await expect(verifier.verify(century)).rejects.toMatchObject({
      status: 401,
      detail: expect.stringMatching(/longer than this service/),
    });
  });

  it('refuses a malformed sites claim with 401', async () => {
    const token = await signRs256(idpKeys, 'idp-1', { sites: ['site-north'] });
    await expect(verifier.verify(token)).rejects.toMatchObject({
      status: 401,
      detail: expect.stringMatching(/"sites" claim is malformed/),
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await signRs256(idpKeys, 'idp-1', { sites: {} }, 'https://elsewhere.test');
    await expect(verifier.verify(token)).rejects.toMatchObject({
      status: 401,
      detail: expect.stringMatching(/"iss" claim is not accepted/),
    });
  });

  it("refuses an HS256 token, so a shared secret cannot stand in for the provider's key", async () => {
    const token = await new SignJWT({ sites: {} })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401 });
  });

  describe('a service configured with AUTH_MODE=jwks', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createServiceApp(JwksTestModule, {
        serviceName: 'jwks-test',
        config: serviceConfig({ port: 3998, eventStoreUrl: 'sqlite::memory:' }),
        env: { AUTH_MODE: 'jwks', JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'continuum' },
        logSink: () => undefined,
      });
    });
    afterAll(() => app.close());

    it("admits a caller whose RS256 token grants the route's role", async () => {
      const token = await signRs256(idpKeys, 'idp-1', { sites: { 'site-north': ['site-admin'] } });
      const response = await request(app.getHttpServer()).get('/api/v1/sites').auth(token, { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(['site-north']);
    });
  });
});
