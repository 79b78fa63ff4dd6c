// The readmission loop across intake, treatment-plan and aftercare (issue 7's system test):
// a client admitted through intake is discharged by treatment-plan → aftercare creates the
// plan from EpisodeDischarged → a day-7 check-in finds the client abstinent → the day-30
// check-in finds a relapse → ReadmissionRecommended → intake records an aftercare re-entry
// referral → a new admission → treatment-plan opens a new episode linked to the discharged
// one → aftercare ends the first plan's continuing care as readmitted. The three services run
// in this process on one event store file; the bus is the embedded one (same DATA_DIR), and
// the same loop runs again over real Kafka when KAFKA_BROKERS is set (under CI=true it must
// not be missing). Lives under tools/ because a service may not import another (lint rule).
// What the whole journey (whole-journey.e2e.spec.ts) does not check: a discharge against
// advice feeding aftercare, treatment-plan's ledger events in order on the bus, and the events
// of the aftercare plan's stream.
import { BUS_SETTINGS, type BusSettings } from '@continuum/messaging';
import { eventually } from '@continuum/platform';
import { type AftercareTestApp } from '@continuum/aftercare/testing/aftercare-app.js';
import { barc10Totalling } from '@continuum/aftercare/testing/fixtures.js';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { type TreatmentPlanTestApp, bearer as as, tokenFor as token } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type JourneyObserver } from './journey-observer.js';
import { type JourneyApps, busesFor, startJourney } from './testing/system-journey.js';

const SITE = 'site-north';
const START = '2026-09-07';
const DISCHARGE = '2026-10-05';
const DAY_7 = '2026-10-12';
const DAY_30 = '2026-11-04';
const READMISSION = '2026-11-09';

describe.each(busesFor('the readmission loop'))('the readmission loop across intake, treatment-plan and aftercare, over $name', (bus) => {
  let journey: JourneyApps;
  let intake: IntakeTestApp;
  let treatmentPlan: TreatmentPlanTestApp;
  let aftercare: AftercareTestApp;
  let observer: JourneyObserver;
  let coordinator: string;
  let clinician: string;
  let caseManager: string;

  beforeAll(async () => {
    journey = await startJourney({
      name: 'readmission',
      bus,
      now: new Date(`${START}T08:00:00.000Z`),
      aftercareFrom: new Date(`${DISCHARGE}T08:00:00.000Z`),
    });
    ({ intake, treatmentPlan, observer } = journey);
    aftercare = journey.aftercare!;
    coordinator = await token('intake-coordinator', [SITE], 'coordinator-2');
    clinician = await token('clinician', [SITE], 'clinician-7');
    caseManager = await token('case-manager', [SITE], 'case-manager-3');
  }, 12 * 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 60_000);

  const toIntake = async (bearerToken: string, route: string, body: object) => {
    const response = await intake.http().post(`/api/v1${route}`).set(as(bearerToken)).send(body);
    if (response.status !== 201) throw new Error(`intake POST ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown> & { events: { type: string }[] };
  };
  const clientRecord = async (clientId: string) => (await intake.http().get(`/api/v1/clients/${clientId}`).set(as(coordinator))).body;
  const episodeOf = async (episodeId: string) => (await treatmentPlan.http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician))).body;
  const aftercarePlan = async (planId: string) =>
    (await aftercare.http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager))).body;
  const checkIn = async (planId: string, body: object) => {
    const response = await aftercare.http().post(`/api/v1/aftercare-plans/${planId}/check-ins`).set(as(caseManager)).send(body);
    if (response.status !== 201) throw new Error(`check-in answered ${response.status}: ${JSON.stringify(response.body)}`);
    return (response.body.events as { type: string }[]).map((event) => event.type);
  };
  /** Screening, assessment, IOP placement and admission: what a coordinator and a clinician do for each intake. */
  const assessAndAdmit = async (clientId: string, startDate: string) => {
    await toIntake(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
    await toIntake(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
    await toIntake(clinician, `/clients/${clientId}/placement`, { level: IOP });
    const admitted = await toIntake(coordinator, `/clients/${clientId}/admissions`, exampleAdmission(SITE, startDate));
    return admitted.admission as { admissionId: string; previousEpisodeId?: string; referralId: string };
  };

  it('discharge → aftercare → relapse at day 30 → re-entry referral → readmission in a new episode linked to the first', async () => {
    for (const app of [intake.app, treatmentPlan.app, aftercare.app]) expect(app.get<BusSettings>(BUS_SETTINGS).kind).toBe(bus.env.BUS);

    // Intake admits the client at IOP; treatment-plan opens the first episode from it.
    const registered = await toIntake(coordinator, '/clients', exampleRegistration(SITE));
    const clientId = registered.clientId as string;
    const firstAdmission = await assessAndAdmit(clientId, START);
    const firstEpisodeId = episodeIdForAdmission(firstAdmission.admissionId);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(firstEpisodeId, SITE, [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'case-manager-3', teamRole: 'case-manager' },
    ]);
    await eventually(
      async () => ((await episodeOf(firstEpisodeId)).episode?.status === 'open' ? true : undefined),
      'the first episode in treatment-plan',
      60_000,
    );

    // Discharged against advice four weeks later: aftercare starts continuing care from EpisodeDischarged.
    treatmentPlan.clock.set(`${DISCHARGE}T15:00:00.000Z`);
    const discharge = await treatmentPlan
      .http()
      .post(`/api/v1/episodes/${firstEpisodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-1' });
    expect(discharge.status).toBe(201);
    const created = await eventually(
      async () => {
        const body = await aftercarePlan(firstEpisodeId);
        return body.plan?.status === 'active' ? body : undefined;
      },
      'the aftercare plan',
      60_000,
    );
    expect(created.plan).toMatchObject({
      clientId,
      episodeId: firstEpisodeId,
      siteId: SITE,
      dischargeLevel: IOP,
      dischargeDate: DISCHARGE,
      disposition: 'against-advice',
    });
    expect(created.checkIns.slice(0, 2).map((scheduled: { dueDate: string }) => scheduled.dueDate)).toEqual([DAY_7, DAY_30]);

    // Day 7: abstinent, strong recovery capital. Day 30: a relapse, which recommends readmission.
    aftercare.clock.set(`${DAY_7}T11:00:00.000Z`);
    expect(await checkIn(firstEpisodeId, { dueDate: DAY_7, outcome: 'abstinent', barc10: barc10Totalling(50) })).toEqual([
      'CheckInRecorded',
    ]);
    aftercare.clock.set(`${DAY_30}T11:00:00.000Z`);
    expect(await checkIn(firstEpisodeId, { dueDate: DAY_30, outcome: 'relapse', barc10: barc10Totalling(39) })).toEqual([
      'CheckInRecorded',
      'ReadmissionRecommended',
    ]);

    // Intake hears of it: an aftercare re-entry referral following the first episode, and a new intake begins.
    const referred = await eventually(
      async () => {
        const record = await clientRecord(clientId);
        return record.status === 'referred' ? record : undefined;
      },
      'the re-entry referral in intake',
      60_000,
    );
    expect(referred.referral).toMatchObject({ source: 'aftercare-re-entry', reasonCode: 'relapse', previousEpisodeId: firstEpisodeId });

    // The readmission: intake's admission names the first episode; treatment-plan links the new episode to it.
    treatmentPlan.clock.set(`${READMISSION}T09:00:00.000Z`);
    aftercare.clock.set(`${READMISSION}T09:00:00.000Z`);
    const readmission = await assessAndAdmit(clientId, READMISSION);
    expect(readmission).toMatchObject({ previousEpisodeId: firstEpisodeId, referralId: referred.referral.referralId });
    const secondEpisodeId = episodeIdForAdmission(readmission.admissionId);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(secondEpisodeId, SITE, [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'case-manager-3', teamRole: 'case-manager' },
    ]);
    const second = await eventually(
      async () => {
        const body = await episodeOf(secondEpisodeId);
        return body.episode?.status === 'open' ? body : undefined;
      },
      'the new episode in treatment-plan',
      60_000,
    );
    expect(second.episode).toMatchObject({ clientId, previousEpisodeId: firstEpisodeId, level: IOP, startDate: READMISSION });

    // Aftercare hears of the new episode: the first plan's continuing care ends as readmitted.
    const ended = await eventually(
      async () => {
        const body = await aftercarePlan(firstEpisodeId);
        return body.plan?.status === 'ended' ? body : undefined;
      },
      'the end of continuing care',
      60_000,
    );
    expect(ended.plan.ended).toEqual({ reason: 'readmitted', readmissionEpisodeId: secondEpisodeId, endedOn: READMISSION });

    // The final state of every service.
    const record = await clientRecord(clientId);
    expect(record.status).toBe('admitted');
    expect(record.admissions.map((admission: { previousEpisodeId?: string }) => admission.previousEpisodeId ?? null)).toEqual([
      null,
      firstEpisodeId,
    ]);
    expect((await episodeOf(firstEpisodeId)).episode).toMatchObject({
      status: 'discharged',
      disposition: 'against-advice',
      dischargeDate: DISCHARGE,
    });
    expect(ended.plan.checkIns.slice(0, 2)).toEqual([
      expect.objectContaining({
        dueDate: DAY_7,
        status: 'recorded',
        outcome: 'abstinent',
        barc10: expect.objectContaining({ total: 50, isStrongRecoveryCapital: true }),
      }),
      expect.objectContaining({ dueDate: DAY_30, status: 'recorded', outcome: 'relapse', barc10: expect.objectContaining({ total: 39 }) }),
    ]);
    expect(ended.plan.readmissionRecommendations).toEqual([
      expect.objectContaining({
        checkInDueDate: DAY_30,
        reasons: [{ code: 'relapse' }, expect.objectContaining({ code: 'barc10-drop', drop: 11 })],
      }),
    ]);
    const ledgerOf = () =>
      observer.received
        // The ledger's events: the care teams seated on each episode are the plans', not the ledger's.
        .filter((event) => event.clientId === clientId && event.type !== 'CareTeamChanged')
        .map((event) => `${event.type}:${(event.data as { episodeId: string }).episodeId}`);
    const ledger = await eventually(
      async () => (ledgerOf().length >= 3 ? ledgerOf() : undefined),
      "treatment-plan's ledger events on the bus",
      60_000,
    );
    expect(ledger).toEqual([`EpisodeOpened:${firstEpisodeId}`, `EpisodeDischarged:${firstEpisodeId}`, `EpisodeOpened:${secondEpisodeId}`]);
    expect(await aftercare.typesIn(firstEpisodeId)).toEqual([
      'AftercarePlanCreated',
      'CheckInRecorded',
      'CheckInRecorded',
      'ReadmissionRecommended',
      'ContinuingCareEnded',
    ]);
  }, 240_000);
});
