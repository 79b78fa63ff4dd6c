import { positionFactsOf } from '@continuum/audit/integrity/store-positions.js';
import { verifyStore } from '@continuum/audit/integrity/verify-store.js';
import { describeWithPostgres, freshDatabase } from '@continuum/event-store-postgres/testing';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { planStream } from '@continuum/treatment-plan/domain/index.js';
import {
  type TreatmentPlanTestApp,
  bearer,
  startTreatmentPlanTestApp,
  tokenFor,
} from '@continuum/treatment-plan/testing/treatment-plan-app.js';

// treatment-plan built as main.ts builds it, with EVENT_STORE_URL naming a PostgreSQL database:
// the commands append there, the projections and the relay follow it, a refusal writes nothing,
// and the audit's whole-store check verifies what it holds. POSTGRES_URL is the server
// (.ci/run starts one); under CI=true a missing URL fails, elsewhere the suite is skipped.

describeWithPostgres('treatment-plan on the PostgreSQL event store (needs POSTGRES_URL)', (serverUrl) => {
  let database: { url: string; drop(): Promise<void> };
  let service: TreatmentPlanTestApp;
  let clinician: string;

  beforeAll(async () => {
    database = await freshDatabase(serverUrl);
    service = await startTreatmentPlanTestApp('postgres-store-e2e', {
      now: new Date('2026-01-12T09:00:00.000Z'),
      careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
      env: { EVENT_STORE_URL: database.url },
    });
    clinician = await tokenFor('clinician', ['site-north'], 'clinician-7');
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('opens the episode from the bus, drafts the plan in PostgreSQL and answers it from the projection', async () => {
    const { episodeId } = await service.admit();
    await service.quiet();

    expect(await service.typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);
    const plan = await service.http().get(`/api/v1/plans/${episodeId}`).set(bearer(clinician));
    expect(plan.status).toBe(200);
    expect(plan.body.plan).toMatchObject({ status: 'draft', planId: episodeId });

    const ready = await service.http().get('/health/ready');
    expect(ready.body.checks).toMatchObject({
      'event-store': { status: 'up', details: { headPosition: await service.store().headPosition() } },
      relay: { status: 'up', details: { eventsBehind: 0 } },
      projections: { status: 'up' },
    });
    expect(ready.body.checks.relay.details.position).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a goal for a problem the plan does not have (422), writing nothing', async () => {
    const { episodeId } = await service.admit();
    await service.quiet();
    const snapshot = await flushedSnapshot(service);

    const refused = await service
      .http()
      .post(`/api/v1/plans/${episodeId}/goals`)
      .set(bearer(clinician))
      .send({ problemId: 'no-such-problem', code: 'abstinence', targetDate: '2026-03-31' });

    expect(refused.status).toBe(422);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  }, 60_000);

  it("passes the audit's whole-store check", async () => {
    const report = await verifyStore(service.store(), positionFactsOf(database.url));
    expect(report).toMatchObject({ ok: true, findingsTotal: 0, headPosition: await service.store().headPosition() });
    expect(report.eventsChecked).toBe(report.headPosition);
  }, 60_000);
});
