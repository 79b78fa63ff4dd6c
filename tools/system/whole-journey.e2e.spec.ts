// Issue 7's system test: the whole journey of `npm run demo` (tools/demo/journey.ts, written
// once), with intake, treatment-plan, dual-diagnosis and aftercare in this process on one event
// store file and one simulated clock, talking only over the bus: the embedded one, and real
// Kafka when KAFKA_BROKERS is set (under CI=true it must not be missing). Then the final state
// of every service, read through its HTTP API, and the audit service's integrity verification.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { BUS_SETTINGS, type BusSettings } from '@continuum/messaging';
import { ManualClock } from '@continuum/platform';
import { type InProcessServices, startServicesInProcess } from '../demo/in-process-services.js';
import {
  DAYS,
  IOP,
  type JourneyResult,
  MAT_DAYS,
  PHP,
  PSYCHIATRY,
  SITE,
  TRAUMA_CLINIC,
  runWholeJourney,
  verifyStoreIntegrity,
} from '../demo/journey.js';
import { ServiceClient, tokenFor } from '../demo/service-client.js';
import { busesFor, takeTheBus } from './testing/system-journey.js';

type Segment = {
  level: { code: string };
  from: string;
  to?: string;
  began: { kind: string; direction?: string; reason?: { code: string } };
  ended?: { kind: string; disposition?: string };
};

describe.each(busesFor('the whole journey'))('one client through the whole system, over $name', (bus) => {
  let folder: string;
  let services: InProcessServices;
  let clock: ManualClock;
  let result: JourneyResult;
  let releaseBus: (() => void) | undefined;
  const steps: string[] = [];

  beforeAll(async () => {
    releaseBus = await takeTheBus(bus);
    folder = mkdtempSync(path.join(tmpdir(), 'whole-journey-'));
    clock = new ManualClock(new Date(`${DAYS.referral}T08:00:00.000Z`));
    // Retries kept short: a message a service refuses is parked quickly instead of holding the journey.
    services = await startServicesInProcess({ folder, clock, env: { BUS_MAX_ATTEMPTS: '2', BUS_RETRY_BASE_MS: '50', ...bus.env } });
    result = await runWholeJourney({ urls: services.urls, clock }, (line) => steps.push(line));
  }, 12 * 60_000);

  afterAll(async () => {
    await services?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    releaseBus?.();
  }, 60_000);

  // Treatment-plan's, dual-diagnosis's and aftercare's clinical detail is read as the site's clinical supervisor: the final-check users are on no care team.
  const as = async (role: 'intake-coordinator' | 'clinician' | 'case-manager' | 'clinical-supervisor') =>
    tokenFor({ role, userId: `${role}-final-check`, sites: [SITE] });
  const read = async (service: keyof InProcessServices['urls'], role: Parameters<typeof as>[0], route: string) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the services' answers, asserted field by field below
    (await new ServiceClient(service, services.urls[service]).get<any>(await as(role), route))!;

  it('ran every service on the bus it was given, and printed each step with ids and codes only', () => {
    for (const app of Object.values(services.apps) as INestApplication[]) {
      if (app !== services.apps.audit) expect(app.get<BusSettings>(BUS_SETTINGS).kind).toBe(bus.env.BUS);
    }
    expect(steps.length).toBeGreaterThan(30);
    expect(steps.join('\n')).not.toMatch(/Alex|Example|1988-03-14|555 0100|Riverside Trauma Clinic|Sam|Sample|1991-07-02|555 0123/);
  });

  it('intake: one client record, two admissions, the second after an aftercare re-entry referral', async () => {
    const record = await read('intake', 'intake-coordinator', `/clients/${result.clientId}`);
    expect(record.status).toBe('admitted');
    expect(record.admissions).toEqual([
      expect.objectContaining({ admissionId: result.admissionIds[0], startDate: DAYS.admission, level: IOP }),
      expect.objectContaining({
        admissionId: result.admissionIds[1],
        startDate: DAYS.readmission,
        previousEpisodeId: result.episodes[0].episodeId,
        referralId: result.reEntryReferralId,
      }),
    ]);
    expect(record.admissions[0].previousEpisodeId).toBeUndefined();
    expect(record.referral).toMatchObject({
      referralId: result.reEntryReferralId,
      source: 'aftercare-re-entry',
      reasonCode: 'relapse',
      previousEpisodeId: result.episodes[0].episodeId,
    });
  });

  it('treatment-plan: the first episode went IOP → PHP → IOP and was discharged completed; the second is open and linked to it', async () => {
    const [first, second] = result.episodes;
    expect(first).toMatchObject({
      status: 'discharged',
      disposition: 'completed',
      startDate: DAYS.admission,
      dischargeDate: DAYS.discharge,
    });
    expect(
      first.timeline.map((segment: Segment) => [
        segment.level.code,
        segment.from,
        segment.to,
        segment.began.direction ?? segment.began.kind,
        segment.began.reason?.code,
        segment.ended?.disposition ?? segment.ended?.kind,
      ]),
    ).toEqual([
      ['2.1', DAYS.admission, DAYS.relapse, 'opened', undefined, 'level-changed'],
      [PHP.code, DAYS.relapse, DAYS.stepDown, 'step-up', 'relapse', 'level-changed'],
      ['2.1', DAYS.stepDown, DAYS.discharge, 'step-down', 'clinical-progress', 'completed'],
    ]);
    expect(second).toMatchObject({ status: 'open', startDate: DAYS.readmission, previousEpisodeId: first.episodeId });
    expect(second.timeline).toEqual([
      expect.objectContaining({
        level: IOP,
        siteId: SITE,
        from: DAYS.readmission,
        began: expect.objectContaining({ kind: 'opened', previousEpisodeId: first.episodeId }),
      }),
    ]);
    expect(second.timeline[0].to).toBeUndefined();

    const firstPlan = await read('treatment-plan', 'clinical-supervisor', `/plans/${first.episodeId}`);
    expect(firstPlan.plan.status).toBe('closed');
    expect(firstPlan.plan.goals.map((goal: { code: string; status: string }) => [goal.code, goal.status])).toEqual([
      ['abstinence', 'achieved'],
      ['integrated-care', 'achieved'],
      ['integrated-care', 'achieved'],
    ]);
    const secondPlan = await read('treatment-plan', 'clinical-supervisor', `/plans/${second.episodeId}`);
    expect(secondPlan.plan).toMatchObject({ status: 'draft', level: IOP, startDate: DAYS.readmission });
  });

  it('dual-diagnosis: both referrals completed; the outside trauma clinic got a Part 2 disclosure under the consent, the internal psychiatry service none', async () => {
    expect(result.referrals).toEqual([
      expect.objectContaining({
        conditionCode: 'depression',
        specialty: 'psychiatric-evaluation',
        providerId: PSYCHIATRY.providerId,
        status: 'completed',
        disclosureIds: [],
      }),
      expect.objectContaining({
        conditionCode: 'ptsd',
        specialty: 'trauma-therapy',
        providerId: TRAUMA_CLINIC.providerId,
        status: 'completed',
        disclosureIds: [expect.any(String)],
      }),
    ]);
    const trauma = await read('dual-diagnosis', 'clinical-supervisor', `/referrals/${result.referrals[1]!.referralId}`);
    expect(trauma.disclosures).toEqual([
      expect.objectContaining({
        recipientId: TRAUMA_CLINIC.providerId,
        consentId: result.consentId,
        purpose: 'TREAT',
        redisclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
      }),
    ]);
  });

  it('aftercare: the plan from the completed discharge, abstinent on day 7, relapse on day 30, ended as readmitted', async () => {
    expect(result.readmissionRecommended).toBe(true);
    const { plan } = await read('aftercare', 'clinical-supervisor', `/aftercare-plans/${result.aftercarePlanId}`);
    expect(plan).toMatchObject({
      clientId: result.clientId,
      episodeId: result.episodes[0].episodeId,
      dischargeLevel: IOP,
      dischargeDate: DAYS.discharge,
      disposition: 'completed',
      status: 'ended',
    });
    expect(plan.ended).toEqual({ reason: 'readmitted', readmissionEpisodeId: result.episodes[1].episodeId, endedOn: DAYS.readmission });
    expect(plan.checkIns.slice(0, 2)).toEqual([
      expect.objectContaining({
        dueDate: DAYS.day7,
        status: 'recorded',
        outcome: 'abstinent',
        barc10: expect.objectContaining({ total: 50, isStrongRecoveryCapital: true }),
      }),
      expect.objectContaining({
        dueDate: DAYS.day30,
        status: 'recorded',
        outcome: 'relapse',
        barc10: expect.objectContaining({ total: 39 }),
      }),
    ]);
    expect(plan.readmissionRecommendations).toEqual([
      expect.objectContaining({
        checkInDueDate: DAYS.day30,
        reasons: [{ code: 'relapse' }, expect.objectContaining({ code: 'barc10-drop', drop: 11 })],
      }),
    ]);
  });

  it('treatment-plan: the client on buprenorphine from an outside prescriber keeps the streak on a buprenorphine-only positive, restarts it once on fentanyl, and completes after 30 evidence-backed sober days', async () => {
    const { mat } = result;
    // Admitted on MAT_DAYS.admission; the buprenorphine-only positive two days later is expected, not use.
    expect(mat.soberDaysAfterBuprenorphineOnly).toBe(2);
    expect(mat.soberSinceAfterFentanyl).toBe(MAT_DAYS.fentanyl);
    expect(mat.readinessDayBefore).toEqual({ ready: false, soberDays: 29 });
    expect(mat.readinessOnDischarge).toEqual({ ready: true, soberDays: 30 });

    const plan = await read('treatment-plan', 'clinical-supervisor', `/plans/${mat.episodeId}`);
    expect(plan.plan).toMatchObject({ status: 'closed', disposition: 'completed', closedOn: MAT_DAYS.discharge });
    expect(plan.plan.medications).toEqual([
      expect.objectContaining({
        medicationId: mat.medicationId,
        code: 'buprenorphine-naloxone',
        rxnorm: '352364',
        source: 'external-prescriber',
        startDate: '2026-10-01',
      }),
    ]);
    expect(plan.plan.naloxone).toEqual([expect.objectContaining({ action: 'dispensed' })]);
    expect(plan.toxicology.useEpisodes).toEqual([
      expect.objectContaining({
        substances: ['fentanyl'],
        facts: [expect.objectContaining({ id: mat.fentanylTestId, source: 'positive-test' })],
      }),
    ]);
    expect(plan.toxicology.reviewFlags).toEqual([]);
    expect(plan.plan.drugTests.find((test: { testId: string }) => test.testId === mat.buprenorphineOnlyTestId)).toMatchObject({
      collectorRole: 'case-manager',
      observed: true,
      substanceCodes: ['buprenorphine', 'norbuprenorphine'],
    });
    // The test entered by mistake: gone from the plan the rules read, both events in the audit history.
    expect(plan.plan.drugTests.map((test: { testId: string }) => test.testId)).not.toContain(mat.correctedTestId);
    expect(plan.plan.enteredInError).toEqual([
      expect.objectContaining({ kind: 'drug-test', id: mat.correctedTestId, reasonCode: 'wrong-client' }),
    ]);
    const auditor = await tokenFor({ role: 'auditor', userId: 'auditor-1', sites: [] });
    type HistoryEntry = { type: string; data: { testId?: string; id?: string } };
    const history = (await new ServiceClient('audit', services.urls.audit).get<{ events: HistoryEntry[] }>(
      auditor,
      `/clients/${mat.clientId}/history`,
    ))!;
    expect(
      history.events
        .filter((entry) => entry.data.testId === mat.correctedTestId || entry.data.id === mat.correctedTestId)
        .map((entry) => entry.type),
    ).toEqual(['DrugTestRecorded', 'EntryMarkedInError']);
    const episode = await read('treatment-plan', 'clinical-supervisor', `/episodes/${mat.episodeId}`);
    expect(episode.episode).toMatchObject({ status: 'discharged', disposition: 'completed', dischargeDate: MAT_DAYS.discharge });
  });

  it("audit: every stream's hash chain and the store's order verify", async () => {
    const verdict = await verifyStoreIntegrity(services.urls.audit);
    expect(verdict).toMatchObject({ ok: true, findingsTotal: 0 });
    // The client's intake stream, two episodes, two plans, two referrals, the aftercare plan at least.
    expect(verdict.streamsChecked).toBeGreaterThanOrEqual(8);
    expect(verdict.eventsChecked).toBeGreaterThan(50);
  });
});
