import { type EventStore } from '@continuum/event-store';
import { exampleRegistration, exampleTreatmentConsent } from './api/examples.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, today, tokenFor as token } from './testing/intake-app.js';

// A client registered or changed by this process is not folded from its first event again:
// its next command and its next read start from the state the last one left (FoldedClients),
// reading only what the stream holds after it, and still see every event.

const SITE = 'site-north';
let intake: IntakeTestApp;
let coordinator: string;

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-folded-clients');
  coordinator = await token('intake-coordinator', [SITE]);
});
afterAll(() => intake.close());

it("reads a client's stream only after the revision its registration left, for a consent and the read after it", async () => {
  const registered = await intake.http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  const clientId = registered.body.clientId as string;
  const store = intake.store();
  const read = store.readStream;
  const reads: Parameters<EventStore['readStream']>[] = [];
  // Set on the store beneath the service's instrumented one, and deleted after: its own method again.
  store.readStream = (...asked) => {
    reads.push(asked);
    return read(...asked);
  };
  try {
    await intake
      .http()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(as(coordinator))
      .send(exampleTreatmentConsent(today()))
      .expect(201);
    const record = await intake.http().get(`/api/v1/clients/${clientId}`).set(as(coordinator)).expect(200);
    expect(record.body.consents).toMatchObject([{ purposes: ['TREAT'], status: 'active' }]);
    const ofClient = reads.filter(([stream]) => stream === clientStream(clientId));
    expect(ofClient.length).toBeGreaterThan(0);
    // Registration wrote revisions 0 and 1: nothing before 2 is read again.
    expect(ofClient.map(([, options]) => options?.fromRevision ?? 0).filter((from) => from < 2)).toEqual([]);
  } finally {
    delete (store as Partial<EventStore>).readStream;
    expect(store.readStream).not.toBe(read);
  }
});
