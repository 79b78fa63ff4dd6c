import type request from 'supertest';
import { type AccessRecord, CLIENT_RECORD_ACCESSED } from '@continuum/platform';
import { appendedSince, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsImminentRisk,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRegistration,
  exampleTreatmentConsent,
} from './api/examples.js';
import { type IntakeTestApp, bearer as as, inDays, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// The list endpoints over HTTP, answered from intake's projections on the embedded stores.
// Lists trail the event store by a moment, so assertions wait for the projection to catch up.

const NORTH = 'site-north';
const SOUTH = 'site-south';
const today = new Date().toISOString().slice(0, 10);

let intake: IntakeTestApp;
let coordinator: string;
let southCoordinator: string;
let clinician: string;
let auditor: string;
let bothSites: string;
const clients: Record<string, string> = {};

const http = () => intake.http();

let people = 0;
async function register(site: string, bearer: string, person?: Record<string, unknown>): Promise<string> {
  const base = exampleRegistration(site);
  const body = {
    ...base,
    person: person ?? { ...base.person, givenName: `Person${++people}`, dateOfBirth: `1980-01-${String(people).padStart(2, '0')}` },
  };
  const response = await http().post('/api/v1/clients').set(as(bearer)).send(body);
  expect(response.status).toBe(201);
  return response.body.clientId as string;
}

async function send(url: string, body: object, bearer = clinician): Promise<request.Response> {
  const response = await http().post(url).set(as(bearer)).send(body);
  expect(response.status).toBeLessThan(300);
  return response;
}

/** GETs until `ready` holds for the answer: the projection applies events a moment after they are appended. */
type ListAnswer = { items: Array<{ clientId: string; siteId: string }>; nextCursor?: string; consents: unknown[] };

async function eventually(url: string, bearer: string, ready: (body: ListAnswer) => boolean): Promise<ListAnswer> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const response = await http().get(url).set(as(bearer));
    if (response.status === 200 && ready(response.body as ListAnswer)) return response.body as ListAnswer;
    if (Date.now() > deadline)
      throw new Error(`${url} never answered as expected; last answer ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const idsOf = (body: { items: Array<{ clientId: string }> }) => body.items.map((item) => item.clientId);

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-lists-e2e');
  coordinator = await token('intake-coordinator', [NORTH]);
  southCoordinator = await token('intake-coordinator', [SOUTH]);
  clinician = await token('clinician', [NORTH], 'clinician-7');
  auditor = await token('auditor', []);
  bothSites = await token('case-manager', [NORTH, SOUTH]);

  // Registered in this order, so newest first reads: duplicate, admitted, onHold, screened, registered.
  clients.registered = await register(NORTH, coordinator, {
    givenName: 'Robin',
    familyName: 'Sample',
    dateOfBirth: '1975-05-05',
    contact: {},
  });
  clients.screened = await register(NORTH, coordinator);
  await send(`/api/v1/clients/${clients.screened}/screenings`, examplePhq9Of14);
  clients.onHold = await register(NORTH, coordinator);
  await send(`/api/v1/clients/${clients.onHold}/screenings`, exampleCssrsImminentRisk);
  clients.admitted = await register(NORTH, coordinator);
  await send(`/api/v1/clients/${clients.admitted}/screenings`, exampleCssrsNegative);
  await send(`/api/v1/clients/${clients.admitted}/assessments`, exampleAssessmentForIop);
  await send(`/api/v1/clients/${clients.admitted}/placement`, { level: IOP });
  await send(`/api/v1/clients/${clients.admitted}/admissions`, exampleAdmission(NORTH, inDays(3)), coordinator);
  clients.duplicate = await register(NORTH, coordinator, {
    givenName: 'ROBIN',
    familyName: 'sample',
    dateOfBirth: '1975-05-05',
    contact: {},
  });
  clients.south = await register(SOUTH, southCoordinator);
  await eventually(`/api/v1/clients`, auditor, (body) => body.items.length === 6);
});

afterAll(() => intake.close());

describe("a site's client list", () => {
  it('records one read per listed client in the access log, before the page is answered', async () => {
    await eventually(`/api/v1/sites/${NORTH}/clients`, coordinator, () => true);
    const snapshot = await flushedSnapshot(intake);
    const response = await http().get(`/api/v1/sites/${NORTH}/clients`).query({ limit: 2 }).set(as(clinician));
    expect(response.status).toBe(200);
    // Straight from the store, no flush: the page's records were written before it left.
    const records = (await appendedSince(intake.store(), snapshot))
      .filter((event) => event.type === CLIENT_RECORD_ACCESSED)
      .map((event) => event.data as AccessRecord);
    expect(records.map((record) => record.clientId).sort()).toEqual(idsOf(response.body).sort());
    expect(records[0]).toMatchObject({
      userId: 'clinician-7',
      role: 'clinician',
      siteId: NORTH,
      what: { route: '/api/v1/sites/:siteId/clients', resourceKind: 'site-clients' },
    });
  });

  it("lists the site's clients newest registration first, and none of another site's", async () => {
    const body = await eventually(`/api/v1/sites/${NORTH}/clients`, coordinator, () => true);
    expect(idsOf(body)).toEqual([clients.duplicate, clients.admitted, clients.onHold, clients.screened, clients.registered]);
    expect(body.items[1]).toMatchObject({ siteId: NORTH, status: 'admitted', recommendedLevel: IOP, decidedLevel: IOP, flags: [] });
    expect(body.nextCursor).toBeUndefined();
  });

  it.each([
    ['status=admitted', ['admitted']],
    ['status=screening', ['onHold', 'screened']],
    ['level=2.1', ['admitted']],
    ['recommendedLevel=2.1', ['admitted']],
    ['flag=co-occurring', ['screened']],
    ['flag=safety-hold', ['onHold']],
    ['flag=duplicate-suspect', ['duplicate']],
  ])('filters by %s', async (filter, expected) => {
    const response = await http().get(`/api/v1/sites/${NORTH}/clients?${filter}`).set(as(coordinator));
    expect(response.status).toBe(200);
    expect(idsOf(response.body)).toEqual(expected.map((name) => clients[name]));
  });

  it('combines filters', async () => {
    const response = await http().get(`/api/v1/sites/${NORTH}/clients?status=screening&flag=safety-hold`).set(as(coordinator));
    expect(idsOf(response.body)).toEqual([clients.onHold]);
  });

  it('pages with nextCursor through every client exactly once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const response = await http()
        .get(`/api/v1/sites/${NORTH}/clients`)
        .query({ limit: 2, ...(after ? { after } : {}) })
        .set(as(coordinator));
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(response.body));
      after = response.body.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([clients.duplicate, clients.admitted, clients.onHold, clients.screened, clients.registered]);
  });

  it('refuses a caller with no role at the site (403 problem+json)', async () => {
    const { response } = await refusedWritingNothing(
      intake,
      () => http().get(`/api/v1/sites/${NORTH}/clients`).set(as(southCoordinator)),
      403,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each([
    ['status=discharged', 'status'],
    ['flag=vip', 'flag'],
    ['limit=0', 'limit'],
    ['limit=lots', 'limit'],
    ['level=IOP', 'level'],
    ['sort=name', 'sort'],
  ])('refuses %s with a 400 naming the parameter', async (filter, field) => {
    const { response } = await refusedWritingNothing(
      intake,
      () => http().get(`/api/v1/sites/${NORTH}/clients?${filter}`).set(as(coordinator)),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.body)).toContain(field);
  });

  it('refuses a cursor it did not issue, saying how to start over', async () => {
    const { response } = await refusedWritingNothing(
      intake,
      () => http().get(`/api/v1/sites/${NORTH}/clients?after=not-a-cursor`).set(as(coordinator)),
      400,
    );
    expect(response.body.detail).toMatch(/nextCursor/);
  });
});

describe('the client list across sites', () => {
  it("shows a coordinator only their own site's clients", async () => {
    const response = await http().get('/api/v1/clients').set(as(southCoordinator));
    expect(idsOf(response.body)).toEqual([clients.south]);
  });

  it('shows an auditor every site', async () => {
    const response = await http().get('/api/v1/clients?flag=duplicate-suspect').set(as(auditor));
    expect(idsOf(response.body)).toEqual([clients.duplicate]);
    expect((await http().get('/api/v1/clients').set(as(auditor))).body.items).toHaveLength(6);
  });

  it('shows a member of staff with roles at two sites both', async () => {
    const response = await http().get('/api/v1/clients?limit=100').set(as(bothSites));
    expect(new Set(response.body.items.map((item: { siteId: string }) => item.siteId))).toEqual(new Set([NORTH, SOUTH]));
  });
});

describe('active consents', () => {
  it('lists a consent in force without the names on the form, and drops it once revoked', async () => {
    const clientId = clients.registered;
    const granted = await send(`/api/v1/clients/${clientId}/consents`, exampleTreatmentConsent(today), coordinator);
    const url = `/api/v1/clients/${clientId}/consents/active`;
    const active = await eventually(url, clinician, (body) => body.consents.length === 1);
    expect(active).toMatchObject({
      clientId,
      siteId: NORTH,
      consents: [
        {
          consentId: granted.body.consentId,
          purposes: ['TREAT'],
          recipients: [{ kind: 'general', designation: 'treating-providers' }],
          information: { categories: ['diagnosis', 'screening-results', 'treatment-plan', 'attendance'] },
        },
      ],
    });
    expect(JSON.stringify(active)).not.toContain('Alex');

    await send(`/api/v1/consents/${granted.body.consentId}/revocation`, { receivedVia: 'letter' }, coordinator);
    await eventually(url, clinician, (body) => body.consents.length === 0);
  });

  it('answers 404 for an unknown client and 403 at a site where the caller holds no role', async () => {
    await refusedWritingNothing(intake, () => http().get(`/api/v1/clients/${crypto.randomUUID()}/consents/active`).set(as(clinician)), 404);
    await refusedWritingNothing(intake, () => http().get(`/api/v1/clients/${clients.south}/consents/active`).set(as(clinician)), 403);
  });
});

describe('readiness', () => {
  it('reports each projection with its lag in /health/ready', async () => {
    const response = await http().get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.checks.projections).toMatchObject({
      status: 'up',
      details: { 'intake-clients': { state: 'live', lag: 0, generation: 1 }, 'intake-consents': { state: 'live', lag: 0, generation: 1 } },
    });
  });
});
