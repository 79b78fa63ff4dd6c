import { validateIntegrationEvent } from '@continuum/contracts';
import { ManualClock } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed, storeSnapshot } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRegistration,
  exampleTrendOfPhq9,
} from './api/examples.js';
import { clientStream } from './domain/index.js';
import { toIntegrationEvent } from './messaging/intake-integration-events.js';
import { tellCareTeam } from './testing/care-team.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// Measurement during treatment over HTTP (docs/domain/screening.md#measurement-during-treatment):
// the care team screens an admitted client again, each screening with its day; the trend per
// instrument; a worsening published for the treatment plan.

const SITE = 'site-north';
const START = new Date('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;

let intake: IntakeTestApp;
let clock: ManualClock;
let coordinator: string;
let clinician: string;
let nurse: string;
let prescriber: string;
let siteAdmin: string;
let clinicianElsewhere: string;
let auditor: string;

const http = () => intake.http();
/** PHQ-9 answers totalling `total`, item 9 at 0. */
const phq9Of = (total: number) => ({
  instrument: 'PHQ-9',
  items: Array.from({ length: 9 }, (_, i) => (i === 8 ? 0 : Math.max(0, Math.min(3, total - 3 * i)))),
});
const screen = (clientId: string, body: object, who = clinician) =>
  http().post(`/api/v1/clients/${clientId}/screenings`).set(as(who)).send(body);
const trend = (clientId: string, query: string, who = clinician) =>
  http().get(`/api/v1/clients/${clientId}/screenings/trend${query}`).set(as(who));

/** Screened at intake (the PHQ-9 of 14 is the baseline), assessed, placed at IOP and admitted, with its care team told. */
async function admittedClient(): Promise<string> {
  const { body } = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  const clientId = body.clientId as string;
  await screen(clientId, examplePhq9Of14).expect(201);
  await screen(clientId, exampleCssrsNegative).expect(201);
  await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop).expect(201);
  await http().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level: IOP }).expect(201);
  await http().post(`/api/v1/clients/${clientId}/admissions`).set(as(coordinator)).send(exampleAdmission(SITE, '2026-03-02')).expect(201);
  await tellCareTeam(intake, clientId, SITE, [
    { userId: 'clinician-7', teamRole: 'clinician' },
    { userId: 'nurse-3', teamRole: 'nurse' },
    { userId: 'prescriber-2', teamRole: 'prescriber' },
  ]);
  return clientId;
}

beforeAll(async () => {
  clock = new ManualClock(START);
  intake = await startIntakeTestApp('intake-measurement-e2e', { clock });
  coordinator = await token('intake-coordinator', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  nurse = await token('nurse', [SITE], 'nurse-3');
  prescriber = await token('prescriber', [SITE], 'prescriber-2');
  siteAdmin = await token('site-admin', [SITE]);
  clinicianElsewhere = await token('clinician', ['site-south']);
  auditor = await token('auditor', []);
});

beforeEach(() => clock.set(START));
afterAll(() => intake.close());

describe('screening an admitted client during treatment', () => {
  it("is open to the nurse and the prescriber of the client's site, and keeps each screening's day", async () => {
    const clientId = await admittedClient();
    clock.advance(7 * DAY);
    const byNurse = await screen(clientId, phq9Of(12), nurse);
    expect(byNurse.status).toBe(201);
    expect(byNurse.body).toMatchObject({ instrument: 'PHQ-9', score: 12, band: 'moderate', administeredOn: '2026-03-09' });
    const byPrescriber = await screen(clientId, { instrument: 'GAD-7', items: [1, 1, 1, 1, 1, 1, 1] }, prescriber);
    expect(byPrescriber.status).toBe(201);
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(clinician)).expect(200);
    expect(record.body.status).toBe('admitted');
  });

  it('refuses a screening dated after today at the site, naming the field, and writes nothing', async () => {
    const clientId = await admittedClient();
    const before = await flushedSnapshot(intake, [clientStream(clientId)]);
    const response = await screen(clientId, { ...phq9Of(8), administeredOn: '2026-03-03' });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['administeredOn']);
    expect(await flushedSnapshot(intake, [clientStream(clientId)])).toEqual(before);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it('records a late entry on its own day, with its reason', async () => {
    const clientId = await admittedClient();
    clock.advance(3 * DAY);
    const late = await screen(clientId, { ...phq9Of(10), administeredOn: '2026-03-04', lateEntryReason: 'transcribed-from-paper' });
    expect(late.status).toBe(201);
    expect(late.body.administeredOn).toBe('2026-03-04');
  });

  it('tells a worsening: in the answer, in the stream, and published as ScreeningWorsened v1 with exactly its payload', async () => {
    const clientId = await admittedClient();
    clock.advance(14 * DAY);
    const worse = await screen(clientId, phq9Of(20), nurse).expect(201);
    expect(worse.body.worsening).toEqual({ reasons: ['score-up', 'band-up'], previousScore: 14, previousBand: 'moderate' });
    const stored = (await intake.store().readStream(clientStream(clientId))).find((event) => event.type === 'ScreeningWorsened')!;
    const published = toIntegrationEvent(stored)!;
    expect(published).toMatchObject({ type: 'ScreeningWorsened', schemaVersion: 1, source: 'intake', clientId, siteId: SITE });
    expect(published.data).toEqual({
      clientId,
      siteId: SITE,
      screeningId: worse.body.screeningId,
      instrument: 'PHQ-9',
      score: 20,
      band: 'severe',
      previousScore: 14,
      previousBand: 'moderate',
      reasons: ['score-up', 'band-up'],
      recordedAt: '2026-03-16T09:00:00.000Z',
    });
    expect(validateIntegrationEvent(published).ok).toBe(true);
  });

  it('tells no worsening when the score falls', async () => {
    const clientId = await admittedClient();
    clock.advance(14 * DAY);
    const better = await screen(clientId, phq9Of(9)).expect(201);
    expect(better.body).not.toHaveProperty('worsening');
    expect(await intake.typesIn(clientStream(clientId))).not.toContain('ScreeningWorsened');
  });
});

describe("a client's trend", () => {
  it('gives the dated scores and bands, the response and the remission', async () => {
    const clientId = await admittedClient();
    clock.set('2026-03-30T10:15:00.000Z');
    await screen(clientId, phq9Of(6)).expect(201);
    const answer = await trend(clientId, '?instrument=PHQ-9');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ clientId, instrument: 'PHQ-9', changeFromBaseline: -8, isResponse: true, isRemission: false });
    expect(
      answer.body.points.map((p: { administeredOn: string; score: number; band: string }) => [p.administeredOn, p.score, p.band]),
    ).toEqual([
      ['2026-03-02', 14, 'moderate'],
      ['2026-03-30', 6, 'mild'],
    ]);
    // The documented answer is the real one (but for the ids).
    const anyId = <Point extends object>(point: Point) => ({ ...point, screeningId: expect.any(String) });
    expect(answer.body).toEqual({
      ...exampleTrendOfPhq9,
      clientId,
      points: exampleTrendOfPhq9.points.map(anyId),
      baseline: anyId(exampleTrendOfPhq9.baseline),
      latest: anyId(exampleTrendOfPhq9.latest),
    });

    clock.set('2026-04-27T10:00:00.000Z');
    await screen(clientId, phq9Of(4)).expect(201);
    expect((await trend(clientId, '?instrument=PHQ-9')).body).toMatchObject({
      isResponse: true,
      isRemission: true,
      latest: { score: 4, band: 'none-minimal' },
    });
  });

  it('reads the C-SSRS by its risk category', async () => {
    const clientId = await admittedClient();
    const answer = await trend(clientId, '?instrument=C-SSRS', auditor);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ instrument: 'C-SSRS', points: [{ score: 0, band: 'none' }], isResponse: null, isRemission: null });
  });

  it('asks which instrument (400), and keeps a site administrator and other sites out (403)', async () => {
    const clientId = await admittedClient();
    const before = await flushedSnapshot(intake, [clientStream(clientId)]);
    expect((await trend(clientId, '')).status).toBe(400);
    expect((await trend(clientId, '?instrument=PHQ-2')).status).toBe(400);
    expect((await trend(clientId, '?instrument=PHQ-9', siteAdmin)).status).toBe(403);
    expect((await trend(clientId, '?instrument=PHQ-9', clinicianElsewhere)).status).toBe(403);
    // A refused read is no read: nothing appended, not even a record of it in the access log…
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
    expect((await storeSnapshot(intake.store(), [clientStream(clientId)])).streams).toEqual(before.streams);
    // …only each 403's security event (who was refused what, and why)…
    expect((await refusalsSinceFlushed(intake, before)).map((event) => (event.data as { status: number }).status)).toEqual([403, 403]);
    // …where the same read, answered, is recorded.
    expect((await trend(clientId, '?instrument=PHQ-9')).status).toBe(200);
    expect((await appendedSinceFlushed(intake, before)).map((event) => [event.type, (event.data as { what: unknown }).what])).toEqual([
      ['ClientRecordAccessed', expect.objectContaining({ resourceKind: 'screening-trend', resourceIds: { clientId } })],
    ]);
  });
});
