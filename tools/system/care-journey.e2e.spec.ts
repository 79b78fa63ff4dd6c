import { refusedWritingNothing } from '@continuum/service-testing';
// One client's journey across intake and treatment-plan (issue 5's system test): intake
// admits the client over HTTP → the episode and the draft plan appear in treatment-plan →
// attendance, drug tests, a relapse, a step-up to PHP and back down to IOP, readiness after
// 30 sober days, discharge → EpisodeDischarged published. Both services run in this process
// on one event store file; the bus is the embedded one (same DATA_DIR), and the same journey
// runs again over real Kafka when KAFKA_BROKERS is set (under CI=true it must not be missing).
// What the whole journey (whole-journey.e2e.spec.ts) does not check: the scheduler closing a
// week (WeekDoseMet), each step's answer (events, plan status, the 422, the discharge-ready
// list) and what treatment-plan published, in order, on the bus.
import { type IntegrationEvent } from '@continuum/contracts';
import { BUS_SETTINGS, type BusSettings } from '@continuum/messaging';
import { eventually } from '@continuum/platform';
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
const PHP = { edition: 3, code: '2.5' };
const START = '2026-09-07';

describe.each(busesFor('the care journey'))("a client's care journey across intake and treatment-plan, over $name", (bus) => {
  let journey: JourneyApps;
  let intake: IntakeTestApp;
  let treatmentPlan: TreatmentPlanTestApp;
  let observer: JourneyObserver;
  let coordinator: string;
  let clinician: string;
  let nurse: string;

  beforeAll(async () => {
    journey = await startJourney({ name: 'care-journey', bus, now: new Date(`${START}T08:00:00.000Z`) });
    ({ intake, treatmentPlan, observer } = journey);
    coordinator = await token('intake-coordinator', [SITE], 'coordinator-2');
    clinician = await token('clinician', [SITE], 'clinician-7');
    nurse = await token('nurse', [SITE], 'nurse-3');
  }, 12 * 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 60_000);

  const at = (day: string) => treatmentPlan.clock.set(`${day}T10:00:00.000Z`);
  const toIntake = (token: string, route: string, body: object) => intake.http().post(`/api/v1${route}`).set(as(token)).send(body);
  const toPlan = async (token: string, route: string, body: object) => {
    const response = await treatmentPlan.http().post(`/api/v1${route}`).set(as(token)).send(body);
    if (response.status !== 201) throw new Error(`POST ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as { events: { type: string }[] } & Record<string, string>;
  };
  const planOf = async (planId: string) => (await treatmentPlan.http().get(`/api/v1/plans/${planId}`).set(as(clinician))).body;
  const publishedFor = (episodeId: string, type: string) =>
    observer.received.find((event) => event.type === type && (event.data as { episodeId?: string }).episodeId === episodeId);

  it('admits, treats through a relapse and a step-up, and discharges as completed once ready', async () => {
    for (const app of [intake.app, treatmentPlan.app, observer.app]) expect(app.get<BusSettings>(BUS_SETTINGS).kind).toBe(bus.env.BUS);

    // Intake: registration, screening, assessment, placement at IOP, admission.
    const registered = await toIntake(coordinator, '/clients', exampleRegistration(SITE));
    expect(registered.status).toBe(201);
    const clientId = registered.body.clientId as string;
    expect((await toIntake(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative)).status).toBe(201);
    expect((await toIntake(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop)).status).toBe(201);
    expect((await toIntake(clinician, `/clients/${clientId}/placement`, { level: IOP })).status).toBe(201);
    const admitted = await toIntake(coordinator, `/clients/${clientId}/admissions`, exampleAdmission(SITE, START));
    expect(admitted.status).toBe(201);
    const episodeId = episodeIdForAdmission(admitted.body.admission.admissionId as string);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(episodeId, SITE, [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'nurse-3', teamRole: 'nurse' },
    ]);

    // Treatment-plan heard of it through the bus: the episode is open and the plan drafted.
    const drafted = await eventually(
      async () => {
        const response = await treatmentPlan.http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
        return response.status === 200 ? response.body : undefined;
      },
      'the draft plan in treatment-plan',
      60_000,
    );
    expect(drafted.plan).toMatchObject({ status: 'draft', clientId, level: IOP, startDate: START });
    const opened = await eventually(async () => publishedFor(episodeId, 'EpisodeOpened'), 'EpisodeOpened on the bus', 60_000);
    expect(opened.data).toMatchObject({ clientId, siteId: SITE, level: IOP, admissionId: admitted.body.admission.admissionId });

    // The plan: a problem, a goal, both signatures.
    const problem = await toPlan(clinician, `/plans/${episodeId}/problems`, { code: 'alcohol-use-disorder', dimension: 5 });
    const goal = await toPlan(clinician, `/plans/${episodeId}/goals`, {
      problemId: problem.problemId,
      code: 'abstinence',
      targetDate: '2026-11-30',
    });
    await toPlan(clinician, `/plans/${episodeId}/signatures`, { signer: 'clinician' });
    expect((await toPlan(clinician, `/plans/${episodeId}/signatures`, { signer: 'client' })).status).toBe('active');

    // Week one at IOP: nine hours, the minimum.
    at('2026-09-12');
    for (const date of ['2026-09-07', '2026-09-09', '2026-09-11'])
      await toPlan(nurse, `/plans/${episodeId}/sessions`, { date, hours: 3, attended: true, lateEntryReason: 'documented-late' });
    await treatmentPlan.settled();
    await treatmentPlan.scheduler().tick(new Date('2026-09-14T06:00:00.000Z'));
    expect(await treatmentPlan.typesIn(`treatment-plan-${episodeId}`)).toContain('WeekDoseMet');

    // Two use episodes (alcohol positives five days apart, beyond its three days in urine) and a
    // relapse: a step-up is recommended, the plan needs a revision, nothing is discharged.
    at('2026-09-16');
    const firstTest = await toPlan(nurse, `/plans/${episodeId}/drug-tests`, {
      date: '2026-09-11',
      result: 'positive',
      substanceCodes: ['alcohol'],
      lateEntryReason: 'result-received-late',
    });
    const secondTest = await toPlan(nurse, `/plans/${episodeId}/drug-tests`, {
      date: '2026-09-16',
      result: 'positive',
      substanceCodes: ['alcohol'],
    });
    expect(firstTest.events.map((event) => event.type)).toEqual(['DrugTestRecorded']);
    expect(secondTest.events.map((event) => event.type)).toEqual(['DrugTestRecorded', 'StepUpRecommended']);
    const relapse = await toPlan(clinician, `/plans/${episodeId}/relapses`, {
      date: '2026-09-16',
      substanceCodes: ['alcohol'],
      evidence: [{ kind: 'drug-test', id: secondTest.testId }],
      extendProgramme: { newEndDate: '2026-12-31', reasonCode: 'relapse' },
    });
    expect(relapse.status).toBe('revision-required');

    // Step up to PHP on the ledger; the plan follows.
    await toPlan(clinician, `/episodes/${episodeId}/level-changes`, {
      from: IOP,
      to: PHP,
      reason: { code: 'relapse' },
      evidence: [{ kind: 'drug-test', id: secondTest.testId }],
      effectiveDate: '2026-09-16',
    });
    at('2026-09-18');
    expect((await toPlan(clinician, `/plans/${episodeId}/reviews`, { outcomeCode: 'relapse-addressed' })).status).toBe('active');

    // Back down to IOP once stable; a negative test and a session every week since: the evidence sober days need.
    const weeklyEvidence = async (today: string, tests: string[], sessions: string[]) => {
      const late = (date: string, lateEntryReason: string) => (date < today ? { lateEntryReason } : {});
      for (const date of tests)
        await toPlan(nurse, `/plans/${episodeId}/drug-tests`, {
          date,
          result: 'negative',
          substanceCodes: [],
          ...late(date, 'result-received-late'),
        });
      for (const date of sessions)
        await toPlan(nurse, `/plans/${episodeId}/sessions`, { date, hours: 4, attended: true, ...late(date, 'documented-late') });
    };
    at('2026-10-05');
    await weeklyEvidence('2026-10-05', ['2026-09-22', '2026-09-25', '2026-10-02'], ['2026-09-22', '2026-09-29']);
    await toPlan(clinician, `/episodes/${episodeId}/level-changes`, {
      from: PHP,
      to: IOP,
      reason: { code: 'clinical-progress' },
      evidence: [{ kind: 'review', id: 'review-1' }],
      effectiveDate: '2026-10-05',
    });
    const episode = (await treatmentPlan.http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician))).body;
    expect(
      episode.timeline.map((segment: { level: { code: string }; began: { kind: string; direction?: string } }) => [
        segment.level.code,
        segment.began.direction ?? segment.began.kind,
      ]),
    ).toEqual([
      ['2.1', 'opened'],
      ['2.5', 'step-up'],
      ['2.1', 'step-down'],
    ]);

    at('2026-10-12');
    await weeklyEvidence('2026-10-12', ['2026-10-09', '2026-10-12'], ['2026-10-06', '2026-10-09', '2026-10-12']);

    // Day 29 of sobriety: not ready, so a completed discharge is refused.
    at('2026-10-15');
    await toPlan(clinician, `/plans/${episodeId}/goals/${goal.goalId}/status`, { status: 'achieved' });
    expect((await planOf(episodeId)).dischargeReadiness).toMatchObject({ ready: false, soberDays: 29 });
    await treatmentPlan.settled();
    await refusedWritingNothing(
      treatmentPlan,
      () =>
        treatmentPlan
          .http()
          .post(`/api/v1/episodes/${episodeId}/discharge`)
          .set(as(clinician))
          .send({ disposition: 'completed', dischargeSummaryRef: 'summary-1' }),
      422,
    );

    // Day 30: ready, listed, and discharged as completed.
    at('2026-10-16');
    expect((await planOf(episodeId)).dischargeReadiness).toMatchObject({ ready: true, soberDays: 30 });
    await treatmentPlan.settled();
    const ready = (await treatmentPlan.http().get('/api/v1/discharge-ready').set(as(clinician))).body;
    expect(ready.items.map((item: { planId: string }) => item.planId)).toContain(episodeId);
    const discharged = await toPlan(clinician, `/episodes/${episodeId}/discharge`, {
      disposition: 'completed',
      dischargeSummaryRef: 'summary-1',
    });
    expect(discharged.events.map((event) => event.type)).toEqual(['EpisodeDischarged', 'PlanClosed']);

    // The network hears of it: the ledger's story, on treatment-plan's topic.
    const published = await eventually(async () => publishedFor(episodeId, 'EpisodeDischarged'), 'EpisodeDischarged on the bus', 60_000);
    expect(published).toMatchObject({
      source: 'treatment-plan',
      clientId,
      data: { episodeId, clientId, siteId: SITE, level: IOP, disposition: 'completed', dischargeDate: '2026-10-16' },
    });
    const story = observer.received
      .filter((event: IntegrationEvent) => (event.data as { episodeId?: string }).episodeId === episodeId)
      .map((event) => event.type);
    expect(story).toEqual([
      'EpisodeOpened',
      'CareTeamChanged',
      'RelapseRecorded',
      'LevelOfCareChanged',
      'LevelOfCareChanged',
      'EpisodeDischarged',
    ]);
  }, 180_000);
});
