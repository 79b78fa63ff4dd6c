import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  type PublishedRestriction,
  consentsAndRestrictionsOf,
  emptyConsentFile,
  restrictionsBroken,
  withRestrictionAgreed,
} from '@continuum/consent';
import { type IntegrationEvent, TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { MESSAGE_PUBLISHER, type MessagePublisher, type OutgoingMessage } from '@continuum/messaging';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { exampleRegistration } from './api/examples.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// Requests for restriction (42 CFR 2.26(a); 45 CFR 164.522(a)) over HTTP: a coordinator records
// what the client asks, the site's administrator agrees or refuses with a reason, the required
// paid-in-full one is agreed as it is recorded and can never be refused. Every agreed one is
// published as RestrictionAgreed by the relay, as ConsentGranted is; a refused request writes
// and publishes nothing.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';

let intake: IntakeTestApp;
let coordinator: string;
let siteAdmin: string;
let clinician: string;
let auditor: string;
let published: OutgoingMessage[];

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-restrictions');
  coordinator = await token('intake-coordinator', [SITE]);
  siteAdmin = await token('site-admin', [SITE], 'site-admin-3');
  clinician = await token('clinician', [SITE]);
  auditor = await token('auditor', []);
  const publisher = intake.app.get<MessagePublisher>(MESSAGE_PUBLISHER);
  const publish = publisher.publish.bind(publisher);
  jest.spyOn(publisher, 'publish').mockImplementation(async (messages) => {
    published.push(...messages);
    await publish(messages);
  });
});

beforeEach(() => (published = []));
afterAll(() => intake.close());

const http = () => intake.http();

/** What the relay published about the client on intake's topic since the test began (once it went quiet). */
async function publishedAbout(clientId: string): Promise<IntegrationEvent[]> {
  await intake.quiet();
  return published
    .filter((message) => message.topic === TOPICS.intake && message.key === clientId)
    .map((message) => JSON.parse(message.value) as IntegrationEvent);
}

async function register(): Promise<string> {
  const response = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  return response.body.clientId as string;
}

const noPaymentDisclosures = { kind: 'requested', scope: { recipientKinds: ['health-plan'], purposes: ['HPAYMT'] } };
const paidInFull = { kind: 'paid-in-full', serviceIds: ['service-2026-03-02-counselling', 'service-2026-03-09-counselling'] };

async function requestRestriction(clientId: string, body: object = noPaymentDisclosures) {
  const response = await http().post(`/api/v1/clients/${clientId}/restrictions`).set(as(coordinator)).send(body);
  expect(response.status).toBe(201);
  return response.body as { restriction: { restrictionId: string; status: string; requestedAt: string; decidedAt?: string } };
}

/** The store as it stands once what came before was published; the spy forgets what it saw. */
async function snapshot() {
  await intake.quiet();
  published = [];
  return flushedSnapshot(intake);
}

/** Nothing appended anywhere since the snapshot, and nothing published about the client. */
async function expectNothingWrittenOrPublished(before: Awaited<ReturnType<typeof flushedSnapshot>>, clientId: string) {
  expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  expect(await publishedAbout(clientId)).toEqual([]);
}

describe('a requested restriction', () => {
  it('is recorded by the coordinator, agreed by the site administrator, and published once agreed', async () => {
    const clientId = await register();
    await intake.quiet();
    published = [];

    const requested = await requestRestriction(clientId);
    expect(requested.restriction).toMatchObject({ clientId, request: noPaymentDisclosures, status: 'requested' });
    const { restrictionId } = requested.restriction;
    // A request binds nothing until agreed: nothing crosses to the disclosers yet.
    expect(await publishedAbout(clientId)).toEqual([]);

    const agreed = await http().post(`/api/v1/clients/${clientId}/restrictions/${restrictionId}/agreement`).set(as(siteAdmin));
    expect(agreed.status).toBe(200);
    expect(agreed.body.restriction).toMatchObject({ restrictionId, status: 'agreed', decidedAt: expect.any(String) });
    expect(agreed.body.events.map((e: { type: string }) => e.type)).toEqual(['RestrictionAgreed']);

    const [restrictionAgreed, ...more] = await publishedAbout(clientId);
    expect(more).toEqual([]);
    expect(restrictionAgreed).toMatchObject({ type: 'RestrictionAgreed', schemaVersion: 1, source: 'intake', clientId, siteId: SITE });
    // It binds from the instant it was agreed, and says exactly what it covers.
    expect(restrictionAgreed!.data).toEqual({
      restrictionId,
      clientId,
      request: noPaymentDisclosures,
      required: false,
      agreedAt: agreed.body.restriction.decidedAt,
    });
    expect(validateIntegrationEvent(restrictionAgreed).ok).toBe(true);

    // Who decided is on the event: the site's administrator, for the programme.
    const stored = await intake.store().readStream(clientStream(clientId));
    expect(stored.at(-1)).toMatchObject({ type: 'RestrictionAgreed', metadata: { actor: { userId: 'site-admin-3', role: 'site-admin' } } });

    const listed = await http().get(`/api/v1/clients/${clientId}/restrictions`).set(as(auditor));
    expect(listed.status).toBe(200);
    expect(listed.body.restrictions).toEqual([agreed.body.restriction]);
  });

  it('is refused with the reason the client is told, which stays in intake', async () => {
    const clientId = await register();
    const { restriction } = await requestRestriction(clientId, { kind: 'requested', scope: { recipientIds: ['provider-psychiatry-7'] } });
    await intake.quiet();
    published = [];
    const reason = 'Riverside Psychiatry prescribes your medication; we cannot treat you safely without telling them.';
    const refused = await http()
      .post(`/api/v1/clients/${clientId}/restrictions/${restriction.restrictionId}/refusal`)
      .set(as(siteAdmin))
      .send({ reason });
    expect(refused.status).toBe(200);
    expect(refused.body.restriction).toMatchObject({ status: 'refused', refusalReason: reason });
    // A refused restriction binds no one: nothing is published, and the reason never crosses.
    expect(await publishedAbout(clientId)).toEqual([]);
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.restrictions).toEqual([expect.objectContaining({ status: 'refused', refusalReason: reason })]);
  });

  it('is never refused without a reason (422), and then nothing is written', async () => {
    const clientId = await register();
    const { restriction } = await requestRestriction(clientId);
    for (const body of [{}, { reason: '   ' }]) {
      const before = await snapshot();
      const refused = await http()
        .post(`/api/v1/clients/${clientId}/restrictions/${restriction.restrictionId}/refusal`)
        .set(as(siteAdmin))
        .send(body);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.code).toBe('reason-required');
      await expectNothingWrittenOrPublished(before, clientId);
    }
  });

  it('is decided once: a second decision is refused (422) and writes nothing', async () => {
    const clientId = await register();
    const { restriction } = await requestRestriction(clientId);
    const path = `/api/v1/clients/${clientId}/restrictions/${restriction.restrictionId}`;
    await http().post(`${path}/agreement`).set(as(siteAdmin)).expect(200);
    const before = await snapshot();
    const again = await http().post(`${path}/refusal`).set(as(siteAdmin)).send({ reason: 'changed our mind' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('restriction-decided');
    await expectNothingWrittenOrPublished(before, clientId);
  });
});

describe('the required restriction: services the client paid for in full', () => {
  it('is agreed as it is recorded, by the coordinator, and published as required', async () => {
    const clientId = await register();
    await intake.quiet();
    published = [];
    const { restriction } = await requestRestriction(clientId, paidInFull);
    // 42 CFR 2.26(a), 45 CFR 164.522(a)(1)(vi): the programme must agree; it binds from the moment it is recorded.
    expect(restriction).toMatchObject({ status: 'agreed', request: paidInFull, decidedAt: restriction.requestedAt });
    const [restrictionAgreed, ...more] = await publishedAbout(clientId);
    expect(more).toEqual([]);
    expect(restrictionAgreed!.data).toEqual({
      restrictionId: restriction.restrictionId,
      clientId,
      request: paidInFull,
      required: true,
      agreedAt: restriction.requestedAt,
    });
    expect(validateIntegrationEvent(restrictionAgreed).ok).toBe(true);

    // A discloser's copy of what was published refuses a claim to the health plan for those services, and only that.
    const file = withRestrictionAgreed(emptyConsentFile, restrictionAgreed!.data as PublishedRestriction);
    const { restrictions } = consentsAndRestrictionsOf(file, clientId);
    const claim = (serviceIds: string[]) => ({
      at: new Date().toISOString(),
      recipient: { recipientId: 'plan-blue-river', kind: 'health-plan' as const },
      purpose: 'CLMATTCH' as const,
      categories: ['billing' as const],
      serviceIds,
    });
    expect(restrictionsBroken(claim(['service-2026-03-09-counselling']), restrictions).map((b) => b.code)).toEqual(['paid-in-full']);
    expect(restrictionsBroken(claim(['service-2026-03-16-group']), restrictions)).toEqual([]);
  });

  it('can never be refused (422), and the refusal writes nothing', async () => {
    const clientId = await register();
    const { restriction } = await requestRestriction(clientId, paidInFull);
    const before = await snapshot();
    const refused = await http()
      .post(`/api/v1/clients/${clientId}/restrictions/${restriction.restrictionId}/refusal`)
      .set(as(siteAdmin))
      .send({ reason: 'we bill every service to the plan' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('restriction-decided');
    await expectNothingWrittenOrPublished(before, clientId);
    const listed = await http().get(`/api/v1/clients/${clientId}/restrictions`).set(as(coordinator));
    expect(listed.body.restrictions).toEqual([expect.objectContaining({ status: 'agreed' })]);
  });
});

describe('bad input is refused with problem+json and writes nothing', () => {
  it.each<[string, unknown, number, string]>([
    ['an unknown kind of recipient (400)', { kind: 'requested', scope: { recipientKinds: ['neighbour'] } }, 400, 'scope.recipientKinds'],
    ['an unknown purpose code (400)', { kind: 'requested', scope: { purposes: ['payment'] } }, 400, 'scope.purposes'],
    ['an unknown category (400)', { kind: 'requested', scope: { categories: ['everything'] } }, 400, 'scope.categories'],
    ['an unknown kind (400)', { kind: 'maybe', scope: { purposes: ['HPAYMT'] } }, 400, 'kind'],
    ['an unknown field (400)', { ...noPaymentDisclosures, until: '2027-01-01' }, 400, 'until'],
    ['a scope that covers nothing (422)', { kind: 'requested', scope: {} }, 422, ''],
    ['a request without a scope (422)', { kind: 'requested' }, 422, ''],
    ['paid-in-full without the services (422)', { kind: 'paid-in-full' }, 422, ''],
    ['paid-in-full with a blank service id (400)', { kind: 'paid-in-full', serviceIds: [''] }, 400, 'serviceIds'],
    ['paid-in-full with a scope as well (422)', { ...paidInFull, scope: { purposes: ['HPAYMT'] } }, 422, 'scope'],
    ['a scope with services paid in full as well (422)', { ...noPaymentDisclosures, serviceIds: ['service-1'] }, 422, 'serviceIds'],
  ])('%s', async (_what, body, status, field) => {
    const clientId = await register();
    const before = await snapshot();
    const response = await http()
      .post(`/api/v1/clients/${clientId}/restrictions`)
      .set(as(coordinator))
      .send(body as object);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    if (field !== '') expect(response.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain(field);
    await expectNothingWrittenOrPublished(before, clientId);
  });

  it('refuses to decide a restriction that was never requested (422), writing nothing', async () => {
    const clientId = await register();
    const before = await snapshot();
    const response = await http().post(`/api/v1/clients/${clientId}/restrictions/${randomUUID()}/agreement`).set(as(siteAdmin));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('restriction-not-found');
    await expectNothingWrittenOrPublished(before, clientId);
  });
});

describe('who records and who decides', () => {
  it('lets no one but the site administrator decide, and keeps other sites out (403), writing nothing', async () => {
    const clientId = await register();
    const { restriction } = await requestRestriction(clientId);
    const path = `/api/v1/clients/${clientId}/restrictions/${restriction.restrictionId}`;
    const adminElsewhere = await token('site-admin', [OTHER_SITE]);
    const before = await snapshot();
    await http().post(`${path}/agreement`).set(as(coordinator)).expect(403);
    await http().post(`${path}/agreement`).set(as(clinician)).expect(403);
    await http().post(`${path}/agreement`).set(as(auditor)).expect(403);
    await http().post(`${path}/agreement`).set(as(adminElsewhere)).expect(403);
    // Nor does the site administrator record the client's request in the client's place.
    await http().post(`/api/v1/clients/${clientId}/restrictions`).set(as(siteAdmin)).send(noPaymentDisclosures).expect(403);
    await expectNothingWrittenOrPublished(before, clientId);
  });

  it('answers a retried request with the same Idempotency-Key with the same restriction, recorded once', async () => {
    const clientId = await register();
    const key = randomUUID();
    const send = () =>
      http().post(`/api/v1/clients/${clientId}/restrictions`).set(as(coordinator)).set('Idempotency-Key', key).send(noPaymentDisclosures);
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await intake.typesIn(clientStream(clientId))).toEqual(['ReferralReceived', 'ClientRegistered', 'RestrictionRequested']);
  });
});
