import { Body, Controller, Get, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import request from 'supertest';
import { Roles } from '../auth/access.decorators.js';
import { mintDevToken } from '../auth/dev-token.js';
import { type Role } from '../auth/roles.js';
import { HTTP_PLATFORMS } from '../bootstrap/http-platform.js';
import { createServiceApp } from '../bootstrap/service-app.js';
import { DEV_JWT_SECRET, serviceConfig } from '../config/service-config.js';
import { IdentityText } from '../validation/text.js';

// What every answer of every service carries, and what it refuses before any handler runs
// (docs/architecture/security.md): security headers and no-store on every answer, rate limits,
// clean input, and the interactive documentation kept out of production.

class PersonDto {
  @IsString() siteId!: string;
  @IdentityText(50) givenName!: string;
  @IsString() dateOfBirth!: string;
  @IsOptional() @IsString() note?: string;
}

const recorded: PersonDto[] = [];

@Controller('people')
class PeopleController {
  @Post()
  @Roles('intake-coordinator')
  register(@Body() body: PersonDto) {
    recorded.push(body);
    return body;
  }

  @Get(':personId')
  @Roles('intake-coordinator')
  show(@Param('personId') personId: string) {
    return { personId };
  }
}

@Module({ controllers: [PeopleController] })
class PeopleModule {}

const config = serviceConfig({ port: 3999, eventStoreUrl: 'sqlite::memory:' });
const tokenFor = async (userId: string, role: Role = 'intake-coordinator') =>
  `Bearer ${await mintDevToken({ userId, roles: [role], sites: ['site-north'], ttl: '1h' }, { secret: DEV_JWT_SECRET })}`;

async function build(env: Record<string, string> = {}, httpPlatform: (typeof HTTP_PLATFORMS)[number] = 'fastify') {
  return createServiceApp(PeopleModule, {
    serviceName: 'people',
    config,
    env: { READ_STORE_URL: 'sqlite::memory:', ...env },
    logSink: () => undefined,
    httpPlatform,
  });
}

const HELMET_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': expect.stringContaining("default-src 'self'"),
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
  'cache-control': 'no-store',
};

describe.each(HTTP_PLATFORMS)('every answer on %s', (httpPlatform) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await build({}, httpPlatform);
  });
  afterAll(() => app.close());

  it('carries the security headers and Cache-Control: no-store, on data, refusals, 404s and problems alike', async () => {
    const http = request(app.getHttpServer());
    const answers = [
      await http.get('/api/v1/people/p-1').set('Authorization', await tokenFor('u-headers')),
      await http.get('/api/v1/people/p-1'),
      await http.get('/api/v1/nowhere'),
      await http
        .post('/api/v1/people')
        .set('Authorization', await tokenFor('u-headers'))
        .send({ siteId: 'site-north' }),
      await http.get('/health/live'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 400, 200]);
    for (const answer of answers) expect(answer.headers).toMatchObject(HELMET_HEADERS);
  });
});

describe('answers the router gives before any hook (Fastify)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await build();
  });
  afterAll(() => app.close());

  it.each([
    ['a malformed URL', '/api/v1/people/%E0%A4%A', 400],
    ['an over-long path segment', `/api/v1/people/${'p'.repeat(150)}`, 414],
  ])('carry the security headers and no-store too: %s', async (_case, path, status) => {
    const answer = await request(app.getHttpServer())
      .get(path)
      .set('Authorization', await tokenFor('u-router'));
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers).toMatchObject(HELMET_HEADERS);
  });
});

describe('rate limits', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await build({ RATE_LIMIT_PER_ADDRESS: '14', RATE_LIMIT_PER_PRINCIPAL: '5', RATE_LIMIT_AUTH_FAILURES: '3' });
  });
  afterAll(() => app.close());

  it('answer 429 problem+json with Retry-After past the limit of one principal, and not for another', async () => {
    const http = () => request(app.getHttpServer());
    const busy = await tokenFor('u-busy');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await http().get('/api/v1/people/p-1').set('Authorization', busy)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await http().get('/api/v1/people/p-1').set('Authorization', busy);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests', detail: expect.stringMatching(/under your account/) });
    expect(refused.headers).toMatchObject(HELMET_HEADERS);
    expect(
      (
        await http()
          .get('/api/v1/people/p-1')
          .set('Authorization', await tokenFor('u-calm'))
      ).status,
    ).toBe(200);
  });

  it('are stricter on refused tokens: past 3 from an address, 429 instead of 401, while a valid token still passes', async () => {
    const http = () => request(app.getHttpServer());
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await http().get('/api/v1/people/p-1').set('Authorization', 'Bearer not-a-token')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await http().get('/api/v1/people/p-1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.detail).toMatch(/missing or refused token/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
    expect(
      (
        await http()
          .get('/api/v1/people/p-1')
          .set('Authorization', await tokenFor('u-colleague'))
      ).status,
    ).toBe(200);
  });

  it('count every request of an address, whoever sends it', async () => {
    // The two tests above sent 14 requests from this address; the limit is 14 per window.
    const answer = await request(app.getHttpServer())
      .get('/api/v1/people/p-1')
      .set('Authorization', await tokenFor('u-new'));
    expect(answer.status).toBe(429);
    expect(answer.body.detail).toMatch(/from your address/);
  });

  it('leave the health probes alone', async () => {
    expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});

describe('input', () => {
  let app: INestApplication;
  let coordinator: string;
  beforeAll(async () => {
    app = await build();
    coordinator = await tokenFor('u-input');
  });
  afterAll(() => app.close());

  const post = (body: unknown) =>
    request(app.getHttpServer())
      .post('/api/v1/people')
      .set('Authorization', coordinator)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  const valid = { siteId: 'site-north', givenName: 'Ana', dateOfBirth: '1990-04-23' };

  it.each([
    ['a NUL', '\u0000\u0000'],
    ['a bidi override', 'Ana\u202emaS'],
    ['a bidi isolate', 'Ana\u2066'],
    ['a lone surrogate', 'Ana\ud800'],
    ['a line break', 'Ana\nMaria'],
    ['only spaces', '   '],
  ])('refuses a name with %s, naming the field, and records nothing', async (_case, givenName) => {
    const before = recorded.length;
    const answer = await post({ ...valid, givenName });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'givenName' })]);
    expect(recorded.length).toBe(before);
  });

  it('refuses a control character in any string field of any body, naming the field', async () => {
    const answer = await post({ ...valid, note: 'ring \u0007 twice' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'note', problem: expect.stringMatching(/control character/) }]);
    expect((await post({ ...valid, note: 'first line\nsecond line' })).status).toBe(201);
  });

  it('stores a name in Unicode NFC', async () => {
    const answer = await post({ ...valid, givenName: 'Jose\u0301' });
    expect(answer.status).toBe(201);
    expect(answer.body.givenName).toBe('Jos\u00e9');
  });

  it.each([
    ['__proto__', '{"siteId":"site-north","givenName":"Ana","dateOfBirth":"1990-04-23","__proto__":{"isAdmin":true}}', '__proto__'],
    ['constructor', '{"siteId":"site-north","givenName":"Ana","dateOfBirth":"1990-04-23","constructor":{}}', 'constructor'],
    ['prototype', '{"siteId":"site-north","givenName":"Ana","dateOfBirth":"1990-04-23","prototype":1}', 'prototype'],
  ])('refuses a %s key as an unknown field (400), recording nothing', async (_case, raw, field) => {
    const before = recorded.length;
    const answer = await request(app.getHttpServer())
      .post('/api/v1/people')
      .set('Authorization', coordinator)
      .set('Content-Type', 'application/json')
      .send(raw);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field, problem: `${field} is not a field of this request; remove it` }]);
    expect(recorded.length).toBe(before);
  });
});

describe('the interactive documentation', () => {
  it('is served outside production mode', async () => {
    const app = await build();
    expect((await request(app.getHttpServer()).get('/docs')).status).toBe(200);
    expect((await request(app.getHttpServer()).get('/docs-json')).status).toBe(200);
    await app.close();
  });

  it('is not served in production mode (NODE_ENV=production)', async () => {
    const app = await build({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-for-hs256' });
    expect((await request(app.getHttpServer()).get('/docs')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/docs-json')).status).toBe(404);
    await app.close();
  });
});
