import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Body,
  Controller,
  Delete,
  Get,
  type INestApplication,
  Module,
  Param,
  Post,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import request from 'supertest';
import { Public, Roles } from '../auth/access.decorators.js';
import { mintDevToken } from '../auth/dev-token.js';
import { createServiceApp } from '../bootstrap/service-app.js';
import { ReadStoreModule } from '../read-store/read-store.module.js';
import { DEV_JWT_SECRET, serviceConfig } from '../config/service-config.js';
import { sqliteReadStore } from '@continuum/read-store-sqlite';

// The interceptor in a service built as every service is, on a controller that counts what
// its handlers were asked to do and can hold a request in flight.

const handled: string[] = [];
let hold: Promise<void> | undefined;
let holding: (() => void) | undefined;

@Controller()
class NotesController {
  @Post('clients/:clientId/notes')
  @Roles('clinician')
  async add(@Param('clientId') clientId: string, @Body() body: { text?: string; refuse?: boolean; failAfterWriting?: boolean }) {
    holding?.();
    if (hold) await hold;
    if (body.refuse) throw new UnprocessableEntityException('refused');
    handled.push(`${clientId}:${body.text}`);
    if (body.failAfterWriting) throw new Error('the store timed out after committing');
    return { clientId, noteNumber: handled.length };
  }

  @Put('clients/:clientId/notes/:noteId')
  @Roles('clinician')
  replace(@Param('noteId') noteId: string) {
    handled.push(`put:${noteId}`);
    return { noteId };
  }

  @Delete('clients/:clientId/notes/:noteId')
  @Roles('clinician')
  remove(@Param('noteId') noteId: string) {
    handled.push(`delete:${noteId}`);
    return { noteId };
  }

  @Get('clients/:clientId/notes')
  @Roles('clinician')
  list() {
    return { handled: handled.length };
  }

  @Post('feedback')
  @Public()
  feedback() {
    handled.push('feedback');
    return { received: handled.length };
  }
}

// Where the keys live: the read store of the service's DATA_DIR, as in embedded mode.
@Module({ imports: [ReadStoreModule.forRoot({ service: 'notes', adapters: [sqliteReadStore] })], controllers: [NotesController] })
class NotesModule {}

let folder: string;
let app: INestApplication;
const http = () => request(app.getHttpServer());
const as = async (userId: string) => ({
  Authorization: `Bearer ${await mintDevToken({ userId, roles: ['clinician'], sites: ['site-north'], ttl: '1h' }, { secret: DEV_JWT_SECRET })}`,
});
let key = 0;
const newKey = () => `key-${++key}`;

async function build() {
  return createServiceApp(NotesModule, {
    serviceName: 'notes',
    config: serviceConfig({ port: 3999, eventStoreUrl: 'sqlite::memory:' }),
    env: { LOG_LEVEL: 'error', DATA_DIR: folder },
    logSink: () => undefined,
  });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'idempotency-interceptor-'));
  app = await build();
});
afterAll(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => (handled.length = 0));

describe('a write carrying an Idempotency-Key', () => {
  it('keeps its key held after a 5xx, which may follow a write: a different request is a 422, the same one a 409', async () => {
    const k = newKey();
    const failed = await http()
      .post('/api/v1/clients/c1/notes')
      .set(await as('clinician-1'))
      .set('Idempotency-Key', k)
      .send({ text: 'a', failAfterWriting: true });
    expect(failed.status).toBe(500);
    const other = await http()
      .post('/api/v1/clients/c2/notes')
      .set(await as('clinician-1'))
      .set('Idempotency-Key', k)
      .send({ text: 'b' });
    expect(other.status).toBe(422);
    const same = await http()
      .post('/api/v1/clients/c1/notes')
      .set(await as('clinician-1'))
      .set('Idempotency-Key', k)
      .send({ text: 'a', failAfterWriting: true });
    expect(same.status).toBe(409);
    expect(handled).toEqual(['c1:a']);
  });

  it('goes through again when it is the same request, whatever the key order of its body', async () => {
    const headers = { ...(await as('clinician-1')), 'Idempotency-Key': newKey() };
    const first = await http().post('/api/v1/clients/c1/notes').set(headers).send({ text: 'a', extra: 1 });
    const again = await http()
      .post('/api/v1/clients/c1/notes')
      .set(headers)
      .set('Content-Type', 'application/json')
      .send('{ "extra": 1, "text": "a" }');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(handled).toEqual(['c1:a', 'c1:a']);
  });

  it('is refused with a 422 problem naming nothing of the first request when the body, path or caller differ, before the handler runs', async () => {
    const k = newKey();
    const first = await http()
      .post('/api/v1/clients/c1/notes')
      .set(await as('clinician-1'))
      .set('Idempotency-Key', k)
      .send({ text: 'a' });
    expect(first.status).toBe(201);
    const others = [
      await http()
        .post('/api/v1/clients/c1/notes')
        .set(await as('clinician-1'))
        .set('Idempotency-Key', k)
        .send({ text: 'b' }),
      await http()
        .post('/api/v1/clients/c2/notes')
        .set(await as('clinician-1'))
        .set('Idempotency-Key', k)
        .send({ text: 'a' }),
      await http()
        .post('/api/v1/clients/c1/notes')
        .set(await as('clinician-2'))
        .set('Idempotency-Key', k)
        .send({ text: 'a' }),
      await http()
        .post('/api/v1/clients/c1/notes?draft=1')
        .set(await as('clinician-1'))
        .set('Idempotency-Key', k)
        .send({ text: 'a' }),
    ];
    for (const response of others) {
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:continuum:problem:idempotency-key-reused',
        status: 422,
        detail: expect.stringMatching(/already used for a different request.*new key/),
      });
      // Its own path as `instance`, nothing else: no extension, and nothing of the first request.
      expect(Object.keys(response.body).sort()).toEqual(['correlationId', 'detail', 'instance', 'status', 'title', 'type']);
      expect(`${response.body.title} ${response.body.detail}`).not.toMatch(/c1|c2|clinician|site-north|notes/);
    }
    expect(handled).toEqual(['c1:a']);
  });

  it('is a 409 with Retry-After while the same request is still handled, and binds the key once it succeeded', async () => {
    const headers = { ...(await as('clinician-1')), 'Idempotency-Key': newKey() };
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (holding = resolve));
    const first = http()
      .post('/api/v1/clients/c1/notes')
      .set(headers)
      .send({ text: 'a' })
      .then((response) => response);
    await inside;
    holding = undefined;
    const concurrent = await http().post('/api/v1/clients/c1/notes').set(headers).send({ text: 'a' });
    expect(concurrent.status).toBe(409);
    expect(concurrent.headers['retry-after']).toBe('1');
    expect(concurrent.body).toMatchObject({ type: 'urn:continuum:problem:idempotency-key-in-flight', status: 409 });
    hold = undefined;
    release();
    expect((await first).status).toBe(201);
    expect(handled).toEqual(['c1:a']);
    expect((await http().post('/api/v1/clients/c1/notes').set(headers).send({ text: 'b' })).status).toBe(422);
  });

  it('leaves the key free when the handler refused the request', async () => {
    const headers = { ...(await as('clinician-1')), 'Idempotency-Key': newKey() };
    expect((await http().post('/api/v1/clients/c1/notes').set(headers).send({ text: 'a', refuse: true })).status).toBe(422);
    expect((await http().post('/api/v1/clients/c1/notes').set(headers).send({ text: 'other' })).status).toBe(201);
    expect(handled).toEqual(['c1:other']);
  });

  it('holds PUT and DELETE too, keeps bindings across a restart, and ignores reads, keyless writes and malformed keys', async () => {
    const k = newKey();
    const auth = await as('clinician-1');
    expect((await http().put('/api/v1/clients/c1/notes/n1').set(auth).set('Idempotency-Key', k).send({})).status).toBe(200);
    expect((await http().delete('/api/v1/clients/c1/notes/n1').set(auth).set('Idempotency-Key', k)).status).toBe(422);
    await app.close();
    app = await build();
    expect((await http().put('/api/v1/clients/c1/notes/n2').set(auth).set('Idempotency-Key', k).send({})).status).toBe(422);
    expect((await http().get('/api/v1/clients/c1/notes').set(auth).set('Idempotency-Key', k)).status).toBe(200);
    expect((await http().post('/api/v1/clients/c9/notes').set(auth).send({ text: 'x' })).status).toBe(201);
    expect((await http().post('/api/v1/clients/c9/notes').set(auth).set('Idempotency-Key', `${k} bad`).send({ text: 'y' })).status).toBe(
      201,
    );
    expect(handled).toEqual(['put:n1', 'c9:x', 'c9:y']);
  });

  it("binds a public route's key to the request without a caller", async () => {
    const k = newKey();
    expect((await http().post('/api/v1/feedback').set('Idempotency-Key', k).send({ text: 'a' })).status).toBe(201);
    expect((await http().post('/api/v1/feedback').set('Idempotency-Key', k).send({ text: 'a' })).status).toBe(201);
    expect((await http().post('/api/v1/feedback').set('Idempotency-Key', k).send({ text: 'b' })).status).toBe(422);
    expect(handled).toEqual(['feedback', 'feedback']);
  });
});
