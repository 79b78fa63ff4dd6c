import { ManualClock } from '@continuum/platform';
import { type StoreSnapshot, appendedSince, storeSnapshot } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAnswerToSafetyPlan,
  exampleAssessmentForIop,
  exampleCssrsImminentRisk,
  exampleCssrsNegative,
  exampleRegistration,
  exampleSafetyPlan,
} from './api/examples.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// Suicide-risk safety over HTTP (docs/domain/screening.md#safety-hold): the C-SSRS gate before an
// assessment, and the safety hold that only a clinician's suicide-risk assessment and safety plan
// end. Every refusal is a problem document naming what to do, and leaves the store as it was.

const SITE = 'site-north';
const START = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const MEDICALLY_MONITORED = { edition: 3, code: '3.7' } as const;
const RESIDENTIAL = { edition: 3, code: '3.5' } as const;

let intake: IntakeTestApp;
let clock: ManualClock;
let coordinator: string;
let clinician: string;
let nurse: string;

const http = () => intake.http();
const snapshot = (clientId: string) => storeSnapshot(intake.store(), [clientStream(clientId)]);

async function expectNothingWritten(before: StoreSnapshot, clientId: string): Promise<void> {
  expect(await snapshot(clientId)).toEqual(before);
  expect(await appendedSince(intake.store(), before)).toEqual([]);
}

async function register(): Promise<string> {
  const response = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  return response.body.clientId as string;
}

const screen = (clientId: string, answers: object, who = clinician) => http().post(`/api/v1/clients/${clientId}/screenings`).set(as(who)).send(answers);
const assess = (clientId: string) => http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop);
const place = (clientId: string, level: object, varianceReason?: string) =>
  http().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level, ...(varianceReason ? { varianceReason } : {}) });
const admit = (clientId: string, level: object = IOP) =>
  http().post(`/api/v1/clients/${clientId}/admissions`).set(as(coordinator)).send({ ...exampleAdmission(SITE, '2026-03-09'), level });
const recordSafetyPlan = (clientId: string, body: object) => http().post(`/api/v1/clients/${clientId}/safety-plans`).set(as(clinician)).send(body);

beforeAll(async () => {
  clock = new ManualClock(START);
  intake = await startIntakeTestApp('intake-safety-e2e', { clock });
  coordinator = await token('intake-coordinator', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  nurse = await token('nurse', [SITE], 'nurse-3');
});

beforeEach(() => clock.set(START));
afterAll(() => intake.close());

describe('the C-SSRS gate before the assessment', () => {
  it('refuses the assessment of a client screened with a PHQ-9 alone, item 9 at 3, and writes nothing', async () => {
    const clientId = await register();
    await screen(clientId, { instrument: 'PHQ-9', items: [3, 3, 3, 3, 3, 3, 3, 0, 3] }).expect(201);
    const before = await snapshot(clientId);
    const response = await assess(clientId);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:continuum:problem:rule-broken:cssrs-required', code: 'cssrs-required' });
    expect(response.body.detail).toMatch(/record a C-SSRS screener before the assessment.*24 hours/);
    await expectNothingWritten(before, clientId);
  });

  it('accepts a C-SSRS from 24 hours before, and asks for a new one an hour later', async () => {
    const clientId = await register();
    await screen(clientId, exampleCssrsNegative, nurse).expect(201);
    clock.advance(24 * HOUR + 1);
    const before = await snapshot(clientId);
    const late = await assess(clientId);
    expect(late.status).toBe(422);
    expect(late.body.detail).toMatch(/record the C-SSRS screener again before the assessment.*more than 24 hours old/);
    await expectNothingWritten(before, clientId);

    await screen(clientId, exampleCssrsNegative, nurse).expect(201);
    await assess(clientId).expect(201);
  });
});

describe('the safety hold', () => {
  async function placedOnHold(level: object = IOP, varianceReason?: string): Promise<string> {
    const clientId = await register();
    const screened = await screen(clientId, exampleCssrsImminentRisk).expect(201);
    expect(screened.body).toMatchObject({ category: 'high', isOnSafetyHold: true });
    await assess(clientId).expect(201);
    await place(clientId, level, varianceReason).expect(201);
    return clientId;
  }

  it('refuses IOP and residential admissions below the safety level 3.7, and writes nothing', async () => {
    const atIop = await placedOnHold();
    const before = await snapshot(atIop);
    const iop = await admit(atIop);
    expect(iop.status).toBe(422);
    expect(iop.body).toMatchObject({ code: 'safety-hold' });
    expect(iop.body.detail).toMatch(/safety level 3\.7 .* or above.*suicide-risk assessment and a safety plan/);
    await expectNothingWritten(before, atIop);

    const atResidential = await placedOnHold(RESIDENTIAL, 'needs 24-hour structure');
    const beforeResidential = await snapshot(atResidential);
    expect((await admit(atResidential, RESIDENTIAL)).status).toBe(422);
    await expectNothingWritten(beforeResidential, atResidential);
  });

  it('admits at 3.7 and keeps the hold: only the clinician\'s suicide-risk assessment and safety plan end it', async () => {
    const clientId = await placedOnHold(MEDICALLY_MONITORED, 'imminent suicide risk');
    const admitted = await admit(clientId, MEDICALLY_MONITORED).expect(201);
    expect(admitted.body.events.map((event: { type: string }) => event.type)).toEqual(['ClientAdmitted']);
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(clinician)).expect(200);
    expect(record.body).toMatchObject({ status: 'admitted', isOnSafetyHold: true });

    const ended = await recordSafetyPlan(clientId, exampleSafetyPlan).expect(201);
    expect(ended.body).toMatchObject({ clientId, isOnSafetyHold: false });
    expect(Object.keys(ended.body)).toEqual(expect.arrayContaining(Object.keys(exampleAnswerToSafetyPlan)));
    expect(await intake.typesIn(clientStream(clientId))).toContain('SafetyHoldReleased');
  });

  it('refuses a safety plan without the suicide-risk assessment, naming the fields, and writes nothing', async () => {
    const clientId = await placedOnHold();
    const before = await snapshot(clientId);
    const withoutAssessment = await recordSafetyPlan(clientId, {});
    expect(withoutAssessment.status).toBe(422);
    expect(withoutAssessment.body.errors.map((e: { field: string }) => e.field)).toEqual(['suicideRiskAssessment.method', 'suicideRiskAssessment.riskLevel']);
    const incomplete = await recordSafetyPlan(clientId, { suicideRiskAssessment: { method: 'safe-t' } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(['suicideRiskAssessment.riskLevel']);
    await expectNothingWritten(before, clientId);
  });

  it('keeps the hold when the clinician still finds high risk, and writes nothing', async () => {
    const clientId = await placedOnHold();
    const before = await snapshot(clientId);
    const response = await recordSafetyPlan(clientId, { suicideRiskAssessment: { method: 'c-ssrs-full-scale', riskLevel: 'high' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'suicide-risk-still-high' });
    await expectNothingWritten(before, clientId);
  });

  it('admits at IOP once the hold has ended', async () => {
    const clientId = await placedOnHold();
    await recordSafetyPlan(clientId, exampleSafetyPlan).expect(201);
    await admit(clientId).expect(201);
  });
});
