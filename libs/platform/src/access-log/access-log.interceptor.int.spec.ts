import { Controller, Get, Global, type INestApplication, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent } from '@continuum/event-store';
import { SignJWT } from 'jose';
import request from 'supertest';
import { Roles } from '../auth/access.decorators.js';
import { mintDevToken } from '../auth/dev-token.js';
import { type Role } from '../auth/roles.js';
import { assertSiteAccess, sitesVisibleTo } from '../auth/site-access.js';
import { DEV_JWT_SECRET, serviceConfig } from '../config/service-config.js';
import { Actor } from '../context/context.decorators.js';
import { createServiceApp } from '../bootstrap/service-app.js';
import { AccessLog } from './access-log.js';
import { ACCESS_REFUSED, type AccessRecord, CLIENT_RECORD_ACCESSED } from './access-record.js';
import { ReadsClientRecord } from './reads-client-record.decorator.js';
import { ReadsClientList } from './reads-client-list.decorator.js';

// The interceptor in a service built as every service is: which requests become access
// records, and what each record says.

const CLIENT_SITES: Record<string, string> = { 'client-1': 'site-north', 'client-2': 'site-south' };
const EPISODE_CLIENTS: Record<string, string> = { 'episode-9': 'client-1' };
// Referral queues: client-1 waits twice at site-north (two referrals), site-east's queue is empty.
const QUEUES: Record<string, Array<{ referralId: string; clientId: string; isSafetyHold: boolean }>> = {
  'site-north': [
    { referralId: 'referral-1', clientId: 'client-1', isSafetyHold: true },
    { referralId: 'referral-2', clientId: 'client-3', isSafetyHold: false },
    { referralId: 'referral-3', clientId: 'client-1', isSafetyHold: false },
  ],
  'site-south': [{ referralId: 'referral-4', clientId: 'client-2', isSafetyHold: false }],
  'site-east': [],
};
type CheckIn = { clientId: string; siteId: string; dueDate: string };
const CHECK_INS: CheckIn[] = [
  { clientId: 'client-1', siteId: 'site-north', dueDate: '2026-03-02' },
  { clientId: 'client-2', siteId: 'site-south', dueDate: '2026-03-03' },
];

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

  @Get('sites/:siteId/referrals')
  @Roles('clinician', 'auditor')
  @ReadsClientList('referral-queue')
  queue(@Param('siteId') siteId: string, @Actor() actor: Actor) {
    assertSiteAccess(actor, siteId);
    return { items: QUEUES[siteId] ?? [] };
  }

  // Across the caller's sites, grouped per site: the rows are found inside each group.
  @Get('check-ins/due')
  @Roles('clinician', 'nurse', 'auditor')
  @ReadsClientList('check-ins-due', (answer) =>
    (answer as { sites: Array<{ checkIns: CheckIn[] }> }).sites.flatMap((site) => site.checkIns),
  )
  due(@Actor() actor: Actor) {
    const visible = sitesVisibleTo(actor);
    const rows = CHECK_INS.filter((row) => visible === 'every site' || visible.includes(row.siteId));
    return { sites: rows.map((row) => ({ siteId: row.siteId, checkIns: [row] })) };
  }

  // A list whose rows do not name their client: a bug the access log must not let through.
  @Get('sites/:siteId/unnamed')
  @Roles('clinician')
  @ReadsClientList('unnamed')
  unnamed() {
    return { items: [{ givenName: 'Alex', referralId: 'referral-1' }] };
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

  describe('for a list (@ReadsClientList)', () => {
    it("records one read per listed client, in one append, before the page is answered: route template, kind and each row's site", async () => {
      const before = appended.length;
      const response = await http()
        .get('/api/v1/sites/site-north/referrals')
        .set(await as('clinician', ['site-north'], 'clinician-3'))
        .set('X-Correlation-Id', 'morning-queue');
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(3);
      // No flush: the page was answered once its records were written, in ONE append.
      const appends = appended.slice(before);
      expect(appends).toHaveLength(1);
      const records = appends[0]!.events.map((event) => event.data as AccessRecord);
      // client-1 is listed twice (two referrals) and recorded once.
      expect(records.map((record) => record.clientId)).toEqual(['client-1', 'client-3']);
      for (const record of records) {
        expect(record).toEqual({
          clientId: record.clientId,
          userId: 'clinician-3',
          role: 'clinician',
          siteId: 'site-north',
          service: 'records',
          what: {
            method: 'GET',
            route: '/api/v1/sites/:siteId/referrals',
            resourceKind: 'referral-queue',
            resourceIds: { siteId: 'site-north' },
          },
          accessedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          purposeOfUse: 'TREAT',
          correlationId: 'morning-queue',
          causationId: expect.any(String),
        });
      }
      expect(appends[0]!.events.map((event) => event.metadata)).toEqual([
        expect.objectContaining({ clientId: 'client-1', siteId: 'site-north', actor: { userId: 'clinician-3', role: 'clinician' } }),
        expect.objectContaining({ clientId: 'client-3', siteId: 'site-north' }),
      ]);
    });

    it('records nothing for an empty list', async () => {
      const events = await eventsOf(async () => {
        const response = await http()
          .get('/api/v1/sites/site-east/referrals')
          .set(await as('clinician', ['site-east']));
        expect(response.status).toBe(200);
        expect(response.body.items).toEqual([]);
      });
      expect(events).toEqual([]);
    });

    it("records each client at its own site, under the role that admits the caller there, and an auditor's reads as health compliance", async () => {
      // A clinician at one site and a nurse at another (a token the identity provider would issue).
      const token = await new SignJWT({ roles: [], sites: { 'site-north': ['clinician'], 'site-south': ['nurse'] } })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('float-1')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(DEV_JWT_SECRET));
      const staff = await recordsOf(async () =>
        expect(
          (
            await http()
              .get('/api/v1/check-ins/due')
              .set({ Authorization: `Bearer ${token}` })
          ).status,
        ).toBe(200),
      );
      expect(staff.map((record) => [record.clientId, record.siteId, record.role, record.what.resourceKind])).toEqual([
        ['client-1', 'site-north', 'clinician', 'check-ins-due'],
        ['client-2', 'site-south', 'nurse', 'check-ins-due'],
      ]);
      const audited = await recordsOf(async () =>
        http()
          .get('/api/v1/check-ins/due')
          .set(await as('auditor', [], 'auditor-2')),
      );
      expect(audited.map((record) => [record.clientId, record.role, record.purposeOfUse])).toEqual([
        ['client-1', 'auditor', 'HCOMPL'],
        ['client-2', 'auditor', 'HCOMPL'],
      ]);
    });

    it('withholds the whole page (503) when the store refuses its records, and writes none of them', async () => {
      const before = appended.length;
      refusals = 1;
      const response = await http()
        .get('/api/v1/sites/site-north/referrals')
        .set(await as('clinician', ['site-north']));
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toContain('client-');
      expect(appended.length).toBe(before);
    });

    it('withholds a list whose rows name no client (500): nothing is shown that the log cannot account for', async () => {
      const events = await eventsOf(async () => {
        const response = await http()
          .get('/api/v1/sites/site-north/unnamed')
          .set(await as('clinician', ['site-north']));
        expect(response.status).toBe(500);
        expect(JSON.stringify(response.body)).not.toContain('Alex');
      });
      expect(events).toEqual([]);
    });

    it('records only the security event of a refused list read', async () => {
      const events = await eventsOf(async () =>
        expect(
          (
            await http()
              .get('/api/v1/sites/site-south/referrals')
              .set(await as('clinician', ['site-north']))
          ).status,
        ).toBe(403),
      );
      expect(events.map((event) => event.type)).toEqual([ACCESS_REFUSED]);
    });
  });
});
