import { refusedWritingNothing } from '@continuum/service-testing';
import { clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { type AnyCommandStep, EVENT_STORE, type EventStore, runCommands } from '@continuum/event-store';
import { type CommandCause, eventually } from '@continuum/platform';
import { EpisodeLedger } from './application/episode-ledger.js';
import { planStream } from './domain/index.js';
import { IOP, PHP, clientAdmitted } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// The care-episode ledger of the treatment-plan service over HTTP and the bus, on the embedded stores, built as main.ts builds it.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';

let service: TreatmentPlanTestApp;
let clinician: string;
let clinicianElsewhere: string;
let auditor: string;

const http = () => service.http();
const typesIn = (stream: string) => service.typesIn(stream);

const admit = (overrides: Parameters<typeof clientAdmitted>[0] = {}) => service.admit(overrides);

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('episodes-e2e', {
    now: new Date('2026-01-12T09:00:00.000Z'),
    careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
  clinicianElsewhere = await token('clinician', [OTHER_SITE], 'clinician-9');
  auditor = await token('auditor', []);
}, 30_000);

afterAll(() => service.close());

describe('an admission opens the episode and drafts the plan', () => {
  it("opens the episode caused by intake's event, claims the client and drafts the plan, exactly once however often delivered", async () => {
    const { admitted, episodeId } = await admit();
    await service.publish(admitted);
    await service.publish(admitted);
    await service.quiet();

    const ledger = await service.store().readStream(episodeStream(episodeId));
    expect(ledger.map((event) => event.type)).toEqual(['EpisodeOpened']);
    expect(ledger[0]!.metadata).toMatchObject({
      causationId: admitted.eventId,
      correlationId: admitted.correlationId,
      clientId: admitted.data.clientId,
      siteId: SITE,
    });
    expect(ledger[0]!.data).toMatchObject({ episodeId, level: IOP, admissionId: admitted.data.admissionId, startDate: '2026-01-05' });
    expect(await typesIn(clientEpisodesStream(admitted.data.clientId))).toEqual(['EpisodeStarted']);
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);

    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.status).toBe(200);
    expect(plan.body.plan).toMatchObject({ status: 'draft', planId: episodeId, episodeId, clientId: admitted.data.clientId, level: IOP });
  });

  it('opens a readmission as a new episode linked to the one before, once the first was discharged', async () => {
    const { admitted, episodeId } = await admit();
    const discharged = await http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-1', date: '2026-01-09', lateEntryReason: 'documented-late' });
    expect(discharged.status).toBe(201);

    const readmission = await admit({ clientId: admitted.data.clientId, startDate: '2026-01-12' });
    const episode = await http().get(`/api/v1/episodes/${readmission.episodeId}`).set(as(clinician));
    expect(episode.body.episode).toMatchObject({ status: 'open', previousEpisodeId: episodeId });
  });
});

describe('the ledger over HTTP', () => {
  it('steps up from the level the client is at, with reason and evidence, and the plan follows', async () => {
    const { episodeId } = await admit();
    const response = await http()
      .post(`/api/v1/episodes/${episodeId}/level-changes`)
      .set(as(clinician))
      .send({
        from: IOP,
        to: PHP,
        reason: { code: 'relapse' },
        evidence: [{ kind: 'drug-test', id: 'test-1' }],
        effectiveDate: '2026-01-08',
        lateEntryReason: 'documented-late',
      });
    expect(response.status).toBe(201);
    expect(response.body.level).toEqual(PHP);
    expect(response.body.events.map((event: { type: string }) => event.type)).toEqual(['LevelOfCareChanged', 'PlanLevelUpdated']);

    const episode = await http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician));
    expect(episode.body.timeline.map((segment: { level: { code: string } }) => segment.level.code)).toEqual(['2.1', '2.5']);
    expect(episode.body.timeline[1].began).toMatchObject({ kind: 'level-changed', direction: 'step-up' });
    expect(episode.body.authorizationVariance).toEqual([{ kind: 'no-authorization' }]);
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan.level).toEqual(PHP);
  });

  it('refuses a change from a level the client is not at (422), writing nothing', async () => {
    const { episodeId } = await admit();
    const { response } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`/api/v1/episodes/${episodeId}/level-changes`)
          .set(as(clinician))
          .send({
            from: PHP,
            to: { edition: 3, code: '1' },
            reason: { code: 'clinical-progress' },
            evidence: [{ kind: 'review', id: 'review-1' }],
          }),
      422,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toMatch(/the client is at 2\.1 \(IOP, 3rd ed\.\), not 2\.5/);
    expect(await typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened']);
  });

  it('refuses malformed input (400) naming each problem, writing nothing', async () => {
    const { episodeId } = await admit();
    const { response } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`/api/v1/episodes/${episodeId}/level-changes`)
          .set(as(clinician))
          .send({
            from: IOP,
            to: { edition: 5, code: '2.5' },
            reason: { code: 'felt-like-it' },
            evidence: 'drug test',
            note: 'she used again',
          }),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['to.edition', 'reason.code', 'evidence', 'note']));
    expect(JSON.stringify(response.body)).not.toContain('she used again');
    expect(await typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened']);
  });

  it('refuses a clinician of another site (403), and lets an auditor read but not write', async () => {
    const { episodeId } = await admit();
    const change = { from: IOP, to: PHP, reason: { code: 'relapse' }, evidence: [{ kind: 'drug-test', id: 'test-1' }] };
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/episodes/${episodeId}/level-changes`).set(as(clinicianElsewhere)).send(change),
      403,
    );
    await refusedWritingNothing(service, () => http().get(`/api/v1/plans/${episodeId}`).set(as(clinicianElsewhere)), 403);
    expect((await http().get(`/api/v1/episodes/${episodeId}`).set(as(auditor))).status).toBe(200);
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/episodes/${episodeId}/level-changes`).set(as(auditor)).send(change),
      403,
    );
    expect(await typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened']);
  });

  it('keeps the payer authorisation apart from the clinical level and shows the variance', async () => {
    const { episodeId } = await admit();
    const response = await http()
      .post(`/api/v1/episodes/${episodeId}/authorizations`)
      .set(as(clinician))
      .send({
        level: { edition: 3, code: '1' },
        amount: { quantity: 20, unit: 'days' },
        throughDate: '2026-01-31',
        payerReference: 'payer-auth-1',
      });
    expect(response.status).toBe(201);
    const episode = await http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician));
    expect(episode.body.episode.level).toEqual(IOP);
    expect(episode.body.authorizationVariance).toEqual([
      { kind: 'level-differs', clinicalLevel: IOP, authorizedLevel: { edition: 3, code: '1' } },
    ]);
  });

  it('refuses a completed discharge before the client is ready (422), writing nothing, and accepts another disposition', async () => {
    const { admitted, episodeId } = await admit();
    const { response: completed } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`/api/v1/episodes/${episodeId}/discharge`)
          .set(as(clinician))
          .send({ disposition: 'completed', dischargeSummaryRef: 'summary-2' }),
      422,
    );
    expect(completed.body.detail).toMatch(/does not meet the criteria for a completed discharge/);
    expect(await typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened']);

    const administrative = await http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'administrative', dischargeSummaryRef: 'summary-2' });
    expect(administrative.status).toBe(201);
    expect(administrative.body.events.map((event: { type: string }) => event.type)).toEqual(['EpisodeDischarged', 'PlanClosed']);
    expect(await typesIn(clientEpisodesStream(admitted.data.clientId))).toEqual(['EpisodeStarted', 'EpisodeEnded']);
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, appending nothing', async () => {
    const { episodeId } = await admit();
    const change = { from: IOP, to: PHP, reason: { code: 'relapse' }, evidence: [{ kind: 'drug-test', id: 'test-1' }] };
    const first = await http()
      .post(`/api/v1/episodes/${episodeId}/level-changes`)
      .set(as(clinician))
      .set('Idempotency-Key', 'step-up-1')
      .send(change);
    const retry = await http()
      .post(`/api/v1/episodes/${episodeId}/level-changes`)
      .set(as(clinician))
      .set('Idempotency-Key', 'step-up-1')
      .send(change);
    expect(retry.status).toBe(201);
    expect(retry.body.events).toEqual(first.body.events);
    expect(await typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened', 'LevelOfCareChanged']);
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged', 'PlanLevelUpdated']);
  });

  it("moves the episode and its plan to another site: the new site's staff take over, the old site's lose access", async () => {
    const { episodeId } = await admit();
    const transfer = await http()
      .post(`/api/v1/episodes/${episodeId}/site-transfers`)
      .set(as(clinician))
      .send({
        toSiteId: OTHER_SITE,
        reason: { code: 'client-relocated' },
        effectiveDate: '2026-01-10',
        lateEntryReason: 'documented-late',
      });
    expect(transfer.status).toBe(201);
    expect(transfer.body.events.map((event: { type: string }) => event.type)).toEqual(['SiteTransferred', 'PlanSiteUpdated']);
    // The team moves with the episode; its site-north members read nothing at site-south, and
    // site-south's clinician reads once that site's clinical supervisor seats them on the team.
    await refusedWritingNothing(service, () => http().get(`/api/v1/plans/${episodeId}`).set(as(clinicianElsewhere)), 403);
    await service.assignCareTeam(episodeId, OTHER_SITE, [{ userId: 'clinician-9', teamRole: 'clinician' }]);
    expect((await http().get(`/api/v1/plans/${episodeId}`).set(as(clinicianElsewhere))).body.plan.siteId).toBe(OTHER_SITE);
    await refusedWritingNothing(service, () => http().get(`/api/v1/plans/${episodeId}`).set(as(clinician)), 403);
    await refusedWritingNothing(service, () => http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician)), 403);
  });
});

describe('after a crash between a ledger entry and its follow-ups', () => {
  const system = (eventId: string): CommandCause => ({
    kind: 'event',
    eventId,
    correlationId: 'crash-test',
    idempotencyKey: `crash-${eventId}`,
  });
  // A history written before the steps were atomic, or by a process that died between them: the ledger entry alone.
  const ledgerEntryAlone = (step: AnyCommandStep, now = service.clock.now()) =>
    runCommands({ store: service.app.get<EventStore>(EVENT_STORE), now, steps: [step] });

  it("brings the plan to the new level when it hears the ledger's LevelOfCareChanged back from the bus", async () => {
    const { episodeId } = await admit();
    await ledgerEntryAlone(
      service.app.get(EpisodeLedger).changeLevelStep(
        episodeId,
        {
          from: IOP,
          to: PHP,
          reason: { code: 'relapse' },
          evidence: [{ kind: 'drug-test', id: 'test-1' }],
          effectiveDate: '2026-01-08',
          lateEntryReason: 'documented-late',
        },
        system(episodeId),
      ),
    );
    await eventually(
      async () => ((await typesIn(planStream(episodeId))).includes('PlanLevelUpdated') ? true : undefined),
      'the plan following the ledger',
    );
    const plan = await http().get(`/api/v1/plans/${episodeId}`).set(as(clinician));
    expect(plan.body.plan.level).toEqual(PHP);
  });

  it("ends the client's claim and closes the plan when it hears EpisodeDischarged, so the client can be admitted again", async () => {
    const { admitted, episodeId } = await admit();
    // Written three days before the service hears it back: the plan's closing is decided as of the discharge, not as a late entry today.
    await ledgerEntryAlone(
      service.app
        .get(EpisodeLedger)
        .dischargeStep(
          episodeId,
          { disposition: 'against-advice', dischargeSummaryRef: 'summary-3', date: '2026-01-09' },
          system(episodeId),
        ),
      new Date('2026-01-09T15:00:00.000Z'),
    );
    await eventually(async () => ((await typesIn(planStream(episodeId))).includes('PlanClosed') ? true : undefined), 'the plan closing');
    expect(await typesIn(clientEpisodesStream(admitted.data.clientId))).toEqual(['EpisodeStarted', 'EpisodeEnded']);
    const readmission = await admit({ clientId: admitted.data.clientId, startDate: '2026-01-12' });
    expect(await typesIn(episodeStream(readmission.episodeId))).toEqual(['EpisodeOpened']);
  });

  it('appends nothing twice when both the request and the reaction ran the follow-ups', async () => {
    const { admitted, episodeId } = await admit();
    await http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'administrative', dischargeSummaryRef: 'summary-4' });
    await service.quiet();
    expect(await typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged', 'PlanClosed']);
    expect(await typesIn(clientEpisodesStream(admitted.data.clientId))).toEqual(['EpisodeStarted', 'EpisodeEnded']);
  });
});
