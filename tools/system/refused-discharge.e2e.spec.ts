// The refused discharge across intake, treatment-plan and aftercare (the system test
// for the repaired discharge path): a discharge treatment-plan answers with 422 must leave
// the episode, its plan, the client's claim, the census, aftercare and the bus exactly as they
// were. Three clients are admitted through intake, each one's plan built
// for its case, and then, on treatment-plan:
//   (a) an `administrative` discharge dated tomorrow (the services' clock)  → 422 naming `date`;
//   (b) a `completed` discharge dated today, readiness unmet                  → 422 naming each unmet condition;
//   (c) a `completed` discharge dated in the future, when it would be ready   → 422 naming `date`.
// After each refusal an accepted command on the same episode (a payer authorisation) is the
// marker: its AuthorizedLevelRecorded travels the same topic under the same key (the client),
// so once the bystander has received it, and every service's relay and consumers are quiet,
// anything the refusal had appended would have been published, consumed and, if refused,
// parked. Then a valid `administrative` discharge dated today of each client is accepted and
// followed everywhere (aftercare opens the plan), which proves the bystander would have seen a
// refused one. Runs on the embedded bus, and again over real Kafka when KAFKA_BROKERS is set
// (under CI=true it must not be missing). Lives under tools/ because a service may not import
// another (lint rule).
import { clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { TOPICS } from '@continuum/contracts';
import { BUS_ADMIN, BUS_SETTINGS, type BusAdmin, type BusSettings } from '@continuum/messaging';
import { eventually } from '@continuum/platform';
import { type StoreSnapshot, appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { type AftercareTestApp } from '@continuum/aftercare/testing/aftercare-app.js';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { planStream } from '@continuum/treatment-plan/domain/index.js';
import { type TreatmentPlanTestApp, bearer as as, tokenFor as token } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type JourneyObserver } from './journey-observer.js';
import { type JourneyApps, busesFor, startJourney } from './testing/system-journey.js';

const SITE = 'site-north';
const START = '2026-09-07';
/** The services' today: 13 sober days since the start, not the 30 a completed discharge needs. */
const TODAY = '2026-09-20';
const TOMORROW = '2026-09-21';
/** A day by which client C would be ready (43 sober days): only the date itself is wrong. */
const READY_LATER = '2026-10-20';
/** Mid-morning UTC: the same calendar day in every site time zone from UTC−10 to UTC+13. */
const NOW = `${TODAY}T10:00:00.000Z`;

type Client = { name: string; clientId: string; episodeId: string };
type Body = Record<string, unknown>;

describe.each(busesFor('the refused discharge'))('a refused discharge changes nothing anywhere, over $name', (bus) => {
  let journey: JourneyApps;
  let intake: IntakeTestApp;
  let treatmentPlan: TreatmentPlanTestApp;
  let aftercare: AftercareTestApp;
  let observer: JourneyObserver;
  let coordinator: string;
  let clinician: string;
  let caseManager: string;
  const clients = {} as Record<'a' | 'b' | 'c', Client>;

  beforeAll(async () => {
    journey = await startJourney({ name: 'refused-discharge', bus, now: new Date(`${START}T08:00:00.000Z`), aftercareFrom: new Date(NOW) });
    ({ intake, treatmentPlan, observer } = journey);
    aftercare = journey.aftercare!;
    coordinator = await token('intake-coordinator', [SITE], 'coordinator-2');
    clinician = await token('clinician', [SITE], 'clinician-7');
    caseManager = await token('case-manager', [SITE], 'case-manager-3');
  }, 12 * 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 60_000);

  const post = async (app: IntakeTestApp | TreatmentPlanTestApp, bearerToken: string, route: string, body: object) => {
    const response = await app.http().post(`/api/v1${route}`).set(as(bearerToken)).send(body);
    if (response.status !== 201) throw new Error(`POST ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Body & { events: { eventId: string; type: string }[] };
  };
  const toPlan = (route: string, body: object) => post(treatmentPlan, clinician, route, body);
  const discharge = (episodeId: string, body: object) =>
    treatmentPlan.http().post(`/api/v1/episodes/${episodeId}/discharge`).set(as(clinician)).send(body);
  const read = async (app: TreatmentPlanTestApp | AftercareTestApp, route: string) =>
    app
      .http()
      .get(`/api/v1${route}`)
      .set(as(app === aftercare ? caseManager : clinician));

  /** Registration, screening, assessment, IOP placement and admission; treatment-plan opens the episode from intake's ClientAdmitted. */
  const admit = async (name: string, person: { givenName: string; dateOfBirth: string }): Promise<Client> => {
    const registration = exampleRegistration(SITE);
    const registered = await post(intake, coordinator, '/clients', { ...registration, person: { ...registration.person, ...person } });
    const clientId = registered.clientId as string;
    await post(intake, clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
    await post(intake, clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
    await post(intake, clinician, `/clients/${clientId}/placement`, { level: IOP });
    const admitted = await post(intake, coordinator, `/clients/${clientId}/admissions`, exampleAdmission(SITE, START));
    const episodeId = episodeIdForAdmission((admitted.admission as { admissionId: string }).admissionId);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(episodeId, SITE, [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'case-manager-3', teamRole: 'case-manager' },
    ]);
    await eventually(
      async () => ((await read(treatmentPlan, `/plans/${episodeId}`)).status === 200 ? true : undefined),
      `the draft plan of client ${name}`,
      60_000,
    );
    return { name, clientId, episodeId };
  };

  const publishedFor = (client: Client) => observer.received.filter((event) => event.clientId === client.clientId);
  const deadLettersOf = async (client: Client) => {
    const admin = treatmentPlan.app.get<BusAdmin>(BUS_ADMIN);
    const letters = [];
    for (const topic of Object.values(TOPICS)) letters.push(...(await admin.readDeadLetters(topic, { limit: 100_000 })));
    return letters
      .filter((letter) => letter.key === client.clientId || letter.value.includes(client.episodeId))
      .map((letter) => `${letter.topic} ${letter.headers['continuum-event-type']}: ${letter.headers['continuum-dlq-error']}`);
  };
  const censusAtSite = async () => {
    await treatmentPlan.settled();
    const census = await read(treatmentPlan, `/census?siteId=${SITE}`);
    expect(census.status).toBe(200);
    return (
      (census.body.sites as { siteId: string; clients: number }[]).find((site) => site.siteId === SITE) ?? { siteId: SITE, clients: 0 }
    );
  };

  /** What a user (and the store, and the bus) would show of the client's discharge. */
  const snapshotOf = async (client: Client) => {
    const { clientId, episodeId } = client;
    const episode = await read(treatmentPlan, `/episodes/${episodeId}`);
    const plan = await read(treatmentPlan, `/plans/${episodeId}`);
    await aftercare.settled();
    const stream = async (name: string) =>
      (await treatmentPlan.store().readStream(name)).map((event) => `${event.revision} ${event.type} ${event.eventId}`);
    return {
      episode: {
        httpStatus: episode.status,
        status: episode.body.episode?.status,
        level: episode.body.episode?.level,
        disposition: episode.body.episode?.disposition,
        dischargeDate: episode.body.episode?.dischargeDate,
      },
      plan: { httpStatus: plan.status, status: plan.body.plan?.status },
      census: await censusAtSite(),
      aftercare: {
        plansOfClient: (await read(aftercare, `/aftercare/clients/${clientId}/plans`)).body.items,
        planStatus: (await read(aftercare, `/aftercare-plans/${episodeId}`)).status,
        planEvents: await aftercare.typesIn(episodeId),
      },
      streams: {
        episode: await stream(episodeStream(episodeId)),
        claim: await stream(clientEpisodesStream(clientId)),
        plan: await stream(planStream(episodeId)),
      },
      published: publishedFor(client).map((event) => `${event.type} ${event.eventId}`),
      deadLetters: await deadLettersOf(client),
    };
  };

  /**
   * The marker after a refusal: an accepted payer authorisation on the same episode. Once the
   * bystander has received its AuthorizedLevelRecorded (same topic, same key as a discharge of
   * this client), and treatment-plan's and aftercare's relays and consumers are quiet, whatever
   * the refusal had appended would have been published, consumed, and parked if refused. Answers
   * the marker's answer: the caller asserts it was accepted after what a user sees, so that a
   * refusal that discharged the episode anyway fails on the episode, not on the marker.
   */
  const markerAfterRefusal = async (client: Client) => {
    const response = await treatmentPlan
      .http()
      .post(`/api/v1/episodes/${client.episodeId}/authorizations`)
      .set(as(caseManager))
      .send({
        level: IOP,
        amount: { quantity: 30, unit: 'days' },
        throughDate: '2026-10-31',
        payerReference: `payer-auth-${client.name}`,
      });
    const recorded = response.status === 201 ? (response.body.events as { eventId: string; type: string; revision: number }[]) : [];
    for (const event of recorded) {
      await eventually(
        async () => (publishedFor(client).some((published) => published.eventId === event.eventId) ? true : undefined),
        `the marker ${event.type} of client ${client.name} on the bus`,
        60_000,
      );
    }
    await treatmentPlan.quiet();
    await aftercare.quiet();
    return { status: response.status, body: response.body as Body, events: recorded };
  };

  /** The services sharing the one store, every one's access log flushed before a snapshot and a comparison. */
  const writers = () => [treatmentPlan, intake, aftercare];
  /** Everything appended to the services' one store since `before`, the access logs written first. */
  const appendedAfter = async (before: StoreSnapshot) =>
    (await appendedSinceFlushed(writers(), before)).map((event) => `${event.streamId} ${event.type}`);

  /** The refusal: the answer, then everything a user, the store and the bus show is as it was, but for the marker. */
  const expectRefusedAndNothingChanged = async (client: Client, request: Body) => {
    const before = await snapshotOf(client);
    expect(before.episode).toMatchObject({ httpStatus: 200, status: 'open', level: IOP });
    expect(before.census.clients).toBeGreaterThanOrEqual(1);

    // Whatever the setup set going (a care team noted by aftercare over the bus) lands first:
    // only then does "nothing new since" speak of the refused request.
    for (const service of [...writers(), ...writers()]) await service.quiet();
    const head = await flushedSnapshot(writers());
    const refused = await discharge(client.episodeId, request);
    expect({ status: refused.status, contentType: refused.headers['content-type'] }).toEqual({
      status: 422,
      contentType: expect.stringMatching(/^application\/problem\+json/),
    });
    // At the answer, nothing in the store any service writes to, not even an access record.
    expect(await appendedAfter(head)).toEqual([]);
    const marker = await markerAfterRefusal(client);

    const after = await snapshotOf(client);
    // What a user sees: the episode still open at its level, the plan as it was, the client on the census, no aftercare.
    expect(after.episode).toEqual(before.episode);
    expect(after.plan).toEqual(before.plan);
    expect(after.plan.status).not.toBe('closed');
    expect(after.census).toEqual(before.census);
    expect(after.aftercare).toEqual({ plansOfClient: [], planStatus: 404, planEvents: [] });
    // The marker was accepted (the episode still takes entries) and is all that is new.
    expect({ status: marker.status, events: marker.events.map((event) => event.type) }).toEqual({
      status: 201,
      events: ['AuthorizedLevelRecorded'],
    });
    const { eventId, revision } = marker.events[0]!;
    // The store: nothing new in the claim or the plan; the episode holds the marker and nothing else.
    expect(after.streams).toEqual({
      ...before.streams,
      episode: [...before.streams.episode, `${revision} AuthorizedLevelRecorded ${eventId}`],
    });
    // Nor anywhere else in the store, by any service, since the refused request: the marker alone, but for the access records of the reads.
    expect((await appendedAfter(head)).filter((line) => !line.startsWith('access-log-'))).toEqual([
      `${episodeStream(client.episodeId)} AuthorizedLevelRecorded`,
    ]);
    // The bus: the marker arrived and nothing else about the client did; nothing was parked.
    expect(after.published).toEqual([...before.published, `AuthorizedLevelRecorded ${eventId}`]);
    expect(after.published.filter((line) => /^(EpisodeDischarged|EpisodeEnded|PlanClosed) /.test(line))).toEqual([]);
    expect(after.deadLetters).toEqual([]);
    return refused.body as Body;
  };

  it('admits three clients through intake; treatment-plan opens their episodes and each plan is built for its case', async () => {
    for (const app of [intake.app, treatmentPlan.app, aftercare.app, observer.app])
      expect(app.get<BusSettings>(BUS_SETTINGS).kind).toBe(bus.env.BUS);
    clients.a = await admit('a', { givenName: 'Robin', dateOfBirth: '1979-05-02' });
    clients.b = await admit('b', { givenName: 'Sam', dateOfBirth: '1983-11-21' });
    clients.c = await admit('c', { givenName: 'Kai', dateOfBirth: '1991-07-09' });
    for (const client of Object.values(clients)) {
      await eventually(
        async () => (publishedFor(client).some((event) => event.type === 'EpisodeOpened') ? true : undefined),
        `EpisodeOpened of client ${client.name} on the bus`,
        60_000,
      );
    }

    // A: an active plan, its goal still open. C: an active plan whose goal is achieved — ready once 30 sober days are reached.
    for (const client of [clients.a, clients.c]) {
      const problem = await toPlan(`/plans/${client.episodeId}/problems`, { code: 'alcohol-use-disorder', dimension: 5 });
      const goal = await toPlan(`/plans/${client.episodeId}/goals`, {
        problemId: problem.problemId,
        code: 'abstinence',
        targetDate: '2026-11-30',
      });
      await toPlan(`/plans/${client.episodeId}/signatures`, { signer: 'clinician' });
      expect((await toPlan(`/plans/${client.episodeId}/signatures`, { signer: 'client' })).status).toBe('active');
      if (client === clients.c) await toPlan(`/plans/${client.episodeId}/goals/${goal.goalId}/status`, { status: 'achieved' });
    }
    // B: a plan never signed, whose only goal was closed as not achieved.
    const problem = await toPlan(`/plans/${clients.b.episodeId}/problems`, { code: 'alcohol-use-disorder', dimension: 5 });
    const goal = await toPlan(`/plans/${clients.b.episodeId}/goals`, {
      problemId: problem.problemId,
      code: 'abstinence',
      targetDate: '2026-11-30',
    });
    await toPlan(`/plans/${clients.b.episodeId}/goals/${goal.goalId}/status`, { status: 'not-achieved', reasonCode: 'client-declined' });

    treatmentPlan.clock.set(NOW);
    aftercare.clock.set(NOW);
    const plans = await Promise.all(
      Object.values(clients).map(async (client) => (await read(treatmentPlan, `/plans/${client.episodeId}`)).body),
    );
    // 13 days since admission, none backed by a negative test and a session: no sober day counts yet.
    expect(plans.map((body) => [body.plan.status, body.dischargeReadiness.calendarSoberDays, body.dischargeReadiness.soberDays])).toEqual([
      ['active', 13, 0],
      ['draft', 13, 0],
      ['active', 13, 0],
    ]);
    expect((await censusAtSite()).clients).toBe(3);
  }, 180_000);

  it('(a) refuses an administrative discharge dated tomorrow, and nothing changes anywhere', async () => {
    const body = await expectRefusedAndNothingChanged(clients.a, {
      disposition: 'administrative',
      dischargeSummaryRef: 'summary-a',
      date: TOMORROW,
    });
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'date' })]));
  }, 180_000);

  it('(b) refuses a completed discharge dated today while the client is not ready, naming each unmet condition, and nothing changes anywhere', async () => {
    const body = await expectRefusedAndNothingChanged(clients.b, {
      disposition: 'completed',
      dischargeSummaryRef: 'summary-b',
      date: TODAY,
    });
    // Each unmet condition, once, as data (`details.unmet`) and in words (`detail`): 0 evidence-backed sober days of
    // the 30 needed (13 calendar days, no negative test or session in either week), the plan signed by neither the
    // clinician nor the client, no goal achieved. The goal is closed (not achieved), so "every goal closed" holds and
    // is not listed.
    expect(body).toMatchObject({
      type: 'urn:continuum:problem:rule-broken:not-ready-for-completed-discharge',
      code: 'not-ready-for-completed-discharge',
    });
    const unmet = (body.details as { unmet?: unknown[] } | undefined)?.unmet;
    expect(unmet).toEqual(
      expect.arrayContaining([
        { condition: 'sober-days', needed: 30, actual: 0 },
        expect.objectContaining({ condition: 'sobriety-evidence' }),
        { condition: 'plan-signed', missingSignatures: ['clinician', 'client'] },
        { condition: 'goal-achieved' },
      ]),
    );
    expect(unmet).toHaveLength(4);
    for (const condition of [
      /\b0\b[^;]*sober days[^;]*\b30\b/,
      /no negative test or no attended session/,
      /not signed/i,
      /no goal[^;]*achieved/i,
    ])
      expect(body.detail).toMatch(condition);
    expect(body.detail).not.toMatch(/still open/);
  }, 180_000);

  it('(c) refuses a completed discharge dated in the future, on a day the client would be ready, and nothing changes anywhere', async () => {
    const body = await expectRefusedAndNothingChanged(clients.c, {
      disposition: 'completed',
      dischargeSummaryRef: 'summary-c',
      date: READY_LATER,
    });
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'date' })]));
  }, 180_000);

  it('accepts an administrative discharge dated today for each client, and the episode, plan, census, aftercare and bus all follow', async () => {
    for (const client of Object.values(clients)) {
      const censusBefore = await censusAtSite();
      const accepted = await discharge(client.episodeId, {
        disposition: 'administrative',
        dischargeSummaryRef: `summary-${client.name}-final`,
        date: TODAY,
      });
      expect({
        status: accepted.status,
        events: (accepted.body.events as { type: string }[] | undefined)?.map((event) => event.type),
      }).toEqual({ status: 201, events: ['EpisodeDischarged', 'PlanClosed'] });
      const dischargedId = (accepted.body.events as { eventId: string; type: string }[]).find(
        (event) => event.type === 'EpisodeDischarged',
      )!.eventId;

      // The bystander hears of it: exactly this discharge, the only one it ever received for the client.
      const published = await eventually(
        async () => publishedFor(client).find((event) => event.type === 'EpisodeDischarged'),
        `EpisodeDischarged of client ${client.name} on the bus`,
        60_000,
      );
      expect(published).toMatchObject({
        eventId: dischargedId,
        data: { episodeId: client.episodeId, clientId: client.clientId, siteId: SITE, disposition: 'administrative', dischargeDate: TODAY },
      });
      // Aftercare opens the plan from it.
      const aftercarePlan = await eventually(
        async () => {
          const response = await read(aftercare, `/aftercare-plans/${client.episodeId}`);
          return response.body.plan?.status === 'active' ? response.body.plan : undefined;
        },
        `the aftercare plan of client ${client.name}`,
        60_000,
      );
      expect(aftercarePlan).toMatchObject({
        clientId: client.clientId,
        episodeId: client.episodeId,
        dischargeDate: TODAY,
        disposition: 'administrative',
      });
      await treatmentPlan.quiet();
      await aftercare.quiet();

      const after = await snapshotOf(client);
      expect(after.episode).toMatchObject({ status: 'discharged', disposition: 'administrative', dischargeDate: TODAY });
      expect(after.plan.status).toBe('closed');
      expect(after.census.clients).toBe(censusBefore.clients - 1);
      expect(after.aftercare.plansOfClient).toEqual([expect.objectContaining({ episodeId: client.episodeId, dischargeDate: TODAY })]);
      expect(after.streams.claim.map((line) => line.split(' ')[1])).toEqual(['EpisodeStarted', 'EpisodeEnded']);
      expect(after.published.filter((line) => line.startsWith('EpisodeDischarged '))).toEqual([`EpisodeDischarged ${dischargedId}`]);
      expect(after.deadLetters).toEqual([]);
    }
  }, 240_000);
});
