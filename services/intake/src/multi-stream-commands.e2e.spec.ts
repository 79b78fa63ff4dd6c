import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { type Decider, type DomainEvent, RuleBroken } from '@continuum/decider';
import { newId } from '@continuum/event-store';
import { MESSAGE_PUBLISHER, type MessagePublisher, type OutgoingMessage } from '@continuum/messaging';
import { type StoreSnapshot, appendedSinceFlushed, storeSnapshot } from '@continuum/service-testing';
import { exampleRegistration, exampleTreatmentConsent } from './api/examples.js';
import { ClientIndex, consentStream, identityStream, safetyFollowUpStream } from './application/client-index.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, today, tokenFor as token } from './testing/intake-app.js';

// "A refused request writes nothing, anywhere": the three intake commands that write a lookup
// beside the client's stream — a registration (and the identity index), a consent (and the
// consent index), a screening that opens a safety follow-up (and the follow-up index) — run as
// one command (runCommands). A refusal at either step (a broken rule
// or the caller's site at the client's step; the lookup's decider throwing, injected here, at
// the lookup's) leaves both streams as they were, adds nothing to the store's log, and gives
// the relay nothing to publish. Once the refusal is gone, the same request writes both.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';

let intake: IntakeTestApp;
let coordinator: string;
let published: OutgoingMessage[];
let refusals: { mockRestore(): void }[] = [];

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-multi-stream');
  coordinator = await token('intake-coordinator', [SITE]);
  // Everything the relay (or anyone in the app) publishes, to show that a refusal publishes nothing.
  const publisher = intake.app.get<MessagePublisher>(MESSAGE_PUBLISHER);
  const publish = publisher.publish.bind(publisher);
  jest.spyOn(publisher, 'publish').mockImplementation(async (messages) => {
    published.push(...messages);
    await publish(messages);
  });
});

beforeEach(() => (published = []));
afterEach(() => {
  for (const refusal of refusals) refusal.mockRestore();
  refusals = [];
});
afterAll(() => intake.close());

const http = () => intake.http();
const index = () => intake.app.get(ClientIndex);

/** What the relay published about the client on intake's topic since the test began (once it went quiet). */
async function publishedAbout(clientId: string): Promise<string[]> {
  await intake.quiet();
  return published
    .filter((message) => message.topic === TOPICS.intake && message.key === clientId)
    .map((message) => (JSON.parse(message.value) as IntegrationEvent).type);
}

const snapshot = (streams: string[]) => storeSnapshot(intake.store(), streams);

/**
 * No stream changed, the global log holds nothing new but a 401/403's security event (the access
 * log's AccessRefused, docs/architecture/security.md#refused-requests), and the relay published
 * nothing about the client.
 */
async function expectNothingWrittenOrPublished(before: StoreSnapshot, clientId: string): Promise<void> {
  expect((await snapshot(Object.keys(before.streams))).streams).toEqual(before.streams);
  expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  // The same spy sees the relay publish once the refusal is gone (each test checks it at its end).
  expect(await publishedAbout(clientId)).toEqual([]);
}

/** The lookup's decider refuses, as a broken rule would. */
function refuse<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  const refusal = jest.spyOn(decider, 'decide').mockImplementation(() => {
    throw new RuleBroken('refused for this spec', 'injected-refusal');
  });
  refusals.push(refusal);
  return refusal;
}

/** Someone no other test registers: a duplicate key of their own. */
function newPerson() {
  const letters = randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 8);
  return { ...exampleRegistration(SITE).person, familyName: `Example-${letters}` };
}

describe('registering a client: the referral and registration, and the identity index', () => {
  type Registration = ReturnType<typeof exampleRegistration>;
  const asIs = (body: Registration) => body;
  const bornIn2999 = (body: Registration) => ({ ...body, person: { ...body.person, dateOfBirth: '2999-01-01' } });

  it.each([
    ['the registration, for a caller from another site (403)', 403, asIs, async () => token('intake-coordinator', [OTHER_SITE])],
    ['the registration, with a date of birth in the future (422)', 422, bornIn2999, async () => coordinator],
    ['the pointer in the identity index (422)', 422, asIs, async () => (refuse(index().identities), coordinator)],
  ])('writes and publishes nothing when %s is refused, and both once it is not', async (_step, status, refusedBodyOf, prepare) => {
    const key = randomUUID();
    const clientId = newId(key, 'client');
    const body = { ...exampleRegistration(SITE), person: newPerson() };
    const refusedBody = refusedBodyOf(body);
    const before = await snapshot([clientStream(clientId), identityStream(body.person), identityStream(refusedBody.person)]);

    const caller = await prepare();
    const refused = await http().post('/api/v1/clients').set(as(caller)).set('Idempotency-Key', key).send(refusedBody);
    expect(refused.status).toBe(status);
    await expectNothingWrittenOrPublished(before, clientId);

    for (const refusal of refusals) refusal.mockRestore();
    // A refused request does not bind its key: the corrected request may carry it.
    const registered = await http().post('/api/v1/clients').set(as(coordinator)).set('Idempotency-Key', key).send(body);
    expect(registered.status).toBe(201);
    expect(registered.body.clientId).toBe(clientId);
    expect(await intake.typesIn(clientStream(clientId))).toEqual(['ReferralReceived', 'ClientRegistered']);
    const pointers = await intake.store().readStream(identityStream(body.person));
    expect(pointers.map((event) => [event.type, event.data])).toEqual([['ClientIdentityIndexed', { clientId }]]);
    expect(await publishedAbout(clientId)).toEqual(['ClientRegistered']);
  });

  it('flags the next registration of the same person as a possible duplicate, the index having been written with the first', async () => {
    const person = newPerson();
    const first = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .send({ ...exampleRegistration(SITE), person });
    const second = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .send({ ...exampleRegistration(SITE), person });
    expect(second.body.possibleDuplicateOf).toEqual([first.body.clientId]);
  });
});

describe('granting a consent: the consent in the client stream, and the consent index', () => {
  async function registered(): Promise<string> {
    const response = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .send({ ...exampleRegistration(SITE), person: newPerson() });
    expect(response.status).toBe(201);
    await intake.quiet();
    return response.body.clientId as string;
  }

  it.each([
    ['the consent, missing its signature (422)', 422, { ...exampleTreatmentConsent(today()), signers: [] }, (): void => undefined],
    ['the pointer in the consent index (422)', 422, exampleTreatmentConsent(today()), (): void => void refuse(index().consents)],
  ])('writes and publishes nothing when %s is refused, and both once it is not', async (_step, status, form, injectRefusal) => {
    const clientId = await registered();
    const key = randomUUID();
    const consentId = newId(key, 'consent');
    const before = await snapshot([clientStream(clientId), consentStream(consentId)]);
    published = [];

    injectRefusal();
    const refused = await http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).set('Idempotency-Key', key).send(form);
    expect(refused.status).toBe(status);
    await expectNothingWrittenOrPublished(before, clientId);

    for (const refusal of refusals) refusal.mockRestore();
    // A refused request does not bind its key: the corrected request may carry it.
    const granted = await http()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send(exampleTreatmentConsent(today()));
    expect(granted.status).toBe(201);
    expect(granted.body.consentId).toBe(consentId);
    expect((await intake.typesIn(clientStream(clientId))).at(-1)).toBe('ConsentGranted');
    const pointers = await intake.store().readStream(consentStream(consentId));
    expect(pointers.map((event) => [event.type, event.data])).toEqual([['ConsentIndexed', { clientId }]]);
    expect(await publishedAbout(clientId)).toEqual(['ConsentGranted']);
    // The pointer is what a revocation, which names only the consent, finds the client by.
    await http().post(`/api/v1/consents/${consentId}/revocation`).set(as(coordinator)).send({ receivedVia: 'letter' }).expect(200);
  });
});

describe('a screening that opens a same-day safety follow-up: the screening in the client stream, and the follow-up index', () => {
  const selfHarmThoughts = { instrument: 'PHQ-9', items: [0, 0, 0, 0, 0, 0, 0, 0, 2] };

  it.each([
    [
      'the screening, with an answer out of range (422)',
      422,
      { ...selfHarmThoughts, items: [0, 0, 0, 0, 0, 0, 0, 0, 4] },
      (): void => undefined,
    ],
    ['the pointer in the follow-up index (422)', 422, selfHarmThoughts, (): void => void refuse(index().safetyFollowUps)],
  ])('writes and publishes nothing when %s is refused, and both once it is not', async (_step, status, answers, injectRefusal) => {
    const registration = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .send({ ...exampleRegistration(SITE), person: newPerson() })
      .expect(201);
    const clientId = registration.body.clientId as string;
    await intake.quiet();
    const key = randomUUID();
    const followUpId = newId(key, 'safety-follow-up');
    const before = await snapshot([clientStream(clientId), safetyFollowUpStream(followUpId)]);
    published = [];

    injectRefusal();
    const refused = await http()
      .post(`/api/v1/clients/${clientId}/screenings`)
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send(answers);
    expect(refused.status).toBe(status);
    await expectNothingWrittenOrPublished(before, clientId);

    for (const refusal of refusals) refusal.mockRestore();
    const screened = await http()
      .post(`/api/v1/clients/${clientId}/screenings`)
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send(selfHarmThoughts);
    expect(screened.status).toBe(201);
    expect(screened.body.safetyFollowUp.followUpId).toBe(followUpId);
    expect(await intake.typesIn(clientStream(clientId))).toEqual([
      'ReferralReceived',
      'ClientRegistered',
      'ScreeningRecorded',
      'SafetyFollowUpOpened',
    ]);
    const pointers = await intake.store().readStream(safetyFollowUpStream(followUpId));
    expect(pointers.map((event) => [event.type, event.data])).toEqual([['SafetyFollowUpIndexed', { clientId }]]);
    expect(await publishedAbout(clientId)).toEqual(['SafetyFollowUpOpened']);
  });

  it('points nowhere when the screening opens no follow-up', async () => {
    const registration = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .send({ ...exampleRegistration(SITE), person: newPerson() })
      .expect(201);
    const key = randomUUID();
    await http()
      .post(`/api/v1/clients/${registration.body.clientId}/screenings`)
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send({ instrument: 'GAD-7', items: [1, 1, 1, 1, 1, 1, 1] })
      .expect(201);
    expect(await intake.store().readStream(safetyFollowUpStream(newId(key, 'safety-follow-up')))).toEqual([]);
  });
});
