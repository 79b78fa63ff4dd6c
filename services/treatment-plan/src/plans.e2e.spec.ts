import { type ClientAdmittedV1 } from '@continuum/contracts';
import { type AccessRecord, CLIENT_RECORD_ACCESSED, eventually } from '@continuum/platform';
import { appendedSince, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { type CareTeamMember, planStream } from './domain/index.js';
import { IOP, referralCompleted } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// The treatment plan over HTTP, the scheduler's deadlines, the lists, and the dual-diagnosis
// outcome flowing back, on the embedded stores with a clock the spec moves.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const MONDAY = '2026-01-05';

let service: TreatmentPlanTestApp;
let clinician: string;
let clinicianElsewhere: string;
let nurse: string;
let auditor: string;

const http = () => service.http();
const typesIn = (stream: string) => service.typesIn(stream);
const post = (token: string, path: string, body: object) => http().post(`/api/v1${path}`).set(as(token)).send(body);

/** A plan with one problem and one goal, signed by clinician (`by`) and client: active. The care team is the spec's unless `careTeam` says. */
async function activePlan(admission: Partial<ClientAdmittedV1> = {}, by = clinician, careTeam?: CareTeamMember[]) {
  const { admitted, episodeId } = await service.admit({ startDate: MONDAY, ...admission }, careTeam ? { careTeam } : {});
  const problem = await post(by, `/plans/${episodeId}/problems`, { code: 'opioid-use-disorder', dimension: 5 });
  const goal = await post(by, `/plans/${episodeId}/goals`, {
    problemId: problem.body.problemId,
    code: 'abstinence',
    targetDate: '2026-03-31',
  });
  await post(by, `/plans/${episodeId}/signatures`, { signer: 'clinician' });
  await post(by, `/plans/${episodeId}/signatures`, { signer: 'client' });
  return { admitted, episodeId, problemId: problem.body.problemId as string, goalId: goal.body.goalId as string };
}

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('plans-e2e', {
    now: new Date('2026-01-12T09:00:00.000Z'),
    careTeam: [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'nurse-3', teamRole: 'nurse' },
    ],
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
  clinicianElsewhere = await token('clinician', [OTHER_SITE], 'clinician-9');
  nurse = await token('nurse', [SITE], 'nurse-3');
  auditor = await token('auditor', []);
}, 30_000);

beforeEach(() => service.clock.set('2026-01-12T09:00:00.000Z'));

afterAll(() => service.close());

describe('writing the plan', () => {
  it('ties goals, objectives and interventions to the problem they serve; both signatures make it active with a review due in 30 days', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const problem = await post(clinician, `/plans/${episodeId}/problems`, { code: 'alcohol-use-disorder' });
    expect(problem.status).toBe(201);
    const goal = await post(clinician, `/plans/${episodeId}/goals`, {
      problemId: problem.body.problemId,
      code: 'abstinence',
      targetDate: '2026-03-31',
    });
    expect(goal.status).toBe(201);
    expect(
      (await post(clinician, `/plans/${episodeId}/objectives`, { goalId: goal.body.goalId, code: 'three-groups-weekly' })).status,
    ).toBe(201);
    expect(
      (await post(clinician, `/plans/${episodeId}/interventions`, { problemId: problem.body.problemId, kind: 'cbt', frequencyPerWeek: 2 }))
        .status,
    ).toBe(201);

    const clinicianSigned = await post(clinician, `/plans/${episodeId}/signatures`, { signer: 'clinician' });
    expect(clinicianSigned.body.status).toBe('draft');
    const clientSigned = await post(clinician, `/plans/${episodeId}/signatures`, { signer: 'client' });
    expect(clientSigned.body.status).toBe('active');
    expect(clientSigned.body.events.map((event: { type: string }) => event.type)).toEqual(['PlanSigned', 'PlanActivated']);

    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(nurse));
    expect(plan.body.plan).toMatchObject({ status: 'active', activatedOn: '2026-01-12', nextReviewDue: '2026-02-11' });
    expect(plan.body.plan.signatures.client.signedBy).toBe(plan.body.plan.clientId);
  });

  it('refuses a goal for a problem the plan does not have (422) and malformed input (400), writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const { response: orphan } = await refusedWritingNothing(
      service,
      () =>
        post(clinician, `/plans/${episodeId}/goals`, {
          problemId: 'no-such-problem',
          code: 'abstinence',
          targetDate: '2026-03-31',
        }),
      422,
    );
    expect(orphan.headers['content-type']).toMatch(/application\/problem\+json/);
    const { response: malformed } = await refusedWritingNothing(
      service,
      () =>
        post(nurse, `/plans/${episodeId}/sessions`, {
          date: '12/01/2026',
          hours: 'three',
          attended: 'yes',
          notes: 'cried in group',
        }),
      400,
    );
    expect((malformed.body.errors as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining(['date', 'hours', 'attended', 'notes']),
    );
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);
  });

  it("lets only the care team of the plan's site write, and auditors read", async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    await refusedWritingNothing(
      service,
      () => post(clinicianElsewhere, `/plans/${episodeId}/problems`, { code: 'alcohol-use-disorder' }),
      403,
    );
    await refusedWritingNothing(service, () => post(auditor, `/plans/${episodeId}/problems`, { code: 'alcohol-use-disorder' }), 403);
    await refusedWritingNothing(service, () => post(nurse, `/plans/${episodeId}/problems`, { code: 'alcohol-use-disorder' }), 403);
    expect((await http().get(`/api/v1/plans/${episodeId}`).set(as(auditor))).status).toBe(200);
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);
  });
});

describe('retries and unknown plans', () => {
  it('answers a retried session with the same Idempotency-Key with the same session, recorded once', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const send = () =>
      http()
        .post(`/api/v1/plans/${episodeId}/sessions`)
        .set(as(nurse))
        .set('Idempotency-Key', 'session-sheet-7')
        .send({ date: '2026-01-06', hours: 3, attended: true, lateEntryReason: 'documented-late' });
    const first = await send();
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.sessionId).toBe(first.body.sessionId);
    expect(retry.body.events).toEqual(first.body.events);
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged', 'SessionAttended']);
  });

  it('answers 404 with what to check for a plan that does not exist', async () => {
    const { response } = await refusedWritingNothing(
      service,
      () => http().get('/api/v1/plans/0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b').set(as(clinician)),
      404,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toMatch(/its id is the episode id/);
  });
});

describe('reading the plan again', () => {
  it('shows a session recorded between two reads, answers an unchanged plan with the same JSON, and logs every read', async () => {
    const { episodeId, admitted } = await activePlan();
    const read = () => http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    const before = await read();
    expect(before.status).toBe(200);
    expect(before.body.weeks.current.hours).toBe(0);
    await service.settled();
    const snapshot = await flushedSnapshot(service);

    await post(nurse, `/plans/${episodeId}/sessions`, { date: '2026-01-12', hours: 3, attended: true }).expect(201);
    const after = await read();
    const again = await read();
    expect(after.body.plan.sessions).toEqual([expect.objectContaining({ date: '2026-01-12', hours: 3, attended: true })]);
    expect(after.body.weeks.current.hours).toBe(3);
    expect(again.text).toBe(after.text);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    // A read answered from what was kept is a read all the same: both are in the access log.
    const records = (await appendedSince(service.store(), snapshot))
      .filter((event) => event.type === CLIENT_RECORD_ACCESSED)
      .map((event) => event.data as AccessRecord);
    expect(records.map((record) => record.clientId)).toEqual([admitted.clientId, admitted.clientId]);
  });
});

describe('length of stay', () => {
  it("opens the plan from intake's admission with the IOP programme's planned end, 90 days on, and counts the stay so far", async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan).toMatchObject({
      startDate: MONDAY,
      plannedEndDate: '2026-04-05',
      initialPlannedEndDate: '2026-04-05',
      extensions: [],
    });
    expect(plan.body.lengthOfStay).toMatchObject({ daysSoFar: 7, plannedDays: 90, daysRemaining: 83, extendedByDays: 0, extensions: 0 });
  });

  it('plans no end for a programme without a configured length, and still counts the stay', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY, level: { edition: 3, code: '2.5' } });
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan).not.toHaveProperty('plannedEndDate');
    expect(plan.body.lengthOfStay).toMatchObject({ daysSoFar: 7, plannedEndDate: null, plannedDays: null });
  });
});

describe('progress: attendance, tests, relapse', () => {
  it('records a relapse: the plan needs a revision, the programme is extended, and nothing is discharged', async () => {
    const { episodeId } = await activePlan();
    const relapse = await post(clinician, `/plans/${episodeId}/relapses`, {
      date: '2026-01-10',
      substanceCodes: ['opioids'],
      evidence: [{ kind: 'drug-test', id: 'test-9' }],
      extendProgramme: { newEndDate: '2026-04-30', reasonCode: 'relapse' },
    });
    expect(relapse.status).toBe(201);
    expect(relapse.body.status).toBe('revision-required');
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan).toMatchObject({ status: 'revision-required', plannedEndDate: '2026-04-30' });
    expect(plan.body.sobriety).toMatchObject({ days: 2, since: '2026-01-10' });
    // The admission planned 90 days of IOP; the relapse's extension moved the end and is counted as one.
    expect(plan.body.lengthOfStay).toEqual({
      startDate: MONDAY,
      asOf: '2026-01-12',
      daysSoFar: 7,
      plannedEndDate: '2026-04-30',
      plannedDays: 115,
      daysRemaining: 108,
      initialPlannedEndDate: '2026-04-05',
      extendedByDays: 25,
      extensions: 1,
      extensionsAfterRelapse: 1,
    });
    const episode = await http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician));
    expect(episode.body.episode.status).toBe('open');
  });

  it('recommends a step-up after two use episodes within 14 days (positives more than the detection window apart)', async () => {
    const { episodeId } = await activePlan();
    expect(
      (
        await post(nurse, `/plans/${episodeId}/drug-tests`, {
          date: '2026-01-06',
          result: 'positive',
          substanceCodes: ['opioids'],
          lateEntryReason: 'documented-late',
        })
      ).status,
    ).toBe(201);
    const second = await post(nurse, `/plans/${episodeId}/drug-tests`, {
      date: '2026-01-10',
      result: 'positive',
      substanceCodes: ['opioids'],
      lateEntryReason: 'documented-late',
    });
    expect(second.body.events.map((event: { type: string }) => event.type)).toEqual(['DrugTestRecorded', 'StepUpRecommended']);
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.stepUp).toMatchObject({ recommended: true, windowDays: 14 });
  });

  it('asks dual-diagnosis for a referral, and adds the integrated-care goal once the referral is completed', async () => {
    const { admitted, episodeId } = await activePlan();
    const requested = await post(clinician, `/plans/${episodeId}/dual-diagnosis-referrals`, {
      specialty: 'psychiatric-evaluation',
      urgency: 'urgent',
      conditionCode: 'depression',
    });
    expect(requested.status).toBe(201);
    expect(requested.body.events.map((event: { type: string }) => event.type)).toEqual(['DualDiagnosisReferralRequested']);

    const completed = referralCompleted({
      clientId: admitted.data.clientId,
      conditionCode: 'depression',
      conditionConfirmed: true,
      recommendationCodes: ['ssri-trial'],
    });
    await service.publish(completed);
    await service.publish(completed);
    await eventually(
      async () => ((await typesIn(planStream(episodeId))).includes('IntegratedCareGoalAdded') ? true : undefined),
      'the integrated-care goal',
    );
    await service.quiet();
    expect((await typesIn(planStream(episodeId))).filter((type) => type === 'IntegratedCareGoalAdded')).toHaveLength(1);
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan.goals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'integrated-care', status: 'proposed', referralId: completed.data.referralId }),
      ]),
    );
  });
});

describe('the scheduler and the lists', () => {
  it('closes a week under the IOP minimum as under-dosed (8.9 hours) and one at it as met (9 hours), once each', async () => {
    const short = await activePlan();
    const full = await activePlan();
    for (const [date, hours] of [
      ['2026-01-05', 3],
      ['2026-01-07', 3],
      ['2026-01-09', 2.9],
    ] as const) {
      expect(
        (await post(nurse, `/plans/${short.episodeId}/sessions`, { date, hours, attended: true, lateEntryReason: 'documented-late' }))
          .status,
      ).toBe(201);
    }
    for (const date of ['2026-01-05', '2026-01-07', '2026-01-09'])
      await post(nurse, `/plans/${full.episodeId}/sessions`, { date, hours: 3, attended: true, lateEntryReason: 'documented-late' });
    await service.settled();

    await service.scheduler().tick(new Date('2026-01-12T06:00:00.000Z'));
    await service.scheduler().tick(new Date('2026-01-12T07:00:00.000Z'));
    expect((await typesIn(planStream(short.episodeId))).filter((type) => type.startsWith('Week'))).toEqual(['WeekUnderDosed']);
    expect((await typesIn(planStream(full.episodeId))).filter((type) => type.startsWith('Week'))).toEqual(['WeekDoseMet']);

    await service.settled();
    const weeks = await http().get('/api/v1/weeks/under-dosed').set(as(clinician));
    expect(weeks.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId: short.episodeId, weekStart: MONDAY, hours: 8.9, minimum: 9, level: IOP })]),
    );
    expect(weeks.body.items.some((week: { planId: string }) => week.planId === full.episodeId)).toBe(false);
    expect(weeks.body.nextCursor).toBeUndefined();
    expect(weeks.body.total).toBe(weeks.body.items.length);
    const elsewhere = await http().get('/api/v1/weeks/under-dosed').set(as(clinicianElsewhere));
    expect(elsewhere.body).toEqual({ total: 0, items: [] });
    // Missed hours are clinical: the site's administrator, on no care team, is not shown the week at all.
    const admin = await http()
      .get('/api/v1/weeks/under-dosed')
      .set(as(await token('site-admin', [SITE], 'site-admin-1')));
    expect(admin.status).toBe(200);
    expect(admin.body.items.some((week: { planId: string }) => week.planId === short.episodeId)).toBe(false);
    expect(admin.body.total).toBe(admin.body.items.length);
  });

  it('holds an adolescent admission to the adolescent IOP minimum: a week of 5.9 hours is under-dosed, one of 6 hours met', async () => {
    const short = await activePlan({ population: 'adolescent' });
    const full = await activePlan({ population: 'adolescent' });
    for (const [date, hours] of [
      ['2026-01-05', 3],
      ['2026-01-07', 2.9],
    ] as const)
      await post(nurse, `/plans/${short.episodeId}/sessions`, { date, hours, attended: true, lateEntryReason: 'documented-late' });
    for (const date of ['2026-01-05', '2026-01-07'])
      await post(nurse, `/plans/${full.episodeId}/sessions`, { date, hours: 3, attended: true, lateEntryReason: 'documented-late' });
    const plan = await http().get(`/api/v1/plans/${full.episodeId}`).set(as(clinician));
    expect(plan.body.plan.population).toBe('adolescent');
    await service.settled();

    await service.scheduler().tick(new Date('2026-01-12T06:00:00.000Z'));
    expect((await typesIn(planStream(short.episodeId))).filter((type) => type.startsWith('Week'))).toEqual(['WeekUnderDosed']);
    expect((await typesIn(planStream(full.episodeId))).filter((type) => type.startsWith('Week'))).toEqual(['WeekDoseMet']);
    await service.settled();
    const weeks = await http().get('/api/v1/weeks/under-dosed').set(as(clinician));
    expect(weeks.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId: short.episodeId, weekStart: MONDAY, hours: 5.9, minimum: 6, level: IOP })]),
    );
    expect(weeks.body.items.some((week: { planId: string }) => week.planId === full.episodeId)).toBe(false);
  });

  it("takes an admission that names no population, as intake published them before, as an adult's", async () => {
    const { episodeId } = await activePlan();
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan.population).toBe('adult');
  });

  it('flags a review overdue once it is past due, once, and lists it', async () => {
    const { episodeId } = await activePlan();
    await service.settled();
    await service.scheduler().tick(new Date('2026-02-11T08:00:00.000Z'));
    expect(await typesIn(planStream(episodeId))).not.toContain('PlanReviewOverdue');
    await service.scheduler().tick(new Date('2026-02-12T08:00:00.000Z'));
    await service.scheduler().tick(new Date('2026-02-13T08:00:00.000Z'));
    expect((await typesIn(planStream(episodeId))).filter((type) => type === 'PlanReviewOverdue')).toHaveLength(1);

    service.clock.set('2026-02-12T09:00:00.000Z');
    await service.settled();
    const overdue = await http().get('/api/v1/reviews/overdue').set(as(clinician));
    expect(overdue.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId: episodeId, nextReviewDue: '2026-02-11', daysOverdue: 1 })]),
    );
    const onePage = await http().get('/api/v1/reviews/overdue?limit=1').set(as(clinician));
    expect(onePage.body.items).toHaveLength(1);
    expect(onePage.body.total).toBe(overdue.body.total);
    expect(overdue.body.total).toBeGreaterThanOrEqual(overdue.body.items.length);
  });

  it('reminds of an authorisation about to expire, once, and lists it', async () => {
    const { episodeId } = await activePlan();
    await post(clinician, `/episodes/${episodeId}/authorizations`, {
      level: IOP,
      amount: { quantity: 20, unit: 'days' },
      throughDate: '2026-01-16',
      payerReference: 'payer-auth-7',
    });
    await service.settled();
    await service.scheduler().tick(new Date('2026-01-12T08:00:00.000Z'));
    await service.scheduler().tick(new Date('2026-01-13T08:00:00.000Z'));
    expect((await typesIn(planStream(episodeId))).filter((type) => type === 'AuthorizationExpiryReminded')).toHaveLength(1);
    const expiring = await http().get('/api/v1/authorizations/expiring').set(as(clinician));
    expect(expiring.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ episodeId, payerReference: 'payer-auth-7', throughDate: '2026-01-16', daysLeft: 4 }),
      ]),
    );
    expect(expiring.body.nextCursor).toBeUndefined();
    expect(expiring.body.total).toBe(expiring.body.items.length);
  });

  it("shows a clinician their caseload and the census of the sites they work at, not others'", async () => {
    const { episodeId } = await activePlan();
    await service.settled();
    const snapshot = await flushedSnapshot(service);
    const caseload = await http().get('/api/v1/caseload').set(as(clinician));
    expect(caseload.body.items.map((plan: { planId: string }) => plan.planId)).toContain(episodeId);
    // The caseload is a read of every client it lists, in the access log before the page left.
    const listed = new Set(caseload.body.items.map((plan: { clientId: string }) => plan.clientId));
    const records = (await appendedSince(service.store(), snapshot))
      .filter((event) => event.type === CLIENT_RECORD_ACCESSED)
      .map((event) => event.data as AccessRecord);
    expect(new Set(records.map((record) => record.clientId))).toEqual(listed);
    expect(records.every((record) => record.what.resourceKind === 'caseload' && record.what.route === '/api/v1/caseload')).toBe(true);
    const census = await http().get('/api/v1/census').set(as(clinician));
    expect(census.body.sites).toEqual([
      expect.objectContaining({ siteId: SITE, levels: expect.arrayContaining([expect.objectContaining({ level: IOP })]) }),
    ]);
    expect((await http().get('/api/v1/census').set(as(clinicianElsewhere))).body.sites).toEqual([]);
    await refusedWritingNothing(service, () => http().get(`/api/v1/census?siteId=${SITE}`).set(as(clinicianElsewhere)), 403);
    expect((await http().get('/api/v1/caseload').set(as(clinicianElsewhere))).body.items).toEqual([]);
  });

  it('pages the caseload and the discharge-ready list with nextCursor, one site at a time if asked; refuses a cursor it did not issue (400) and a site not yours (403)', async () => {
    const site = 'site-pages';
    const pager = await token('clinician', [site], 'clinician-pages');
    // The pager is the clinician on each plan's care team: the discharge-ready list shows only the plans they read.
    const team: CareTeamMember[] = [{ userId: 'clinician-pages', teamRole: 'clinician' }];
    const plans = [
      await activePlan({ siteId: site }, pager, team),
      await activePlan({ siteId: site }, pager, team),
      await activePlan({ siteId: site }, pager, team),
    ];
    // Two of the three close their only goal: after 30 sober days, each week backed by a negative
    // test and a session, they are ready for discharge; the third is not.
    for (const { episodeId, goalId } of plans.slice(0, 2))
      expect((await post(pager, `/plans/${episodeId}/goals/${goalId}/status`, { status: 'achieved' })).status).toBe(201);
    for (const date of ['2026-01-16', '2026-01-23', '2026-01-30', '2026-02-06']) {
      service.clock.set(`${date}T09:00:00.000Z`);
      for (const { episodeId } of plans) {
        expect((await post(pager, `/plans/${episodeId}/drug-tests`, { date, result: 'negative', substanceCodes: [] })).status).toBe(201);
        expect((await post(pager, `/plans/${episodeId}/sessions`, { date, hours: 3, attended: true })).status).toBe(201);
      }
    }
    service.clock.set('2026-02-12T09:00:00.000Z');
    await service.settled();
    const get = (path: string) => http().get(`/api/v1${path}`).set(as(pager));

    const first = await get('/caseload?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await get(`/caseload?limit=2&after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    const paged = [...first.body.items, ...second.body.items].map((plan: { planId: string }) => plan.planId);
    expect(paged.sort()).toEqual(plans.map((plan) => plan.episodeId).sort());
    expect((await get(`/caseload?siteId=${site}`)).body.items).toHaveLength(3);

    const ready: string[] = [];
    let after: string | undefined;
    do {
      const page = await get(`/discharge-ready?limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      // The queue's count is the whole queue's on every page: the two ready plans.
      expect(page.body.total).toBe(2);
      ready.push(...page.body.items.map((plan: { planId: string }) => plan.planId));
      after = page.body.nextCursor;
    } while (after && ready.length < 10);
    expect(ready.sort()).toEqual(
      plans
        .slice(0, 2)
        .map((plan) => plan.episodeId)
        .sort(),
    );
    // Readiness is clinical: a clinician of the site off these teams is shown none of them, the site's clinical supervisor all.
    const offTeam = await token('clinician', [site], 'clinician-off-team');
    expect((await http().get('/api/v1/discharge-ready').set(as(offTeam))).body).toMatchObject({ total: 0, items: [] });
    const supervisor = await token('clinical-supervisor', [site], 'supervisor-pages');
    const supervised = await http().get('/api/v1/discharge-ready?limit=10').set(as(supervisor));
    expect(supervised.body.items.map((plan: { planId: string }) => plan.planId).sort()).toEqual(ready.sort());
    expect(supervised.body.total).toBe(2);

    for (const path of ['/caseload?after=not-a-cursor', `/reviews/overdue?after=${encodeURIComponent(first.body.nextCursor)}`]) {
      const { response: refused } = await refusedWritingNothing(service, () => get(path), 400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.detail).toMatch(/nextCursor/);
    }
    for (const path of ['/caseload', '/reviews/overdue', '/weeks/under-dosed', '/discharge-ready', '/authorizations/expiring', '/census']) {
      await refusedWritingNothing(service, () => get(`${path}?siteId=${SITE}`), 403);
    }
  });
});
