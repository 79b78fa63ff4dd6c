import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { RuleBroken } from '@continuum/decider';
import { WrongExpectedRevision } from '@continuum/event-store';
import { type INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { ChangesNoRecord, Roles } from '../auth/access.decorators.js';
import { type Role } from '../auth/roles.js';
import { assertSiteAccess } from '../auth/site-access.js';
import { DEV_JWT_SECRET, serviceConfig } from '../config/service-config.js';
import { Actor, RequestContext } from '../context/context.decorators.js';
import { currentRequestContext } from '../context/request-context.js';
import { ReadinessRegistry } from '../health/readiness.js';
import { ReadStoreModule } from '../read-store/read-store.module.js';
import { eventually } from '../timing/eventually.js';
import { HTTP_PLATFORMS } from './http-platform.js';
import { createServiceApp } from './service-app.js';
import { sqliteReadStore } from '@continuum/read-store-sqlite';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const CLIENT_SITES: Record<string, string> = { 'client-1': 'site-north' };
/** The recounts the fixture's handler started, by user: a refused request starts none. */
const recountsStarted: string[] = [];

class RecordScreeningDto {
  @IsString() siteId!: string;
  @IsIn(['PHQ-9', 'GAD-7']) instrument!: string;
  @IsInt() @Min(0) @Max(27) score!: number;
}

@Controller('clients')
class ClientsController {
  @Get()
  @Roles('clinician', 'auditor')
  list(@Query('siteId') siteId: string, @Actor() actor: Actor) {
    return { siteId, role: actor.role, userId: actor.userId };
  }

  @Get(':clientId')
  @Roles('clinician', 'auditor')
  show(@Param('clientId') clientId: string, @Actor() actor: Actor) {
    const here = assertSiteAccess(actor, CLIENT_SITES[clientId] ?? 'unknown-site');
    return { clientId, role: here.role };
  }

  /** Starts a computation and changes no record (as the audit's store verification). */
  @Post('recounts')
  @ChangesNoRecord()
  @Roles('auditor')
  recount(@Actor() actor: Actor) {
    recountsStarted.push(actor.userId);
    return { role: actor.role };
  }

  @Post('screenings')
  @Roles('clinician', 'auditor')
  record(@Body() body: RecordScreeningDto, @Actor() actor: Actor, @RequestContext() context: RequestContext) {
    return {
      ...body,
      role: actor.role,
      correlationId: context.correlationId,
      idempotencyKey: context.idempotencyKey,
      scoreType: typeof body.score,
    };
  }

  /** What code deep inside a handler (the logger, assertSiteAccess) finds as the current request. */
  @Post('context')
  @Roles('clinician')
  currentContext(@Body() _body: { siteId: string }) {
    return { correlationId: currentRequestContext()?.correlationId };
  }

  @Post('admissions')
  @Roles('intake-coordinator')
  admit(@Body() body: { siteId: string }) {
    if (body.siteId === 'site-north')
      throw new RuleBroken('client is on a safety hold: record a safety plan or place at a 24-hour level', 'safety-hold', {
        clientId: 'client-1',
      });
    throw new WrongExpectedRevision('intake-client-client-1', 3, 4);
  }

  @Get('broken/crash')
  @Roles('clinician')
  crash() {
    throw new Error('SQLITE_CORRUPT at /var/lib/continuum/events.db');
  }
}

@Controller('sites/:siteId/census')
class CensusController {
  @Get()
  @Roles('site-admin')
  census(@Param('siteId') siteId: string) {
    return { siteId, clients: 12 };
  }

  @Get('forgotten')
  undeclared() {
    return 'open?';
  }
}

@Module({
  imports: [ReadStoreModule.forRoot({ service: 'test', adapters: [sqliteReadStore] })],
  controllers: [ClientsController, CensusController],
})
class TestAppModule {
  constructor(readiness: ReadinessRegistry) {
    readiness.register('event-store', () => ({ status: 'up', details: { position: 42 } }));
  }
}

const config = serviceConfig({ port: 3999, eventStoreUrl: 'sqlite::memory:' });

function token(sites: Record<string, Role[]>, roles: Role[] = [], ttl = '1h', secret = SECRET) {
  return new SignJWT({ roles, sites })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-7')
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

describe('building a service', () => {
  it('refuses to build with a bad environment and names the variable', async () => {
    await expect(
      createServiceApp(TestAppModule, { serviceName: 'test', config, env: { PORT: '70000' }, logSink: () => undefined }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
      problems: ['PORT: not valid; expected a TCP port number between 1 and 65535 (got "70000")'],
    });
  });

  // docs/operations/README.md#credentials-from-files: a mounted secret, read once at start.
  it('takes a secret from the file its _FILE variable names, and refuses a file it cannot read', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'continuum-secret-'));
    writeFileSync(path.join(folder, 'jwt-secret'), `${SECRET}\n`);
    const app = await createServiceApp(TestAppModule, {
      serviceName: 'test',
      config,
      env: { NODE_ENV: 'production', JWT_SECRET_FILE: path.join(folder, 'jwt-secret'), READ_STORE_URL: 'sqlite::memory:' },
      logSink: () => undefined,
    });
    try {
      const asClinician = async (secret: string) =>
        request(app.getHttpServer())
          .get('/api/v1/clients?siteId=site-north')
          .auth(await token({ 'site-north': ['clinician'] }, [], '1h', secret), { type: 'bearer' });
      expect((await asClinician(SECRET)).status).toBe(200);
      expect((await asClinician(DEV_JWT_SECRET)).status).toBe(401);
    } finally {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    }
    await expect(
      createServiceApp(TestAppModule, {
        serviceName: 'test',
        config,
        env: { JWT_SECRET_FILE: path.join(folder, 'gone') },
        logSink: () => undefined,
      }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
      problems: [`JWT_SECRET_FILE: the file "${path.join(folder, 'gone')}" cannot be read (ENOENT)`],
    });
  });
});

// The services run on Fastify (docs/adr/0004-http-platform.md); Express stays only for the
// HTTP benchmark, which must measure the same answers on both.
describe.each(HTTP_PLATFORMS)('a service built with createServiceApp on %s', (httpPlatform) => {
  let app: INestApplication;
  let logLines: Record<string, unknown>[];
  let http: () => ReturnType<typeof request>;

  beforeAll(async () => {
    logLines = [];
    app = await createServiceApp(TestAppModule, {
      serviceName: 'test',
      config,
      // The Idempotency-Key's binding goes to a read store in memory, not to ./data.
      env: { JWT_SECRET: SECRET, LOG_LEVEL: 'log', READ_STORE_URL: 'sqlite::memory:' },
      logSink: (line) => logLines.push(JSON.parse(line)),
      httpPlatform,
    });
    http = () => request(app.getHttpServer());
  });
  afterAll(() => app.close());

  describe('authentication', () => {
    it('answers 401 problem+json when no token is sent', async () => {
      const response = await http().get('/api/v1/clients?siteId=site-north');
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.body).toMatchObject({
        status: 401,
        title: 'Authentication required',
        instance: '/api/v1/clients',
        detail: expect.stringMatching(/Authorization: Bearer/),
      });
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await token({ 'site-north': ['clinician'] }, [], '1h', 'another-secret-of-sufficient-length-0000');
      const response = await http().get('/api/v1/clients?siteId=site-north').auth(forged, { type: 'bearer' });
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/not signed by a key this service trusts/);
    });

    it('refuses an expired token and says to sign in again', async () => {
      const expired = await token({ 'site-north': ['clinician'] }, [], '-1m');
      const response = await http().get('/api/v1/clients?siteId=site-north').auth(expired, { type: 'bearer' });
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/expired; sign in again/);
    });
  });

  describe('authorisation', () => {
    it('admits a clinician at their own site and tells the controller under which role', async () => {
      const response = await http()
        .get('/api/v1/clients?siteId=site-north')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ siteId: 'site-north', role: 'clinician', userId: 'user-7' });
    });

    it('refuses a role the route does not admit', async () => {
      const response = await http()
        .get('/api/v1/clients?siteId=site-north')
        .auth(await token({ 'site-north': ['nurse'] }), { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        type: 'urn:continuum:problem:access-denied',
        detail: expect.stringMatching(/clinician, auditor/),
      });
    });

    it('refuses a site named in the query that is outside the token', async () => {
      const response = await http()
        .get('/api/v1/clients?siteId=site-south')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(response.body.detail).toMatch(/at site site-south/);
    });

    it('refuses a site named in the body that is outside the token', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .send({ siteId: 'site-south', instrument: 'PHQ-9', score: 4 });
      expect(response.status).toBe(403);
    });

    it('refuses a role held at another site than the one named', async () => {
      const response = await http()
        .get('/api/v1/clients?siteId=site-north')
        .auth(await token({ 'site-north': ['nurse'], 'site-south': ['clinician'] }), { type: 'bearer' });
      expect(response.status).toBe(403);
    });

    it('checks a site named in the route path', async () => {
      const northAdmin = await token({ 'site-north': ['site-admin'] });
      expect((await http().get('/api/v1/sites/site-north/census').auth(northAdmin, { type: 'bearer' })).status).toBe(200);
      expect((await http().get('/api/v1/sites/site-south/census').auth(northAdmin, { type: 'bearer' })).status).toBe(403);
    });

    it('keeps a route that declares no roles closed to everyone', async () => {
      const response = await http()
        .get('/api/v1/sites/site-north/census/forgotten')
        .auth(await token({ 'site-north': ['site-admin'] }, ['auditor']), { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(logLines).toContainEqual(
        expect.objectContaining({ level: 'error', message: expect.stringMatching(/declares no @Roles\(\)/) }),
      );
    });

    it('lets the application refuse a loaded resource at a site outside the token', async () => {
      const southOnly = await token({ 'site-south': ['clinician'] });
      expect((await http().get('/api/v1/clients/client-1').auth(southOnly, { type: 'bearer' })).status).toBe(403);
      const northClinician = await token({ 'site-north': ['clinician'] });
      const allowed = await http().get('/api/v1/clients/client-1').auth(northClinician, { type: 'bearer' });
      expect(allowed.status).toBe(200);
      expect(allowed.body).toEqual({ clientId: 'client-1', role: 'clinician' });
    });

    it('lets an auditor read at any site and logs the read with ids only', async () => {
      const auditor = await token({}, ['auditor']);
      const response = await http()
        .get('/api/v1/clients/client-1')
        .auth(auditor, { type: 'bearer' })
        .set('X-Correlation-Id', 'audit-read-1');
      expect(response.status).toBe(200);
      expect(response.body.role).toBe('auditor');
      expect(logLines).toContainEqual(
        expect.objectContaining({
          message: 'auditor read',
          context: 'audit-access',
          userId: 'user-7',
          role: 'auditor',
          method: 'GET',
          route: '/api/v1/clients/:clientId',
          resourceIds: { clientId: 'client-1' },
          correlationId: 'audit-read-1',
        }),
      );
    });

    it('refuses an auditor any write, even on a route that lists the auditor', async () => {
      const auditor = await token({}, ['auditor']);
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(auditor, { type: 'bearer' })
        .send({ siteId: 'site-north', instrument: 'PHQ-9', score: 4 });
      expect(response.status).toBe(403);
      expect(response.body.detail).toMatch(/Auditors have read-only access/);
    });

    it('admits an auditor to a POST that changes no record, logged as their reads are', async () => {
      const response = await http()
        .post('/api/v1/clients/recounts')
        .auth(await token({}, ['auditor']), { type: 'bearer' });
      expect(response.status).toBe(201);
      expect(response.body.role).toBe('auditor');
      expect(logLines).toContainEqual(
        expect.objectContaining({ message: 'auditor read', role: 'auditor', method: 'POST', route: '/api/v1/clients/recounts' }),
      );
      const started = recountsStarted.length;
      const clinician = await token({ 'site-north': ['clinician'] });
      expect((await http().post('/api/v1/clients/recounts').auth(clinician, { type: 'bearer' })).status).toBe(403);
      expect(recountsStarted).toHaveLength(started);
    });
  });

  describe('errors as problem+json', () => {
    it('lists every invalid and every unknown field of the body', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .send({ siteId: 'site-north', instrument: 'PHQ-10', score: 30, firstName: 'Ada' });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('urn:continuum:problem:validation-failed');
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'instrument', problem: expect.stringMatching(/instrument must be one of/) },
          { field: 'score', problem: expect.stringMatching(/must not be greater than 27/) },
          { field: 'firstName', problem: 'firstName is not a field of this request; remove it' },
        ]),
      );
      expect(JSON.stringify(response.body)).not.toContain('Ada');
    });

    it('transforms a valid body into the DTO and passes the request ids along', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('X-Correlation-Id', 'corr-42')
        .set('Idempotency-Key', 'screening-9')
        .send({ siteId: 'site-north', instrument: 'PHQ-9', score: 4 });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        role: 'clinician',
        correlationId: 'corr-42',
        idempotencyKey: 'screening-9',
        scoreType: 'number',
      });
    });

    it('answers a malformed JSON body with a 400 problem', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send('{"siteId": "site-north",');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('urn:continuum:problem:malformed-json');
      expect(response.body.correlationId).toEqual(expect.any(String));
    });

    it('reads an empty JSON body as a body without fields, as Express did', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send('');
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('urn:continuum:problem:validation-failed');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(
        expect.arrayContaining(['siteId', 'instrument', 'score']),
      );
    });

    it('answers a JSON body that is neither an object nor an array as malformed JSON', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send('42');
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('urn:continuum:problem:malformed-json');
    });

    it('refuses a body over 100 KB with a 413 problem', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .send({ siteId: 'site-north', instrument: 'PHQ-9', score: 4, note: 'x'.repeat(101 * 1024) });
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 413, detail: expect.stringMatching(/100 KB/), correlationId: expect.any(String) });
    });

    it('refuses a body that is not JSON with a problem', async () => {
      const response = await http()
        .post('/api/v1/clients/screenings')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('Content-Type', 'text/plain')
        .send('score=4');
      // Express ignored such a body, so the missing fields were refused; Fastify says what it does not read.
      expect(response.status).toBe(httpPlatform === 'fastify' ? 415 : 400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.correlationId).toEqual(expect.any(String));
    });

    it('answers a malformed URL with a 400 problem', async () => {
      const response = await http()
        .get('/api/v1/clients/%E0%A4%A')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.correlationId).toEqual(expect.any(String));
    });

    it('turns a broken business rule into a 422 with its code and details', async () => {
      const response = await http()
        .post('/api/v1/clients/admissions')
        .auth(await token({ 'site-north': ['intake-coordinator'] }), { type: 'bearer' })
        .send({ siteId: 'site-north' });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: 'urn:continuum:problem:rule-broken:safety-hold',
        code: 'safety-hold',
        details: { clientId: 'client-1' },
        detail: expect.stringMatching(/record a safety plan/),
      });
    });

    it('turns a concurrency conflict into a 409 that says to reload and retry', async () => {
      const response = await http()
        .post('/api/v1/clients/admissions')
        .auth(await token({ 'site-south': ['intake-coordinator'] }), { type: 'bearer' })
        .send({ siteId: 'site-south' });
      expect(response.status).toBe(409);
      expect(response.body.detail).toMatch(/Reload it and send your request again/);
    });

    it('hides the internals of an unexpected error and logs them with the correlation id', async () => {
      const response = await http()
        .get('/api/v1/clients/broken/crash')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('X-Correlation-Id', 'crash-1');
      expect(response.status).toBe(500);
      expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|events\.db|at /);
      expect(response.body).toMatchObject({
        status: 500,
        correlationId: 'crash-1',
        detail: expect.stringMatching(/quoting correlation id crash-1/),
      });
      expect(logLines).toContainEqual(
        expect.objectContaining({ level: 'error', correlationId: 'crash-1', stack: expect.stringMatching(/SQLITE_CORRUPT/) }),
      );
    });

    it('answers an unknown route with a 404 problem', async () => {
      const response = await http()
        .get('/api/v1/nowhere')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('request context and logs', () => {
    it("echoes the caller's correlation id, or makes one up", async () => {
      const echoed = await http().get('/health/live').set('X-Correlation-Id', 'from-the-caller');
      expect(echoed.headers['x-correlation-id']).toBe('from-the-caller');
      const generated = await http().get('/health/live');
      expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("keeps the request's context for the handler when the body arrives in parts", async () => {
      const sending = http()
        .post('/api/v1/clients/context')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('X-Correlation-Id', 'body-in-parts')
        .set('Content-Type', 'application/json');
      sending.write('{"siteId": "site-');
      await new Promise((resolve) => setTimeout(resolve, 50));
      sending.write('north"}');
      const response = await sending;
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ correlationId: 'body-in-parts' });
    });

    it('writes one request line with the route template, status and user, never the query', async () => {
      await http()
        .get('/api/v1/clients?siteId=site-north&name=Ada')
        .auth(await token({ 'site-north': ['clinician'] }), { type: 'bearer' })
        .set('X-Correlation-Id', 'req-log-1');
      const line = logLines.find((entry) => entry.message === 'request' && entry.correlationId === 'req-log-1');
      expect(line).toMatchObject({
        service: 'test',
        context: 'http',
        method: 'GET',
        route: '/api/v1/clients',
        status: 200,
        userId: 'user-7',
        durationMs: expect.any(Number),
      });
      expect(JSON.stringify(line)).not.toContain('Ada');
    });
  });

  describe('routing', () => {
    it('reaches a route with a trailing slash or in another letter case, as Express did, keeping the ids as sent', async () => {
      const northClinician = await token({ 'site-north': ['clinician'] });
      expect((await http().get('/api/v1/clients/client-1/').auth(northClinician, { type: 'bearer' })).body).toEqual({
        clientId: 'client-1',
        role: 'clinician',
      });
      const otherCase = await http().get('/API/V1/Clients/client-1').auth(northClinician, { type: 'bearer' });
      expect(otherCase.status).toBe(200);
      expect(otherCase.body.clientId).toBe('client-1');
    });
  });

  describe('request lines of refused requests', () => {
    it('logs a request refused before any handler ran, with its correlation id', async () => {
      await http()
        .post('/api/v1/clients/screenings')
        .set('X-Correlation-Id', 'refused-body')
        .set('Content-Type', 'application/json')
        .send('{"siteId":');
      await http().get('/api/v1/nowhere').set('X-Correlation-Id', 'refused-route');
      const lineOf = (correlationId: string) => async () =>
        logLines.find((entry) => entry.message === 'request' && entry.correlationId === correlationId);
      expect(await eventually(lineOf('refused-body'), "the malformed body's request line")).toMatchObject({
        context: 'http',
        method: 'POST',
        status: 400,
      });
      expect(await eventually(lineOf('refused-route'), "the 404's request line")).toMatchObject({
        context: 'http',
        method: 'GET',
        status: 404,
      });
    });
  });

  describe('health and docs', () => {
    it('answers liveness and readiness without a token, outside /api/v1', async () => {
      expect((await http().get('/health/live')).body).toEqual({ status: 'up' });
      const ready = await http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'up', checks: { 'event-store': { status: 'up', details: { position: 42 } } } });
    });

    it('reports 503 with the failing check when a dependency is down', async () => {
      app.get(ReadinessRegistry).register('bus', () => Promise.reject(new Error('broker unreachable')));
      const ready = await http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.bus).toEqual({ status: 'down', details: { reason: 'broker unreachable' } });
    });

    it('publishes an OpenAPI document with the bearer scheme and the prefixed routes', async () => {
      const response = await http().get('/docs-json');
      expect(response.status).toBe(200);
      expect(response.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/v1/clients', '/api/v1/clients/{clientId}']));
      expect((await http().get('/docs')).status).toBe(200);
    });
  });
});
