import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { addDays } from './domain/index.js';
import { IOP, OUTPATIENT, barc10Totalling, careTeamChanged, episodeDischarged, episodeOpened } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// The aftercare service over HTTP and the bus, on the embedded stores, built as main.ts builds it.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const DISCHARGE_DATE = '2026-03-02';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);
const CARE_TEAM = [
  { userId: 'case-manager-3', teamRole: 'case-manager' as const },
  { userId: 'nurse-4', teamRole: 'nurse' as const },
  { userId: 'prescriber-2', teamRole: 'prescriber' as const },
];

let service: AftercareTestApp;
let caseManager: string;
let nurse: string;
let caseManagerElsewhere: string;
let prescriber: string;
let auditor: string;

const http = () => service.http();

/** Publishes a discharge and waits for the plan it creates; planId = the discharged episode's id. */
async function discharge(overrides: Parameters<typeof episodeDischarged>[0] = {}) {
  const discharged = episodeDischarged({ dischargeDate: DISCHARGE_DATE, ...overrides });
  // The episode's care team, seated in treatment-plan before the discharge: they read the plan's clinical detail.
  await service.tellCareTeam(careTeamChanged(discharged.data, CARE_TEAM));
  await service.publish(discharged);
  const planId = discharged.data.episodeId;
  await service.waitFor(planId, 'AftercarePlanCreated');
  // The scheduler and the lists read the projections.
  await service.settled();
  return { discharged, planId };
}

const relapsePreventionPlan = (contacts = 3) => ({
  triggers: [{ kind: 'places', description: 'the bar on the way home from work' }],
  warningSigns: ['skipping meetings'],
  copingStrategies: ['call before deciding anything'],
  supportContacts: [
    { contactId: 'contact-sponsor', relationship: 'sponsor' },
    { contactId: 'contact-sister', relationship: 'family' },
    { contactId: 'contact-mentor', relationship: 'peer-mentor' },
  ].slice(0, contacts),
  actionPlan: { steps: ['leave the place', 'call the sponsor'], firstContactId: 'contact-sponsor' },
});

const recordCheckIn = (planId: string, body: Record<string, unknown>, bearerToken = caseManager) =>
  http().post(`/api/v1/aftercare-plans/${planId}/check-ins`).set(as(bearerToken)).send(body);

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-e2e', { now: at(DISCHARGE_DATE) });
  caseManager = await token('case-manager', [SITE], 'case-manager-3');
  nurse = await token('nurse', [SITE], 'nurse-4');
  caseManagerElsewhere = await token('case-manager', [OTHER_SITE], 'case-manager-8');
  prescriber = await token('prescriber', [SITE], 'prescriber-2');
  auditor = await token('auditor', []);
}, 30_000);

afterAll(() => service.close());

beforeEach(() => service.clock.set(at(DISCHARGE_DATE)));

describe('a discharge starts continuing care', () => {
  it('creates the plan with check-ins on day 7 and 30 then every 90 days for a year, exactly once however often delivered', async () => {
    const { discharged, planId } = await discharge();
    await service.publish(discharged);
    await service.publish(discharged);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const events = await service.store().readStream(`aftercare-${planId}`);
    expect(events.map((event) => event.type)).toEqual(['AftercarePlanCreated']);
    expect(events[0]!.metadata).toMatchObject({
      causationId: discharged.eventId,
      correlationId: discharged.correlationId,
      clientId: discharged.data.clientId,
      siteId: SITE,
    });

    const response = await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager));
    expect(response.status).toBe(200);
    expect(response.body.plan).toMatchObject({
      status: 'active',
      episodeId: planId,
      dischargeLevel: IOP,
      dischargeDate: DISCHARGE_DATE,
      endsOn: '2027-03-02',
    });
    expect(response.body.checkIns.map((checkIn: { day: number; dueDate: string }) => [checkIn.day, checkIn.dueDate])).toEqual([
      [7, '2026-03-09'],
      [30, '2026-04-01'],
      [120, '2026-06-30'],
      [210, '2026-09-28'],
      [300, '2026-12-27'],
    ]);
    expect(response.body.checkIns[0]).toMatchObject({ opensOn: DISCHARGE_DATE, lastDayToRecord: '2026-03-16' });
  });

  it("lists a client's plans for the sites the caller may see, and survives a restart without recording a redelivery twice", async () => {
    const { discharged, planId } = await discharge();
    const clientId = discharged.data.clientId;
    const listed = await http().get(`/api/v1/aftercare/clients/${clientId}/plans`).set(as(nurse));
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        planId,
        episodeId: planId,
        status: 'active',
        dischargeDate: DISCHARGE_DATE,
        nextScheduledDue: '2026-03-09',
      }),
    ]);
    expect(listed.body.nextCursor).toBeUndefined();
    expect((await http().get(`/api/v1/aftercare/clients/${clientId}/plans`).set(as(caseManagerElsewhere))).body.items).toEqual([]);

    await service.restart();
    await service.publish(discharged);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
    expect((await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager))).body.plan.status).toBe('active');
  });

  it('answers 404 with what to check for a plan that does not exist', async () => {
    const { response } = await refusedWritingNothing(
      service,
      () => http().get('/api/v1/aftercare-plans/6f1c1d1e-8d0e-4a43-9b0a-1d2b3c4d5e6f').set(as(caseManager)),
      404,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toMatch(/created when treatment-plan discharges the care episode/);
  });
  it('answers each read with every event appended before it and the day it is asked on, never an earlier answer', async () => {
    const { planId } = await discharge();
    const read = async () => (await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager)).expect(200)).body;
    const first = await read();
    expect(first.checkIns[0]).toMatchObject({ dueDate: '2026-03-09', status: 'scheduled' });
    expect(await read()).toEqual(first);

    service.clock.set(at('2026-03-09'));
    await recordCheckIn(planId, { dueDate: '2026-03-09', outcome: 'abstinent', barc10: barc10Totalling(50) }).expect(201);
    const afterCheckIn = await read();
    expect(afterCheckIn.asOf).toBe('2026-03-09');
    expect(afterCheckIn.checkIns[0]).toMatchObject({ status: 'recorded', outcome: 'abstinent' });
    expect(afterCheckIn.outcomes).toContainEqual({ day: 30, outcome: expect.objectContaining({ checkInDay: 7 }) });

    // The day-30 check-in's grace days run out on 2026-04-08: the next day, with nothing appended, it is missed.
    service.clock.set(at('2026-04-09'));
    const nextDay = await read();
    expect(nextDay.asOf).toBe('2026-04-09');
    expect(nextDay.missedCheckIns).toEqual([expect.objectContaining({ dueDate: '2026-04-01', isMarked: false })]);

    await http()
      .put(`/api/v1/aftercare-plans/${planId}/relapse-prevention-plan`)
      .set(as(caseManager))
      .send(relapsePreventionPlan())
      .expect(200);
    const afterPlan = await read();
    expect(afterPlan.plan.relapsePreventionPlan.supportContacts).toHaveLength(3);
    expect(afterPlan.missedCheckIns).toEqual(nextDay.missedCheckIns);
  });
});

describe('the plan content', () => {
  it('records a relapse-prevention plan with three support contacts, and refuses one with two (422), writing nothing', async () => {
    const { planId } = await discharge();
    const beforeTooFew = await flushedSnapshot(service);
    const { response: tooFew } = await refusedWritingNothing(
      service,
      () => http().put(`/api/v1/aftercare-plans/${planId}/relapse-prevention-plan`).set(as(caseManager)).send(relapsePreventionPlan(2)),
      422,
    );
    expect(tooFew.body.detail).toMatch(/at least 3 support contacts/);
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
    expect(await appendedSinceFlushed(service, beforeTooFew)).toEqual([]);

    const recorded = await http()
      .put(`/api/v1/aftercare-plans/${planId}/relapse-prevention-plan`)
      .set(as(caseManager))
      .send(relapsePreventionPlan());
    expect(recorded.status).toBe(200);
    expect(recorded.body.events.map((event: { type: string }) => event.type)).toEqual(['RelapsePreventionPlanRecorded']);
    const plan = await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(nurse));
    expect(plan.body.plan.relapsePreventionPlan.supportContacts).toHaveLength(3);
  });

  it('refuses malformed input (400) naming each problem, writing nothing', async () => {
    const { planId } = await discharge();
    const snapshot = await flushedSnapshot(service);
    const { response } = await refusedWritingNothing(
      service,
      () =>
        http().put(`/api/v1/aftercare-plans/${planId}/recovery-residence`).set(as(caseManager)).send({
          kind: 'halfway-house',
          residenceId: 'Elm House, 4 Elm St',
          narrLevel: 'V',
          moveInDate: '1 March',
          note: 'lives with her brother',
        }),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'residenceId', 'narrLevel', 'moveInDate', 'note']));
    expect(JSON.stringify(response.body)).not.toContain('lives with her brother');
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('keeps the step-down at or below the discharge level, arranges residence, peer support with attendance, therapy and case-management needs', async () => {
    const { planId } = await discharge();
    const plans = `/api/v1/aftercare-plans/${planId}`;
    service.clock.set(at('2026-03-10'));

    const beforeStepUp = await flushedSnapshot(service);
    const { response: stepUp } = await refusedWritingNothing(
      service,
      () =>
        http()
          .put(`${plans}/step-down`)
          .set(as(caseManager))
          .send({ level: { edition: 3, code: '2.5' }, providerId: 'provider-php', startDate: '2026-03-03' }),
      422,
    );
    expect(stepUp.body.detail).toMatch(/a client who needs more care is readmitted/);
    expect(await appendedSinceFlushed(service, beforeStepUp)).toEqual([]);
    await http()
      .put(`${plans}/step-down`)
      .set(as(caseManager))
      .send({ level: OUTPATIENT, providerId: 'provider-op-north', startDate: '2026-03-03' })
      .expect(200);
    await http()
      .put(`${plans}/recovery-residence`)
      .set(as(caseManager))
      .send({ kind: 'sober-living-home', residenceId: 'residence-elm', narrLevel: 'II', moveInDate: '2026-03-02' })
      .expect(200);

    const linked = await http()
      .post(`${plans}/peer-support`)
      .set(as(caseManager))
      .send({ programme: 'NA', groupId: 'group-na-tuesday', linkedOn: '2026-03-03' });
    expect(linked.status).toBe(201);
    await http()
      .post(`${plans}/peer-support/${linked.body.linkageId}/attendance`)
      .set(as(nurse))
      .send({ meetingDate: '2026-03-10', attended: true })
      .expect(201);
    const therapy = await http()
      .post(`${plans}/therapies`)
      .set(as(caseManager))
      .send({ kind: 'individual-therapy', providerId: 'provider-therapy', sessionsPerMonth: 4, startDate: '2026-03-05' });
    expect(therapy.status).toBe(201);
    await http()
      .put(`${plans}/therapies/${therapy.body.therapyId}`)
      .set(as(caseManager))
      .send({ kind: 'individual-therapy', providerId: 'provider-therapy', sessionsPerMonth: 2, startDate: '2026-03-05' })
      .expect(200);
    await http()
      .post(`${plans}/case-management-needs`)
      .set(as(caseManager))
      .send({ need: 'hepatitis-testing', status: 'identified' })
      .expect(201);
    await http()
      .post(`${plans}/case-management-needs`)
      .set(as(caseManager))
      .send({ need: 'hepatitis-testing', status: 'referred', referenceId: 'clinic-ref-77' })
      .expect(201);

    const plan = (await http().get(plans).set(as(caseManager))).body.plan;
    expect(plan.stepDown).toEqual({ level: OUTPATIENT, providerId: 'provider-op-north', startDate: '2026-03-03' });
    expect(plan.recoveryResidence).toMatchObject({ kind: 'sober-living-home', narrLevel: 'II' });
    expect(plan.peerSupport).toEqual([
      expect.objectContaining({ programme: 'NA', attendance: [{ meetingDate: '2026-03-10', attended: true }] }),
    ]);
    expect(plan.continuingTherapies).toEqual([expect.objectContaining({ therapyId: therapy.body.therapyId, sessionsPerMonth: 2 })]);
    expect(plan.caseManagementNeeds['hepatitis-testing']).toMatchObject({ status: 'referred', referenceId: 'clinic-ref-77' });
  });

  it('lets case managers, clinicians and nurses of the site write; others read or are refused (403)', async () => {
    const { planId } = await discharge();
    const need = { need: 'transport', status: 'identified' };
    const needs = `/api/v1/aftercare-plans/${planId}/case-management-needs`;
    await refusedWritingNothing(service, () => http().post(needs).set(as(caseManagerElsewhere)).send(need), 403);
    await refusedWritingNothing(service, () => http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManagerElsewhere)), 403);
    await refusedWritingNothing(service, () => http().post(needs).set(as(prescriber)).send(need), 403);
    expect((await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(prescriber))).status).toBe(200);
    expect((await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(auditor))).status).toBe(200);
    await refusedWritingNothing(service, () => http().post(needs).set(as(auditor)).send(need), 403);
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, recording once', async () => {
    const { planId } = await discharge();
    const send = () =>
      http()
        .post(`/api/v1/aftercare-plans/${planId}/peer-support`)
        .set(as(caseManager))
        .set('Idempotency-Key', `link-${planId}`)
        .send({ programme: 'SMART', groupId: 'group-smart-online', linkedOn: '2026-03-02' });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    // Sent once, held once: the client has no consent naming the group.
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated', 'PeerSupportLinked', 'SendAwaitingConsent']);
  });
});

describe('check-ins', () => {
  it('scores the BARC-10 from the answers and recommends readmission on a relapse', async () => {
    const { planId } = await discharge();
    service.clock.set(at('2026-03-09'));
    const day7 = await recordCheckIn(planId, { dueDate: '2026-03-09', outcome: 'abstinent', barc10: barc10Totalling(50) });
    expect(day7.status).toBe(201);
    expect(day7.body.events.map((event: { type: string }) => event.type)).toEqual(['CheckInRecorded']);

    service.clock.set(at('2026-04-01'));
    const day30 = await recordCheckIn(planId, { dueDate: '2026-04-01', outcome: 'relapse', barc10: barc10Totalling(45) }, nurse);
    expect(day30.body.events.map((event: { type: string }) => event.type)).toEqual(['CheckInRecorded', 'ReadmissionRecommended']);

    const plan = (await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager))).body;
    expect(plan.plan.checkIns[0]).toMatchObject({
      status: 'recorded',
      outcome: 'abstinent',
      barc10: { total: 50, isStrongRecoveryCapital: true },
    });
    expect(plan.plan.readmissionRecommendations).toEqual([
      expect.objectContaining({ checkInDueDate: '2026-04-01', reasons: [{ code: 'relapse' }] }),
    ]);
    expect(plan.outcomes).toEqual(
      expect.arrayContaining([{ day: 30, outcome: expect.objectContaining({ outcome: 'relapse', barc10Total: 45 }) }]),
    );
  });

  it('recommends readmission when the BARC-10 total falls by the configured drop, not by one point less', async () => {
    const { planId } = await discharge();
    service.clock.set(at('2026-03-09'));
    await recordCheckIn(planId, { dueDate: '2026-03-09', outcome: 'abstinent', barc10: barc10Totalling(50) }).expect(201);
    service.clock.set(at('2026-04-01'));
    const sevenDown = await recordCheckIn(planId, { dueDate: '2026-04-01', outcome: 'lapse', barc10: barc10Totalling(43) });
    expect(sevenDown.body.events.map((event: { type: string }) => event.type)).toEqual(['CheckInRecorded']);
    service.clock.set(at('2026-06-30'));
    const eightDown = await recordCheckIn(planId, { dueDate: '2026-06-30', outcome: 'abstinent', barc10: barc10Totalling(35) });
    expect(eightDown.body.events.map((event: { type: string }) => event.type)).toEqual(['CheckInRecorded', 'ReadmissionRecommended']);
  });

  it('refuses BARC-10 answers out of range naming each, and a check-in not on the schedule (422), writing nothing', async () => {
    const { planId } = await discharge();
    service.clock.set(at('2026-03-09'));
    const { response: outOfRange } = await refusedWritingNothing(
      service,
      () => recordCheckIn(planId, { dueDate: '2026-03-09', outcome: 'abstinent', barc10: [7, 5, 5, 5, 5, 5, 5, 5, 5, 0] }),
      422,
    );
    expect(outOfRange.body.detail).toMatch(/barc10\[0\].*barc10\[9\]/);
    const { response: unscheduled } = await refusedWritingNothing(
      service,
      () => recordCheckIn(planId, { dueDate: '2026-03-08', outcome: 'abstinent', barc10: barc10Totalling(40) }),
      422,
    );
    expect(unscheduled.body.detail).toMatch(/no check-in is due on 2026-03-08/);
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
  });
});

describe('the scheduler and the lists', () => {
  it('lists the check-ins due this week per site, then marks one missed after its grace days with an outreach task, once', async () => {
    const { planId, discharged } = await discharge({ dischargeDate: '2026-05-04' });
    const clientId = discharged.data.clientId;
    service.clock.set(at('2026-05-11'));
    await service.settled();
    const due = (await http().get('/api/v1/aftercare/check-ins/due').set(as(caseManager))).body;
    expect(due.weekStart).toBe('2026-05-11');
    expect(due.sites).toEqual([
      { siteId: SITE, checkIns: expect.arrayContaining([expect.objectContaining({ planId, clientId, day: 7, dueDate: '2026-05-11' })]) },
    ]);
    expect((await http().get('/api/v1/aftercare/check-ins/due').set(as(caseManagerElsewhere))).body.sites).toEqual([]);

    // 2026-05-18 is the last of the seven grace days: nothing is missed yet.
    await service.scheduler().tick(at('2026-05-18'));
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
    await service.scheduler().tick(at('2026-05-19'));
    await service.scheduler().tick(at('2026-05-19'));
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated', 'CheckInMissed', 'OutreachTaskCreated']);

    service.clock.set(at('2026-05-19'));
    await service.settled();
    const missed = (await http().get('/api/v1/aftercare/check-ins/missed').set(as(nurse))).body.items.filter(
      (item: { planId: string }) => item.planId === planId,
    );
    expect(missed).toEqual([expect.objectContaining({ dueDate: '2026-05-11', isMarked: true, status: 'missed', consecutiveMisses: 1 })]);
  });

  it('marks the client unreachable after three missed check-ins in a row', async () => {
    const { planId } = await discharge({ dischargeDate: '2026-01-05' });
    await service.scheduler().tick(at(addDays('2026-01-05', 128)));
    expect(await service.typesIn(planId)).toEqual([
      'AftercarePlanCreated',
      'CheckInMissed',
      'OutreachTaskCreated',
      'CheckInMissed',
      'OutreachTaskCreated',
      'CheckInMissed',
      'OutreachTaskCreated',
      'ClientMarkedUnreachable',
    ]);
  });

  it('ends continuing care when the year is over, after which staff records are refused (422)', async () => {
    const { planId } = await discharge({ dischargeDate: '2025-01-06' });
    await service.scheduler().tick(at('2026-01-06'));
    expect((await service.typesIn(planId)).at(-1)).toBe('ContinuingCareEnded');
    // The end of aftercare, heard back from the bus, is noted in the consent file before the refusal is tried.
    await service.quiet();
    service.clock.set(at('2026-01-07'));
    const snapshot = await flushedSnapshot(service);
    const { response } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`/api/v1/aftercare-plans/${planId}/case-management-needs`)
          .set(as(caseManager))
          .send({ need: 'clothing', status: 'identified' }),
      422,
    );
    expect(response.body.detail).toMatch(/continuing care for this plan ended on 2026-01-06 \(year-completed\)/);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('reports outcomes at 30/90/180/365 days per site and per discharge level, counting unknowns apart', async () => {
    const site = 'site-outcomes';
    const reader = await token('case-manager', [site], 'case-manager-outcomes');
    const first = await discharge({ siteId: site, dischargeDate: '2026-01-05', level: IOP });
    const second = await discharge({ siteId: site, dischargeDate: '2026-01-05', level: { edition: 3, code: '2.5' } });
    service.clock.set(at('2026-01-12'));
    await recordCheckIn(first.planId, { dueDate: '2026-01-12', outcome: 'abstinent', barc10: barc10Totalling(48) }, reader).expect(201);
    service.clock.set(at('2026-02-04'));
    await recordCheckIn(first.planId, { dueDate: '2026-02-04', outcome: 'lapse', barc10: barc10Totalling(44) }, reader).expect(201);
    await service.settled();

    service.clock.set(at('2026-04-10'));
    const report = (await http().get(`/api/v1/aftercare/outcomes?siteId=${site}`).set(as(reader))).body;
    const day = (outcomes: { day: number }[], n: number) => outcomes.find((entry) => entry.day === n);
    expect(report.bySite).toHaveLength(1);
    expect(day(report.bySite[0].outcomes, 30)).toEqual({
      day: 30,
      plans: 2,
      abstinent: 0,
      lapse: 1,
      relapse: 0,
      unreachable: 0,
      unknown: 1,
      strongRecoveryCapital: 0,
    });
    expect(day(report.bySite[0].outcomes, 180)).toMatchObject({ plans: 0 });
    const iop = report.byDischargeLevel.find((group: { dischargeLevel: { code: string } }) => group.dischargeLevel.code === '2.1');
    expect(day(iop.outcomes, 30)).toMatchObject({ plans: 1, lapse: 1, unknown: 0 });
    expect(second.planId).not.toBe(first.planId);
    await refusedWritingNothing(service, () => http().get(`/api/v1/aftercare/outcomes?siteId=${site}`).set(as(caseManager)), 403);
  });
});

describe('a readmission ends continuing care', () => {
  it('ends the plan of the discharged episode when a new episode follows it, once however often delivered', async () => {
    const { planId, discharged } = await discharge();
    const opened = episodeOpened({ clientId: discharged.data.clientId, previousEpisodeId: planId });
    service.clock.set(at('2026-04-06'));
    await service.publish(opened);
    await service.waitFor(planId, 'ContinuingCareEnded');
    await service.publish(opened);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await service.store().readStream(`aftercare-${planId}`);
    expect(events.map((event) => event.type)).toEqual(['AftercarePlanCreated', 'ContinuingCareEnded']);
    expect(events[1]!.data).toMatchObject({ reason: 'readmitted', readmissionEpisodeId: opened.data.episodeId, endedOn: '2026-04-06' });
    expect(events[1]!.metadata).toMatchObject({ causationId: opened.eventId });
  });
});

describe("a network's own aftercare figures", () => {
  it('schedules check-ins, grace days and the length of continuing care from the configuration', async () => {
    const network = await startAftercareTestApp('aftercare-configured-e2e', {
      now: at(DISCHARGE_DATE),
      env: { CHECK_IN_FIRST_DAYS: '3, 14', CHECK_IN_EVERY_DAYS: '30', CONTINUING_CARE_DAYS: '90', CHECK_IN_GRACE_DAYS: '2' },
    });
    try {
      const discharged = episodeDischarged({ dischargeDate: DISCHARGE_DATE });
      await network.tellCareTeam(careTeamChanged(discharged.data, CARE_TEAM));
      await network.publish(discharged);
      const planId = discharged.data.episodeId;
      await network.waitFor(planId, 'AftercarePlanCreated');
      const body = (await network.http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager))).body;
      expect(body.plan.checkIns.map((scheduled: { day: number }) => scheduled.day)).toEqual([3, 14, 44, 74]);
      expect(body.plan.endsOn).toBe('2026-05-31');
      expect(body.checkIns[0]).toMatchObject({ dueDate: '2026-03-05', lastDayToRecord: '2026-03-07' });
    } finally {
      await network.close();
    }
  });

  it('refuses to start on a schedule that cannot work, naming the setting', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'aftercare-misconfigured-'));
    try {
      await expect(
        startAftercareTestApp('aftercare-misconfigured-e2e', { folder, env: { CHECK_IN_FIRST_DAYS: 'weekly', CHECK_IN_EVERY_DAYS: '0' } }),
      ).rejects.toThrow(/schedule\.first/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('lists a page at a time', () => {
  type MissedItem = { planId: string; dueDate: string; isMarked: boolean };
  const missedAt = (site: string, bearerToken: string, query = '') =>
    http().get(`/api/v1/aftercare/check-ins/missed?siteId=${site}${query}`).set(as(bearerToken));

  /** Every page of the missed list at `site`, `limit` at a time, following nextCursor. */
  async function everyMissedPage(site: string, bearerToken: string, limit: number): Promise<MissedItem[][]> {
    const pages: MissedItem[][] = [];
    let after: string | undefined;
    do {
      const response = await missedAt(site, bearerToken, `&limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(response.status).toBe(200);
      pages.push(response.body.items);
      after = response.body.nextCursor;
    } while (after && pages.length < 10);
    return pages;
  }

  it('pages the missed check-ins, marked ones first, across both kinds with nextCursor; refuses a cursor it did not issue (400) and a site not yours (403)', async () => {
    const site = 'site-missed-pages';
    const reader = await token('case-manager', [site], 'case-manager-pages');
    const marked = await discharge({ siteId: site, dischargeDate: '2026-01-05' });
    // Day 7 (2026-01-12) and day 30 (2026-02-04) are past their grace days by 2026-02-20: the scheduler marks the first plan's.
    await service.scheduler().tick(at('2026-02-20'));
    const unmarked = await discharge({ siteId: site, dischargeDate: '2026-01-05' });
    service.clock.set(at('2026-02-20'));
    await service.settled();

    const whole = await missedAt(site, reader, '&limit=100');
    expect(whole.body.nextCursor).toBeUndefined();
    const expected = [
      { planId: marked.planId, dueDate: '2026-01-12', isMarked: true },
      { planId: marked.planId, dueDate: '2026-02-04', isMarked: true },
      { planId: unmarked.planId, dueDate: '2026-01-12', isMarked: false },
      { planId: unmarked.planId, dueDate: '2026-02-04', isMarked: false },
    ];
    expect(whole.body.items).toEqual(expected.map((item) => expect.objectContaining(item)));
    // The queue's count spans both kinds and every page: four on the first page of one as on the whole.
    expect(whole.body.total).toBe(4);
    expect((await missedAt(site, reader, '&limit=1')).body.total).toBe(4);

    const byOne = await everyMissedPage(site, reader, 1);
    expect(byOne.map((page) => page.length)).toEqual([1, 1, 1, 1]);
    expect(byOne.flat()).toEqual(whole.body.items);
    const byThree = await everyMissedPage(site, reader, 3);
    expect(byThree.map((page) => page.length)).toEqual([3, 1]);
    expect(byThree.flat()).toEqual(whole.body.items);

    for (const after of ['not-a-cursor', 'marked.not-a-cursor', 'elsewhere.']) {
      const { response: refused } = await refusedWritingNothing(service, () => missedAt(site, reader, `&after=${after}`), 400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.detail).toMatch(/nextCursor/);
    }
    await refusedWritingNothing(service, () => missedAt(SITE, reader), 403);
  });

  it('pages the check-ins due this week, a site going on onto the next page', async () => {
    const site = 'site-due-pages';
    const reader = await token('nurse', [site], 'nurse-pages');
    const first = await discharge({ siteId: site, dischargeDate: '2026-06-01' });
    const second = await discharge({ siteId: site, dischargeDate: '2026-06-01' });
    const due = (query: string) => http().get(`/api/v1/aftercare/check-ins/due?week=2026-06-10&siteId=${site}${query}`).set(as(reader));

    const one = await due('&limit=1');
    expect(one.body).toMatchObject({ weekStart: '2026-06-08', weekEnd: '2026-06-14', total: 2 });
    expect(one.body.sites).toEqual([{ siteId: site, checkIns: [expect.objectContaining({ day: 7, dueDate: '2026-06-08' })] }]);
    const two = await due(`&limit=1&after=${encodeURIComponent(one.body.nextCursor)}`);
    expect(two.body.sites).toEqual([{ siteId: site, checkIns: [expect.objectContaining({ day: 7, dueDate: '2026-06-08' })] }]);
    expect(two.body.nextCursor).toBeUndefined();
    expect(two.body.total).toBe(2);
    const paged = [one, two].map((page) => page.body.sites[0].checkIns[0].planId);
    expect(paged.sort()).toEqual([first.planId, second.planId].sort());

    await refusedWritingNothing(service, () => due('&after=not-a-cursor'), 400);
    await refusedWritingNothing(
      service,
      () => http().get(`/api/v1/aftercare/check-ins/due?siteId=${site}`).set(as(caseManagerElsewhere)),
      403,
    );
  });

  it("pages a client's plans, newest discharge first", async () => {
    const earlier = await discharge({ dischargeDate: '2026-01-05' });
    const clientId = earlier.discharged.data.clientId;
    const later = await discharge({ clientId, dischargeDate: '2026-02-02' });
    const plans = (query: string) => http().get(`/api/v1/aftercare/clients/${clientId}/plans${query}`).set(as(nurse));

    const first = await plans('?limit=1');
    expect(first.body.items).toEqual([expect.objectContaining({ planId: later.planId, dischargeDate: '2026-02-02' })]);
    const second = await plans(`?limit=1&after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toEqual([expect.objectContaining({ planId: earlier.planId, dischargeDate: '2026-01-05' })]);
    expect(second.body.nextCursor).toBeUndefined();
    await refusedWritingNothing(service, () => plans('?after=not-a-cursor'), 400);
  });
});
