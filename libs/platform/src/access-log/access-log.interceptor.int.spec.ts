import { Controller, Get, Global, type INestApplication, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent } from '@continuum/event-store';
import request from 'supertest';
import { Roles } from '../auth/access.decorators.js';
import { mintDevToken } from '../auth/dev-token.js';
import { type Role } from '../auth/roles.js';
import { assertSiteAccess } from '../auth/site-access.js';
import { DEV_JWT_SECRET, serviceConfig } from '../config/service-config.js';
import { Actor } from '../context/context.decorators.js';
import { createServiceApp } from '../bootstrap/service-app.js';
import { AccessLog } from './access-log.js';
import { ACCESS_REFUSED, type AccessRecord, CLIENT_RECORD_ACCESSED } from './access-record.js';
import { ReadsClientRecord } from './reads-client-record.decorator.js';

// The interceptor in a service built as every service is: which requests become access
// records, and what each record says.

const CLIENT_SITES: Record<string, string> = { 'client-1': 'site-north', 'client-2': 'site-south' };
const EPISODE_CLIENTS: Record<string, string> = { 'episode-9': 'client-1' };

@Controller()
class RecordsController {
  @Get('clients/:clientId')
  @Roles('clinician', 'nurse', 'auditor')
  client(@Param('clientId') clientId: string, @Actor() actor: Actor) {
    const siteId = CLIENT_SITES[clientId];
    if (!siteId) throw new NotFoundException(`no client ${clientId}`);
    assertSiteAccess(actor, siteId);
    return { clientId, siteId, person: { givenName: 'Alex' } };
  }

  @Post('clients/:clientId/screenings')
  @Roles('clinician')
  screen(@Param('clientId') clientId: string) {
    return { clientId, recorded: true };
  }

  @Get('episodes/:episodeId')
  @Roles('clinician', 'auditor')
  @ReadsClientRecord('care-episode')
  episode(@Param('episodeId') episodeId: string, @Actor() actor: Actor) {
    const clientId = EPISODE_CLIENTS[episodeId] as string;
    assertSiteAccess(actor, CLIENT_SITES[clientId] as string);
    return { episode: { episodeId, clientId, status: 'open' } };
  }

  @Get('sites/:siteId/census')
  @Roles('clinician')
  census(@Param('siteId') siteId: string) {
    return { siteId, clients: 12 };
  }
}

const appended: Array<{ stream: string; events: NewEvent[] }> = [];
let refusals = 0;
const store = {
  appendToStream: async (stream: string, events: NewEvent[]) => {
    if (refusals > 0) {
      refusals -= 1;
      throw new Error('SQLITE_FULL: database or disk is full');
    }
    appended.push({ stream, events });
    return { nextExpectedRevision: events.length - 1, position: appended.length };
  },
} as unknown as EventStore;

@Global()
@Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
class FakeEventStoreModule {}

@Module({ imports: [FakeEventStoreModule], controllers: [RecordsController] })
class RecordsModule {}

let app: INestApplication;
const http = () => request(app.getHttpServer());
const as = async (role: Role, sites: string[], userId = `user-${role}`) => ({
  Authorization: `Bearer ${await mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET })}`,
});

async function recordsOf(work: () => Promise<unknown>): Promise<AccessRecord[]> {
  return (await eventsOf(work)).filter((event) => event.type === CLIENT_RECORD_ACCESSED).map((event) => event.data as AccessRecord);
}

async function eventsOf(work: () => Promise<unknown>): Promise<Array<{ type: string; data: unknown; metadata: Record<string, unknown> }>> {
  const before = appended.length;
  await work();
  await app.get(AccessLog).flush();
  return appended
    .slice(before)
    .flatMap(({ events }) => events as Array<{ type: string; data: unknown; metadata: Record<string, unknown> }>);
}

beforeAll(async () => {
  app = await createServiceApp(RecordsModule, {
    serviceName: 'records',
    config: serviceConfig({ port: 3999, eventStoreUrl: 'sqlite::memory:' }),
    env: { LOG_LEVEL: 'error' },
    logSink: () => undefined,
  });
});
afterAll(() => app.close());

describe('the access log interceptor', () => {
  it("records a GET of a client's record: reader, role, the client's site, route, kind, purpose and correlation, and nothing of the record", async () => {
    const records = await recordsOf(async () => {
      const response = await http()
        .get('/api/v1/clients/client-1')
        .set(await as('nurse', ['site-north'], 'nurse-5'))
        .set('X-Correlation-Id', 'round-3');
      expect(response.status).toBe(200);
    });
    expect(records).toEqual([
      {
        clientId: 'client-1',
        userId: 'nurse-5',
        role: 'nurse',
        siteId: 'site-north',
        service: 'records',
        what: { method: 'GET', route: '/api/v1/clients/:clientId', resourceKind: 'client-record', resourceIds: { clientId: 'client-1' } },
        accessedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        purposeOfUse: 'TREAT',
        correlationId: 'round-3',
        causationId: expect.any(String),
      },
    ]);
    expect(appended.at(-1)!.stream).toMatch(/^access-log-records-\d{4}-\d{2}-\d{2}-[0-9a-f-]{36}$/);
    expect(appended.at(-1)!.events[0]!.metadata).toMatchObject({
      clientId: 'client-1',
      siteId: 'site-north',
      actor: { userId: 'nurse-5', role: 'nurse' },
    });
  });

  it('answers a read only once its record is in the store, with no flush in between', async () => {
    const before = appended.length;
    const response = await http()
      .get('/api/v1/clients/client-1')
      .set(await as('nurse', ['site-north'], 'nurse-6'));
    expect(response.status).toBe(200);
    expect(appended.slice(before).flatMap(({ events }) => events.map((event) => (event.data as AccessRecord).userId))).toEqual(['nurse-6']);
  });

  it('withholds the answer (503) when the store refuses the record: nothing is disclosed that the log does not show', async () => {
    const before = appended.length;
    refusals = 1;
    const response = await http()
      .get('/api/v1/clients/client-1')
      .set(await as('nurse', ['site-north'], 'nurse-7'));
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.body)).not.toContain('site-north');
    expect(appended.length).toBe(before);
  });

  it('finds the client in the answer of a route that reaches it by another id', async () => {
    const records = await recordsOf(async () =>
      expect(
        (
          await http()
            .get('/api/v1/episodes/episode-9')
            .set(await as('clinician', ['site-north']))
        ).status,
      ).toBe(200),
    );
    expect(records).toEqual([
      expect.objectContaining({
        clientId: 'client-1',
        siteId: 'site-north',
        what: expect.objectContaining({ resourceKind: 'care-episode', resourceIds: { episodeId: 'episode-9' } }),
      }),
    ]);
  });

  it("records an auditor's read at the client's site, for health compliance unless another purpose is stated", async () => {
    const auditor = await as('auditor', [], 'auditor-1');
    const records = await recordsOf(async () => {
      await http().get('/api/v1/clients/client-2').set(auditor);
      await http().get('/api/v1/clients/client-2').set(auditor).set('X-Purpose-Of-Use', 'HSYSADMIN');
    });
    expect(records.map((record) => [record.role, record.siteId, record.purposeOfUse])).toEqual([
      ['auditor', 'site-south', 'HCOMPL'],
      ['auditor', 'site-south', 'HSYSADMIN'],
    ]);
  });

  it('records no read for a read that was refused or failed, a write, or a route about no client', async () => {
    const clinician = await as('clinician', ['site-north']);
    const events = await eventsOf(async () => {
      expect((await http().get('/api/v1/clients/client-2').set(clinician)).status).toBe(403);
      expect((await http().get('/api/v1/clients/client-404').set(clinician)).status).toBe(404);
      expect((await http().get('/api/v1/clients/client-1')).status).toBe(401);
      expect((await http().get('/api/v1/clients/client-1').set(clinician).set('X-Purpose-Of-Use', 'GOSSIP')).status).toBe(400);
      expect((await http().post('/api/v1/clients/client-1/screenings').set(clinician)).status).toBe(201);
      expect((await http().get('/api/v1/sites/site-north/census').set(clinician)).status).toBe(200);
    });
    // Only the 403 and the 401 left a record: each a security event, not a read (HIPAA 164.312(b)).
    expect(events.map((event) => event.type)).toEqual([ACCESS_REFUSED, ACCESS_REFUSED]);
  });

  it('records each 401 and 403 as a security event: who, what, why, when; ids and codes only', async () => {
    const clinician = await as('clinician', ['site-north']);
    const events = await eventsOf(async () => {
      expect((await http().get('/api/v1/clients/client-2').set(clinician)).status).toBe(403);
      expect((await http().get('/api/v1/clients/client-1?name=Alex')).status).toBe(401);
    });
    const [forbidden, unauthenticated] = events;
    expect(forbidden).toMatchObject({
      type: ACCESS_REFUSED,
      data: {
        userId: 'user-clinician',
        roles: ['clinician@site-north'],
        service: 'records',
        what: { method: 'GET', route: '/api/v1/clients/:clientId', resourceIds: { clientId: 'client-2' } },
        status: 403,
        reason: { code: 'access-denied', detail: expect.stringContaining('site-south') },
      },
      // In the envelope, so an auditor lists refusals per client and per user.
      metadata: { clientId: 'client-2', actor: { userId: 'user-clinician', role: 'none' } },
    });
    expect(unauthenticated).toMatchObject({
      type: ACCESS_REFUSED,
      data: { status: 401, reason: { code: 'authentication-required' }, what: { route: '/api/v1/clients/:clientId' } },
      metadata: { clientId: 'client-1', actor: { userId: 'anonymous' } },
    });
    expect((unauthenticated!.data as { userId?: string }).userId).toBeUndefined();
    // Never the query string (it may carry a name).
    expect(JSON.stringify(events)).not.toContain('Alex');
  });
});
