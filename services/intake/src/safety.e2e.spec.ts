import { ManualClock } from '@continuum/platform';
import { type StoreSnapshot, appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed, storeSnapshot } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAnswerToSafetyPlan,
  exampleAssessmentForIop,
  exampleCssrsImminentRisk,
  exampleCssrsNegative,
  exampleEscalatedFollowUp,
  examplePhq9WithSelfHarmThoughts,
  exampleRegistration,
  exampleSafetyFollowUpQueue,
  exampleSafetyPlan,
} from './api/examples.js';
import { safetyFollowUpStream } from './application/client-index.js';
import { clientStream } from './domain/index.js';
import { tellCareTeam } from './testing/care-team.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// Suicide-risk safety over HTTP (docs/domain/screening.md#safety-hold): the C-SSRS gate before an
// assessment, the safety hold that only a clinician's suicide-risk assessment and safety plan
// end, and the same-day safety follow-ups a suicide-risk signal opens. Every refusal is a
// problem document naming what to do, and leaves the store as it was.

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
let clinicianElsewhere: string;
let siteAdmin: string;

const http = () => intake.http();
// Flushed first: an access record of an earlier read landing late would look like a write.
const snapshot = (clientId: string) => flushedSnapshot(intake, [clientStream(clientId)]);

async function expectNothingWritten(before: StoreSnapshot, clientId: string): Promise<void> {
  expect(await snapshot(clientId)).toEqual(before);
  expect(await appendedSinceFlushed(intake, before)).toEqual([]);
}

async function register(): Promise<string> {
  const response = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  return response.body.clientId as string;
}

const screen = (clientId: string, answers: object, who = clinician) =>
  http().post(`/api/v1/clients/${clientId}/screenings`).set(as(who)).send(answers);
const assess = (clientId: string) =>
  http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop);
const place = (clientId: string, level: object, varianceReason?: string) =>
  http()
    .post(`/api/v1/clients/${clientId}/placement`)
    .set(as(clinician))
    .send({ level, ...(varianceReason ? { varianceReason } : {}) });
const admit = (clientId: string, level: object = IOP) =>
  http()
    .post(`/api/v1/clients/${clientId}/admissions`)
    .set(as(coordinator))
    .send({ ...exampleAdmission(SITE, '2026-03-09'), level });
const recordSafetyPlan = (clientId: string, body: object) =>
  http().post(`/api/v1/clients/${clientId}/safety-plans`).set(as(clinician)).send(body);

beforeAll(async () => {
  clock = new ManualClock(START);
  intake = await startIntakeTestApp('intake-safety-e2e', { clock });
  coordinator = await token('intake-coordinator', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  nurse = await token('nurse', [SITE], 'nurse-3');
  clinicianElsewhere = await token('clinician', ['site-south'], 'clinician-south');
  siteAdmin = await token('site-admin', [SITE]);
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
  /** On a safety hold, assessed (recommended 3.7, the safety level) and placed at `level`: another level is a variance with its reason. */
  async function placedOnHold(level: object = IOP, varianceReason = 'the hold is expected to end before the start date'): Promise<string> {
    const clientId = await register();
    const screened = await screen(clientId, exampleCssrsImminentRisk).expect(201);
    expect(screened.body).toMatchObject({ category: 'high', isOnSafetyHold: true });
    const assessed = await assess(clientId).expect(201);
    expect(assessed.body.recommendation).toMatchObject({ level: MEDICALLY_MONITORED, rule: 'safety-hold' });
    await place(clientId, level, JSON.stringify(level) === JSON.stringify(MEDICALLY_MONITORED) ? undefined : varianceReason).expect(201);
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

  it("admits at 3.7 and keeps the hold: only the clinician's suicide-risk assessment and safety plan end it", async () => {
    const clientId = await placedOnHold(MEDICALLY_MONITORED, 'imminent suicide risk');
    const admitted = await admit(clientId, MEDICALLY_MONITORED).expect(201);
    expect(admitted.body.events.map((event: { type: string }) => event.type)).toEqual(['ClientAdmitted']);
    await tellCareTeam(intake, clientId, SITE, [{ userId: 'clinician-7', teamRole: 'clinician' }]);
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
    expect(withoutAssessment.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'suicideRiskAssessment.method',
      'suicideRiskAssessment.riskLevel',
    ]);
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

describe('same-day safety follow-ups', () => {
  type Row = { followUpId: string; clientId: string; isOverdue: boolean };
  const queue = async (who = clinician, query = '') => {
    await intake.settled();
    return http().get(`/api/v1/safety-follow-ups${query}`).set(as(who));
  };
  const queued = async (followUpId: string, who = clinician, query = '') =>
    ((await queue(who, query)).body.items as Row[]).find((row) => row.followUpId === followUpId);
  const recordFollowUp = (followUpId: string, body: object, who = clinician) =>
    http().post(`/api/v1/safety-follow-ups/${followUpId}/outcome`).set(as(who)).send(body);

  async function withSelfHarmThoughts(): Promise<{ clientId: string; followUpId: string }> {
    const clientId = await register();
    const screened = await screen(clientId, examplePhq9WithSelfHarmThoughts, nurse).expect(201);
    expect(screened.body).toMatchObject({ score: 9, band: 'mild', needsSameDayFollowUp: true, coOccurringConditionsIdentified: [] });
    return { clientId, followUpId: screened.body.safetyFollowUp.followUpId as string };
  }

  it("opens one for PHQ-9 item 9, due the same day, listed for the site's care team soonest due first", async () => {
    const { clientId, followUpId } = await withSelfHarmThoughts();
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(clinician)).expect(200);
    expect(record.body.safetyFollowUps).toEqual([
      expect.objectContaining({ followUpId, status: 'open', signal: 'phq9-item-9', dueAt: '2026-03-02T17:00:00.000Z' }),
    ]);

    const row = await queued(followUpId);
    expect(row).toEqual({ ...exampleSafetyFollowUpQueue.items[0], followUpId, clientId, screeningId: expect.any(String) });
    expect(await queued(followUpId, nurse)).toBeDefined();
    expect(await queued(followUpId, clinician, `?siteId=${SITE}`)).toBeDefined();
  });

  it('keeps other sites out: not listed for them, 403 when they ask for the site, and not for a site administrator', async () => {
    const { followUpId } = await withSelfHarmThoughts();
    expect(await queued(followUpId, clinicianElsewhere)).toBeUndefined();
    const before = await flushedSnapshot(intake);
    expect((await queue(clinicianElsewhere, `?siteId=${SITE}`)).status).toBe(403);
    expect((await queue(siteAdmin)).status).toBe(403);
    // Refused reads: nothing appended, not even to the access log.
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it('pages the queue with the existing cursor', async () => {
    await withSelfHarmThoughts();
    await withSelfHarmThoughts();
    const first = await queue(clinician, '?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await queue(clinician, `?limit=1&after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].followUpId).not.toBe(first.body.items[0].followUpId);
    // The queue's count is the whole queue's, the same on every page; none for a site without any.
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    expect(second.body.total).toBe(first.body.total);
    expect((await queue(clinicianElsewhere)).body).toEqual({ total: 0, items: [] });
  });

  it('is flagged overdue once, by the scheduler, when its due time passes with nothing recorded', async () => {
    const { clientId, followUpId } = await withSelfHarmThoughts();
    await intake.settled();
    expect(await intake.scheduler().tick(new Date(START.getTime() + 8 * HOUR - 1))).toEqual({ issued: 0, refused: 0 });
    const due = new Date(START.getTime() + 8 * HOUR);
    expect((await intake.scheduler().tick(due)).issued).toBeGreaterThanOrEqual(1);
    await intake.settled();
    await intake.scheduler().tick(new Date(due.getTime() + HOUR));
    const types = await intake.typesIn(clientStream(clientId));
    expect(types.filter((type) => type === 'SafetyFollowUpOverdue')).toHaveLength(1);
    expect(await queued(followUpId, clinician, '?overdue=true')).toMatchObject({ followUpId, isOverdue: true });
  });

  it('refuses an escalation without its destination and reason, naming both, and writes nothing', async () => {
    const { clientId, followUpId } = await withSelfHarmThoughts();
    const before = await flushedSnapshot(intake, [clientStream(clientId), safetyFollowUpStream(followUpId)]);
    const response = await recordFollowUp(followUpId, { outcome: 'escalated' });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['escalation.to', 'escalation.reason']);
    expect(await storeSnapshot(intake.store(), [clientStream(clientId), safetyFollowUpStream(followUpId)])).toEqual(before);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it('refuses "C-SSRS done" before a screener is recorded, then takes it, and leaves the queue', async () => {
    const { clientId, followUpId } = await withSelfHarmThoughts();
    const before = await snapshot(clientId);
    const early = await recordFollowUp(followUpId, { outcome: 'cssrs-completed' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'cssrs-not-recorded' });
    await expectNothingWritten(before, clientId);

    const cssrs = await screen(clientId, exampleCssrsNegative).expect(201);
    const waiting = (await queue()).body.total as number;
    const done = await recordFollowUp(followUpId, { outcome: 'cssrs-completed' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      followUpId,
      clientId,
      status: 'done',
      outcome: 'cssrs-completed',
      cssrsScreeningId: cssrs.body.screeningId,
      clinicianId: 'clinician-7',
    });
    expect(await queued(followUpId)).toBeUndefined();
    expect((await queue()).body.total).toBe(waiting - 1);
  });

  it('records an escalation, which only a clinician or prescriber may do', async () => {
    const { clientId, followUpId } = await withSelfHarmThoughts();
    const before = await flushedSnapshot(intake, [clientStream(clientId), safetyFollowUpStream(followUpId)]);
    await recordFollowUp(followUpId, exampleEscalatedFollowUp, nurse).expect(403);
    expect((await storeSnapshot(intake.store(), [clientStream(clientId), safetyFollowUpStream(followUpId)])).streams).toEqual(
      before.streams,
    );
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
    expect(await refusalsSinceFlushed(intake, before)).toHaveLength(1);
    const escalated = await recordFollowUp(followUpId, exampleEscalatedFollowUp);
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ outcome: 'escalated', escalation: exampleEscalatedFollowUp.escalation });
  });

  it('answers 404 for a follow-up it does not know', async () => {
    const unknown = '0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b';
    const before = await flushedSnapshot(intake, [safetyFollowUpStream(unknown)]);
    const response = await recordFollowUp(unknown, exampleEscalatedFollowUp);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await storeSnapshot(intake.store(), [safetyFollowUpStream(unknown)])).toEqual(before);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it('opens one with the hold for a C-SSRS of high risk', async () => {
    const clientId = await register();
    const screened = await screen(clientId, exampleCssrsImminentRisk).expect(201);
    expect(screened.body).toMatchObject({ isOnSafetyHold: true, safetyFollowUp: { signal: 'cssrs-high-risk', ownerRole: 'clinician' } });
  });
});
