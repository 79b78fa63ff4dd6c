import { refusedWritingNothing } from '@continuum/service-testing';
import { type AppendResult, type EventStore, type NewEvent, type StreamAppend } from '@continuum/event-store';
import { exampleCssrsNegative, examplePhq9Of14, exampleRegistration } from './api/examples.js';
import { identityStream } from './application/client-index.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// An Idempotency-Key over HTTP through the intake app: honoured only for a retry of the very
// request it was first sent with. The three cases of the issue "a refused request writes
// nothing, anywhere": a reused key with another body, on another client's path, and by a user
// of another site — each a 422 that names nothing of the first request and writes nothing.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const REUSED = 'urn:continuum:problem:idempotency-key-reused';

let intake: IntakeTestApp;
let coordinator: string;
let clinician: string;
let coordinatorSouth: string;
let keys = 0;
const newKey = () => `idem-${Date.now()}-${++keys}`;

const http = () => intake.http();
const store = () => intake.store();

type Registered = { clientId: string; status: string; possibleDuplicateOf: string[] };

const person = (givenName: string, familyName: string, dateOfBirth: string) => ({ givenName, familyName, dateOfBirth, contact: {} });
const registrationOf = (siteId: string, who = person('Robin', `Keyholder${++keys}`, '1979-05-02')) => ({
  ...exampleRegistration(siteId),
  person: who,
});

async function register(body: object, key?: string, bearer = coordinator): Promise<Registered> {
  const response = await http()
    .post('/api/v1/clients')
    .set(as(bearer))
    .set(key ? { 'Idempotency-Key': key } : {})
    .send(body);
  expect(response.status).toBe(201);
  return response.body as Registered;
}

/** The streams that received events after `position`, other than the access log's. */
async function writtenSince(position: number): Promise<string[]> {
  const streams: string[] = [];
  for await (const event of store().readAll({ after: position }))
    if (!event.streamId.startsWith('access-log-')) streams.push(event.streamId);
  return streams;
}

/** A reused-key refusal: 422 problem+json, telling the caller to send a new key and naming nothing of the first request. */
function expectReusedKey(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  firstRequest: { clientId: string; siteId?: string },
) {
  expect(response.status).toBe(422);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(response.body).toMatchObject({
    type: REUSED,
    status: 422,
    detail: expect.stringMatching(/already used for a different request.*new key/),
  });
  const said = `${response.body.title} ${response.body.detail}`;
  expect(said).not.toContain(firstRequest.clientId);
  expect(said).not.toMatch(/site-|client/i);
  expect(Object.keys(response.body).sort()).toEqual(['correlationId', 'detail', 'instance', 'status', 'title', 'type']);
}

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-idempotency');
  coordinator = await token('intake-coordinator', [SITE], 'coordinator-north');
  clinician = await token('clinician', [SITE], 'clinician-north');
  coordinatorSouth = await token('intake-coordinator', [OTHER_SITE], 'coordinator-south');
});

afterAll(() => intake.close());

describe('a key reused for a different request is refused (422) and writes nothing', () => {
  it('with another body (another person): the first client stays as it was, and no client is added', async () => {
    const key = newKey();
    const firstBody = registrationOf(SITE);
    const first = await register(firstBody, key);
    const head = await store().headPosition();

    const reused = await http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send(registrationOf(SITE, person('Sam', 'Otherperson', '1990-01-01')));

    expectReusedKey(reused, { clientId: first.clientId, siteId: SITE });
    expect(await writtenSince(head)).toEqual([]);
    expect((await store().readStream(clientStream(first.clientId))).map((event) => event.type)).toEqual([
      'ReferralReceived',
      'ClientRegistered',
    ]);
    const record = await http().get(`/api/v1/clients/${first.clientId}`).set(as(clinician));
    expect(record.body.person).toMatchObject({ givenName: 'Robin' });
    // The refusal left the key bound as it was: it still answers the request it was first sent with.
    expect(await register(firstBody, key)).toEqual(first);
    expect(await writtenSince(head)).toEqual([]);
  });

  it("on another client's path: no screening is recorded there, and the first screening keeps its id", async () => {
    const [x, y] = [await register(registrationOf(SITE)), await register(registrationOf(SITE))];
    const key = newKey();
    const screening = await http()
      .post(`/api/v1/clients/${x.clientId}/screenings`)
      .set(as(clinician))
      .set('Idempotency-Key', key)
      .send(examplePhq9Of14);
    expect(screening.status).toBe(201);
    const head = await store().headPosition();

    const elsewhere = await http()
      .post(`/api/v1/clients/${y.clientId}/screenings`)
      .set(as(clinician))
      .set('Idempotency-Key', key)
      .send(examplePhq9Of14);

    expectReusedKey(elsewhere, x);
    expect(await writtenSince(head)).toEqual([]);
    expect(await intake.typesIn(clientStream(y.clientId))).not.toContain('ScreeningRecorded');
    const retried = await http()
      .post(`/api/v1/clients/${x.clientId}/screenings`)
      .set(as(clinician))
      .set('Idempotency-Key', key)
      .send(examplePhq9Of14);
    expect(retried.status).toBe(201);
    expect(retried.body.screeningId).toBe(screening.body.screeningId);
  });

  it("by a user of another site: a 422, not a 403 naming the first request's site, and their own client is registered with a new key", async () => {
    const key = newKey();
    const firstBody = registrationOf(SITE);
    const first = await register(firstBody, key);
    const head = await store().headPosition();

    const south = registrationOf(OTHER_SITE);
    const reused = await http().post('/api/v1/clients').set(as(coordinatorSouth)).set('Idempotency-Key', key).send(south);

    expectReusedKey(reused, { clientId: first.clientId, siteId: SITE });
    expect(JSON.stringify(reused.body)).not.toContain(SITE);
    expect(await writtenSince(head)).toEqual([]);
    const own = await register(south, newKey(), coordinatorSouth);
    expect(own.clientId).not.toBe(first.clientId);
    expect(await writtenSince(head)).toContain(clientStream(own.clientId));
    // The refusal left the key bound as it was: it still answers the first request, for its own caller.
    expect(await register(firstBody, key)).toEqual(first);
  });
});

describe('a key sent again with the same request', () => {
  it('answers with the first answer (same ids) and appends nothing, also after a restart', async () => {
    const key = newKey();
    const body = registrationOf(SITE);
    const first = await register(body, key);
    const head = await store().headPosition();

    // The same body, its keys in another order.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(await register(reordered, key)).toEqual(first);
    await intake.restart();
    expect(await register(body, key)).toEqual(first);
    // The binding survived the restart too.
    expect((await http().post('/api/v1/clients').set(as(coordinator)).set('Idempotency-Key', key).send(registrationOf(SITE))).status).toBe(
      422,
    );
    expect(await writtenSince(head)).toEqual([]);
  });

  it('while the first is still being handled is a 409 with Retry-After; the first then answers and binds the key', async () => {
    const key = newKey();
    const body = registrationOf(SITE);
    const head = await store().headPosition();
    // Holds the first request's append to its client's stream until the second was answered.
    const held = holdClientAppends(store());
    const first = http()
      .post('/api/v1/clients')
      .set(as(coordinator))
      .set('Idempotency-Key', key)
      .send(body)
      .then((response) => response);
    await held.reached;

    const concurrent = await http().post('/api/v1/clients').set(as(coordinator)).set('Idempotency-Key', key).send(body);

    held.release();
    expect(concurrent.status).toBe(409);
    expect(concurrent.headers['retry-after']).toBe('1');
    expect(concurrent.body).toMatchObject({
      type: 'urn:continuum:problem:idempotency-key-in-flight',
      status: 409,
      detail: expect.stringContaining('still being handled'),
    });
    const answered = await first;
    expect(answered.status).toBe(201);
    expect(await register(body, key)).toEqual(answered.body);
    expect((await store().readStream(clientStream(answered.body.clientId))).length).toBe(2);
    // The 409 wrote nothing: the only client stream written is the first request's.
    expect((await writtenSince(head)).filter((stream) => stream.startsWith('intake-client-'))).toEqual([
      clientStream(answered.body.clientId),
      clientStream(answered.body.clientId),
    ]);
    // Nor anywhere else: everything written since is the first request's registration and its identity pointer.
    expect((await writtenSince(head)).sort()).toEqual(
      [clientStream(answered.body.clientId), clientStream(answered.body.clientId), identityStream(body.person)].sort(),
    );
  });
});

describe('a refused request leaves its key free', () => {
  it('after a 400, the key serves the corrected request', async () => {
    const key = newKey();
    await refusedWritingNothing(
      intake,
      () =>
        http()
          .post('/api/v1/clients')
          .set(as(coordinator))
          .set('Idempotency-Key', key)
          .send({ ...registrationOf(SITE), favouriteColour: 'blue' }),
      400,
    );
    const corrected = await register(registrationOf(SITE), key);
    expect(corrected.status).toBe('registered');
  });

  it('after a 422 of the rules, the key serves another screening', async () => {
    const { clientId } = await register(registrationOf(SITE));
    const key = newKey();
    await refusedWritingNothing(
      intake,
      () =>
        http()
          .post(`/api/v1/clients/${clientId}/screenings`)
          .set(as(clinician))
          .set('Idempotency-Key', key)
          .send({ instrument: 'PHQ-9', items: [0, 1, 2, 3, 4, 0, 0, 0, -1] }),
      422,
    );
    const screening = await http()
      .post(`/api/v1/clients/${clientId}/screenings`)
      .set(as(clinician))
      .set('Idempotency-Key', key)
      .send(exampleCssrsNegative);
    expect(screening.status).toBe(201);
    expect(screening.body).toMatchObject({ instrument: 'C-SSRS' });
  });
});

/** Makes the next append to a client's stream wait until `release`; `reached` resolves once it waits. */
function holdClientAppends(eventStore: EventStore) {
  const original = { one: eventStore.appendToStream, many: eventStore.appendToStreams };
  let reached!: () => void;
  let release!: () => void;
  const isReached = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const restore = () => {
    eventStore.appendToStream = original.one;
    eventStore.appendToStreams = original.many;
  };
  const hold = async (streams: string[]) => {
    if (!streams.some((stream) => stream.startsWith('intake-client-'))) return;
    restore();
    reached();
    await released;
  };
  eventStore.appendToStream = async (stream: string, events: NewEvent[], options): Promise<AppendResult> => {
    await hold([stream]);
    return original.one.call(eventStore, stream, events, options);
  };
  eventStore.appendToStreams = async (appends: StreamAppend[]): Promise<AppendResult[]> => {
    await hold(appends.map((part) => part.stream));
    return original.many.call(eventStore, appends);
  };
  return { reached: isReached, release: () => (restore(), release()) };
}
