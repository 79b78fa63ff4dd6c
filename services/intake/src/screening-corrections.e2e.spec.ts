import { ManualClock } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed } from '@continuum/service-testing';
import { examplePhq9Of14, exampleRegistration } from './api/examples.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// A screening marked entered-in-error over HTTP: the original stays in the client's stream, the
// record no longer lists it, and every refusal writes nothing.

const SITE = 'site-north';
const UNKNOWN_CLIENT = '0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b';

let intake: IntakeTestApp;
let coordinator: string;
let clinician: string;
let siteAdmin: string;
let clinicianElsewhere: string;

const http = () => intake.http();
const mark = (clientId: string, screeningId: string, body: object, who = clinician) =>
  http().post(`/api/v1/clients/${clientId}/screenings/${screeningId}/entered-in-error`).set(as(who)).send(body);

async function screenedClient(): Promise<{ clientId: string; screeningId: string }> {
  const { body } = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  const screened = await http().post(`/api/v1/clients/${body.clientId}/screenings`).set(as(clinician)).send(examplePhq9Of14).expect(201);
  return { clientId: body.clientId as string, screeningId: screened.body.screeningId as string };
}

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-screening-corrections-e2e', { clock: new ManualClock(new Date('2026-03-02T09:00:00.000Z')) });
  coordinator = await token('intake-coordinator', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  siteAdmin = await token('site-admin', [SITE]);
  clinicianElsewhere = await token('clinician', ['site-south']);
});

afterAll(() => intake.close());

describe('marking a screening entered-in-error', () => {
  it('keeps the original in the history and drops it from the record', async () => {
    const { clientId, screeningId } = await screenedClient();
    const marked = await mark(clientId, screeningId, { reasonCode: 'wrong-client' });
    expect(marked.status).toBe(201);
    expect(marked.body.events.map((event: { type: string }) => event.type)).toEqual(['ScreeningMarkedInError']);
    const types = (await intake.store().readStream(clientStream(clientId))).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['ScreeningRecorded', 'ScreeningMarkedInError']));
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(clinician)).expect(200);
    expect(record.body.screenings.map((screening: { screeningId: string }) => screening.screeningId)).not.toContain(screeningId);
    expect((await mark(clientId, screeningId, { reasonCode: 'wrong-client' })).body.events).toEqual([]);
  });

  it('refuses another site (403), a site administrator (403), an unknown client (404), an unknown screening (422) and a reason off the list (400), writing nothing', async () => {
    const { clientId, screeningId } = await screenedClient();
    const before = await flushedSnapshot(intake, [clientStream(clientId)]);
    expect((await mark(clientId, screeningId, { reasonCode: 'duplicate' }, clinicianElsewhere)).status).toBe(403);
    expect((await mark(clientId, screeningId, { reasonCode: 'duplicate' }, siteAdmin)).status).toBe(403);
    expect((await mark(UNKNOWN_CLIENT, screeningId, { reasonCode: 'duplicate' })).status).toBe(404);
    const unknown = await mark(clientId, 'screening-nowhere', { reasonCode: 'duplicate' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown-screening');
    const badReason = await mark(clientId, screeningId, { reasonCode: 'I typed it wrong' });
    expect(badReason.status).toBe(400);
    expect((await flushedSnapshot(intake, [clientStream(clientId)])).streams).toEqual(before.streams);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
    // The two 403s are security events of their own, not writes of the request.
    expect((await refusalsSinceFlushed(intake, before)).map((event) => (event.data as { status: number }).status)).toEqual([403, 403]);
  });
});
