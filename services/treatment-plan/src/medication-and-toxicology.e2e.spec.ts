import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { planStream, randomDrawStream } from './domain/index.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// Medication for addiction treatment, the drug-testing workflow, corrections and random
// selection over HTTP, on the embedded stores with a clock the spec moves. Every refusal
// (400, 403, 404, 422) is checked to have written nothing anywhere.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const MONDAY = '2026-01-05';
const UNKNOWN_PLAN = '0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b';

let service: TreatmentPlanTestApp;
let clinician: string;
let prescriber: string;
let nurse: string;
let caseManager: string;
let caseManagerElsewhere: string;
let auditor: string;

const http = () => service.http();
const post = (who: string, path: string, body: object) => http().post(`/api/v1${path}`).set(as(who)).send(body);
const planOf = async (planId: string) => (await http().get(`/api/v1/plans/${planId}`).set(as(clinician))).body;
const types = (response: { body: { events: { type: string }[] } }) => response.body.events.map((event) => event.type);

/** The refusal's answer, and nothing appended anywhere, not even an access record (the access log flushed around it). */
async function expectNothingWritten(refusal: () => Promise<{ status: number }>, status: number) {
  const before = await flushedSnapshot(service);
  const response = await refusal();
  expect(response.status).toBe(status);
  expect(await appendedSinceFlushed(service, before)).toEqual([]);
  return response as { status: number; body: Record<string, unknown>; headers: Record<string, string> };
}

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('medication-and-toxicology-e2e', {
    now: new Date('2026-01-12T09:00:00.000Z'),
    careTeam: [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'prescriber-1', teamRole: 'prescriber' },
      { userId: 'case-manager-3', teamRole: 'case-manager' },
      { userId: 'nurse-3', teamRole: 'nurse' },
    ],
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
  prescriber = await token('prescriber', [SITE], 'prescriber-1');
  nurse = await token('nurse', [SITE], 'nurse-3');
  caseManager = await token('case-manager', [SITE], 'case-manager-3');
  caseManagerElsewhere = await token('case-manager', [OTHER_SITE], 'case-manager-9');
  auditor = await token('auditor', []);
}, 30_000);

beforeEach(() => service.clock.set('2026-01-12T09:00:00.000Z'));

afterAll(() => service.close());

describe('medications', () => {
  it('records buprenorphine from an outside prescriber (nurse); a positive only for it keeps the streak, fentanyl restarts it', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const external = await post(nurse, `/plans/${episodeId}/external-medications`, {
      code: 'buprenorphine-naloxone',
      source: 'external-prescriber',
      prescriberId: 'npi-1234567893',
      since: '2025-12-01',
      verification: 'pdmp',
    });
    expect(external.status).toBe(201);
    expect(types(external)).toEqual(['ExternalMedicationRecorded']);
    const expected = await post(caseManager, `/plans/${episodeId}/drug-tests`, {
      date: '2026-01-12',
      result: 'positive',
      substanceCodes: ['buprenorphine', 'norbuprenorphine'],
      specimen: 'urine',
      panel: ['buprenorphine', 'fentanyl', 'opiates', 'alcohol'],
      observed: true,
    });
    expect(expected.status).toBe(201);
    let plan = await planOf(episodeId);
    expect(plan.sobriety).toMatchObject({ days: 7, since: MONDAY });
    expect(plan.plan.drugTests[0]).toMatchObject({ collectedBy: 'case-manager-3', collectorRole: 'case-manager', observed: true });
    expect(plan.medications.current).toEqual([
      expect.objectContaining({ code: 'buprenorphine-naloxone', rxnorm: '352364', source: 'external-prescriber' }),
    ]);

    service.clock.set('2026-01-14T09:00:00.000Z');
    await post(caseManager, `/plans/${episodeId}/drug-tests`, {
      date: '2026-01-14',
      result: 'positive',
      substanceCodes: ['buprenorphine', 'fentanyl'],
      panel: ['buprenorphine', 'fentanyl'],
    });
    plan = await planOf(episodeId);
    expect(plan.sobriety).toMatchObject({ days: 0, since: '2026-01-14' });
    expect(plan.toxicology.useEpisodes).toEqual([expect.objectContaining({ substances: ['fentanyl'] })]);
  });

  it('orders buprenorphine (prescriber) only after a PDMP check: 422 before it, writing nothing; then 201 with the RxNorm code', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const order = {
      code: 'buprenorphine',
      doseAmount: 8,
      doseUnit: 'mg',
      route: 'sublingual',
      frequency: 'daily',
      startDate: '2026-01-12',
    };
    const refused = await expectNothingWritten(() => post(prescriber, `/plans/${episodeId}/medication-orders`, order), 422);
    expect(refused.body.code).toBe('pdmp-check-required');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await post(nurse, `/plans/${episodeId}/pdmp-checks`, { date: '2026-01-12', result: 'no-concerns' })).status).toBe(201);
    const ordered = await post(prescriber, `/plans/${episodeId}/medication-orders`, order);
    expect(ordered.status).toBe(201);
    expect(types(ordered)).toEqual(['MedicationOrdered']);
    const plan = await planOf(episodeId);
    expect(plan.medications).toMatchObject({
      current: [{ medicationId: ordered.body.medicationId, rxnorm: '1819', source: 'ordered' }],
      pdmp: { lastCheckedOn: '2026-01-12', nextDueBy: '2026-04-12', overdue: false },
    });
    const stopped = await post(prescriber, `/plans/${episodeId}/medication-orders/${ordered.body.medicationId}/stop`, {
      stopDate: '2026-01-12',
      reasonCode: 'client-request',
    });
    expect(types(stopped)).toEqual(['MedicationStopped']);
  });

  it('lets only a prescriber order (403 for a nurse or a clinician), refuses methadone here (422), an unknown plan (404) and bad input (400), writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const order = { code: 'naltrexone', doseAmount: 50, doseUnit: 'mg', route: 'oral', frequency: 'daily', startDate: '2026-01-12' };
    await expectNothingWritten(() => post(nurse, `/plans/${episodeId}/medication-orders`, order), 403);
    await expectNothingWritten(() => post(clinician, `/plans/${episodeId}/medication-orders`, order), 403);
    await expectNothingWritten(() => post(prescriber, `/plans/${UNKNOWN_PLAN}/medication-orders`, order), 404);
    const methadone = await expectNothingWritten(
      () => post(prescriber, `/plans/${episodeId}/medication-orders`, { ...order, code: 'methadone' }),
      422,
    );
    expect(methadone.body.code).toBe('otp-only-medication');
    const malformed = await expectNothingWritten(
      () => post(prescriber, `/plans/${episodeId}/medication-orders`, { ...order, code: 'heroin', doseAmount: 'lots', note: 'x' }),
      400,
    );
    expect((malformed.body.errors as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining(['code', 'doseAmount', 'note']),
    );
    await expectNothingWritten(
      () =>
        post(caseManager, `/plans/${episodeId}/external-medications`, {
          code: 'methadone',
          source: 'opioid-treatment-programme',
          prescriberId: 'otp-77',
          since: '2026-01-01',
          verification: 'programme-letter',
        }),
      403,
    );
    const notOtp = await expectNothingWritten(
      () =>
        post(clinician, `/plans/${episodeId}/external-medications`, {
          code: 'methadone',
          source: 'external-prescriber',
          prescriberId: 'npi-1',
          since: '2026-01-01',
          verification: 'pdmp',
        }),
      422,
    );
    expect(notOtp.body.code).toBe('invalid-external-medication');
  });

  it('records naloxone dispensed by the care team', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const response = await post(caseManager, `/plans/${episodeId}/naloxone`, { date: '2026-01-12', action: 'dispensed' });
    expect(response.status).toBe(201);
    expect(types(response)).toEqual(['NaloxoneRecorded']);
    await expectNothingWritten(() => post(auditor, `/plans/${episodeId}/naloxone`, { date: '2026-01-12', action: 'offered' }), 403);
  });
});

describe('the drug-testing workflow and corrections', () => {
  it("supersedes a presumptive positive with the laboratory's negative, and marks a test entered-in-error keeping the original in the history", async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const test = await post(nurse, `/plans/${episodeId}/drug-tests`, {
      date: '2026-01-12',
      result: 'positive',
      substanceCodes: ['opiates'],
      stage: 'presumptive',
    });
    expect((await planOf(episodeId)).sobriety.days).toBe(0);
    const confirmed = await post(nurse, `/plans/${episodeId}/drug-tests/${test.body.testId}/confirmation`, {
      result: 'negative',
      substanceCodes: [],
    });
    expect(types(confirmed)).toEqual(['DrugTestConfirmed']);
    expect((await planOf(episodeId)).sobriety.days).toBe(7);

    const wrongClient = await post(caseManager, `/plans/${episodeId}/drug-tests`, {
      date: '2026-01-12',
      result: 'positive',
      substanceCodes: ['cocaine'],
    });
    expect((await planOf(episodeId)).sobriety.days).toBe(0);
    const corrected = await post(caseManager, `/plans/${episodeId}/corrections`, {
      kind: 'drug-test',
      id: wrongClient.body.testId,
      reasonCode: 'wrong-client',
    });
    expect(types(corrected)).toEqual(['EntryMarkedInError']);
    const plan = await planOf(episodeId);
    expect(plan.sobriety.days).toBe(7);
    expect(plan.plan.enteredInError).toEqual([expect.objectContaining({ id: wrongClient.body.testId, markedBy: 'case-manager-3' })]);
    expect(await service.typesIn(planStream(episodeId))).toEqual([
      'PlanDrafted',
      'CareTeamChanged',
      'DrugTestRecorded',
      'DrugTestConfirmed',
      'DrugTestRecorded',
      'EntryMarkedInError',
    ]);
  });

  it('refuses a correction of an entry the plan does not hold (422), a reason off the list (400), another site (403) and an unknown plan (404), writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: MONDAY });
    const unknown = await expectNothingWritten(
      () => post(nurse, `/plans/${episodeId}/corrections`, { kind: 'session', id: 'session-9', reasonCode: 'duplicate' }),
      422,
    );
    expect(unknown.body.code).toBe('unknown-entry');
    await expectNothingWritten(() => post(nurse, `/plans/${episodeId}/corrections`, { kind: 'session', id: 's', reasonCode: 'oops' }), 400);
    await expectNothingWritten(
      () => post(caseManagerElsewhere, `/plans/${episodeId}/corrections`, { kind: 'session', id: 's', reasonCode: 'duplicate' }),
      403,
    );
    await expectNothingWritten(
      () => post(nurse, `/plans/${UNKNOWN_PLAN}/corrections`, { kind: 'session', id: 's', reasonCode: 'duplicate' }),
      404,
    );
    await expectNothingWritten(
      () => post(nurse, `/plans/${episodeId}/drug-tests/drug-test-9/confirmation`, { result: 'negative', substanceCodes: [] }),
      422,
    );
    await expectNothingWritten(
      () =>
        post(nurse, `/plans/${episodeId}/drug-tests`, {
          date: '2026-01-12',
          result: 'positive',
          substanceCodes: ['cocaine'],
          specimen: 'hair',
        }),
      400,
    );
  });
});

describe('random selection per site and week', () => {
  it('draws once per week with a recorded seed, lists who is due today, and refuses another site (403) or a Tuesday (422), writing nothing', async () => {
    const site = 'site-random';
    const drawer = await token('case-manager', [site], 'case-manager-r');
    const admitted = [];
    for (let index = 0; index < 4; index++) admitted.push(await service.admit({ siteId: site, startDate: MONDAY }));
    await service.settled();
    service.clock.set('2026-01-19T08:00:00.000Z');
    await expectNothingWritten(() => post(caseManagerElsewhere, `/sites/${site}/random-test-draws`, { weekStart: '2026-01-19' }), 403);
    const tuesday = await expectNothingWritten(() => post(drawer, `/sites/${site}/random-test-draws`, { weekStart: '2026-01-20' }), 422);
    expect(tuesday.body.code).toBe('invalid-random-draw');

    const drawn = await post(drawer, `/sites/${site}/random-test-draws`, { weekStart: '2026-01-19' });
    expect(drawn.status).toBe(201);
    expect(drawn.body).toMatchObject({ siteId: site, weekStart: '2026-01-19', ratePercent: 25, candidates: 4 });
    expect(drawn.body.selections).toHaveLength(1);
    expect(typeof drawn.body.seed).toBe('string');
    expect(await service.typesIn(randomDrawStream(site, '2026-01-19'))).toEqual(['RandomTestsDrawn']);
    const again = await post(drawer, `/sites/${site}/random-test-draws`, { weekStart: '2026-01-19' });
    expect(again.body).toMatchObject({ seed: drawn.body.seed, events: [] });

    const [chosen] = drawn.body.selections as { planId: string; date: string }[];
    service.clock.set(`${chosen!.date}T08:00:00.000Z`);
    const due = await http().get(`/api/v1/sites/${site}/drug-tests/due`).set(as(drawer));
    expect(due.body).toMatchObject({ drawn: true, date: chosen!.date, total: 1, items: [{ planId: chosen!.planId, tested: false }] });
    await post(drawer, `/plans/${chosen!.planId}/drug-tests`, { date: chosen!.date, result: 'negative', substanceCodes: [] });
    const after = await http().get(`/api/v1/sites/${site}/drug-tests/due`).set(as(drawer));
    expect(after.body.items).toEqual([expect.objectContaining({ planId: chosen!.planId, tested: true })]);
    expect(after.body.total).toBe(0);
    expect((await http().get(`/api/v1/sites/${site}/drug-tests/due`).set(as(caseManagerElsewhere))).status).toBe(403);
  });
});
