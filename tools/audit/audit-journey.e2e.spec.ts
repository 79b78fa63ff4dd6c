import path from 'node:path';
import {
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRegistration,
  exampleTreatmentConsent,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp, bearer, startIntakeTestApp, today, tokenFor } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { planStream } from '@continuum/treatment-plan/domain/index.js';
import { type TreatmentPlanTestApp, eventually, startTreatmentPlanTestApp } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from '@continuum/audit/testing/audit-app.js';

// A history produced by the services themselves: a client walks through intake over its
// API, treatment-plan opens the episode from intake's ClientAdmitted (embedded bus, one
// event store), a clinician changes the level over treatment-plan's API; then the audit
// service, on the same store file, answers the auditor's questions about it.

const IOP = { edition: 3, code: '2.1' };
const PHP = { edition: 3, code: '2.5' };

let intake: IntakeTestApp;
let plan: TreatmentPlanTestApp;
let audit: AuditTestApp;
let clientId: string;
let episodeId: string;
/** An instant after the payer's authorisation and before the step-up. */
let beforeStepUp: string;

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeAll(async () => {
  intake = await startIntakeTestApp('audit-journey');
  plan = await startTreatmentPlanTestApp('audit-journey', { folder: intake.folder });
  const coordinator = bearer(await tokenFor('intake-coordinator', ['site-north']));
  const clinician = bearer(await tokenFor('clinician', ['site-north'], 'clinician-7'));
  const caseManager = bearer(await tokenFor('case-manager', ['site-north'], 'case-manager-2'));
  const ok = (response: { status: number; body: unknown }) => {
    if (response.status >= 300) throw new Error(`the journey failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  };

  clientId = ok(await intake.http().post('/api/v1/clients').set(coordinator).send(exampleRegistration('site-north'))).clientId as string;
  ok(await intake.http().post(`/api/v1/clients/${clientId}/consents`).set(coordinator).send(exampleTreatmentConsent(today())));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/screenings`).set(clinician).send(examplePhq9Of14));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/screenings`).set(clinician).send(exampleCssrsNegative));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/assessments`).set(clinician).send(exampleAssessmentForIop));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/placement`).set(clinician).send({ level: IOP }));
  const admitted = ok(
    await intake.http().post(`/api/v1/clients/${clientId}/admissions`).set(coordinator).send(exampleAdmission('site-north', today())),
  );
  episodeId = episodeIdForAdmission((admitted.admission as { admissionId: string }).admissionId);
  await eventually(
    async () => ((await plan.typesIn(planStream(episodeId))).includes('PlanDrafted') ? true : undefined),
    'treatment-plan to open the episode',
  );

  ok(
    await plan
      .http()
      .post(`/api/v1/episodes/${episodeId}/authorizations`)
      .set(caseManager)
      .send({ level: IOP, amount: { quantity: 30, unit: 'days' }, throughDate: today(), payerReference: 'payer-auth-1' }),
  );
  await pause();
  beforeStepUp = new Date().toISOString();
  await pause();
  ok(
    await plan
      .http()
      .post(`/api/v1/episodes/${episodeId}/level-changes`)
      .set(clinician)
      .send({
        from: IOP,
        to: PHP,
        reason: { code: 'relapse', reference: 'note-12' },
        evidence: [{ kind: 'drug-test', id: 'drug-test-3' }],
      }),
  );
  ok(
    await plan
      .http()
      .post(`/api/v1/episodes/${episodeId}/site-transfers`)
      .set(caseManager)
      .send({ toSiteId: 'site-south', reason: { code: 'client-relocated' } }),
  );

  audit = await startAuditTestApp(`sqlite:${path.join(intake.folder, 'events.db')}`);
}, 60_000);

afterAll(async () => {
  await audit?.close();
  await plan?.close();
  await intake?.close();
});

type Entry = {
  position: number;
  type: string;
  service: string;
  recordedAt: string;
  actor: { userId: string; role: string };
  siteId: string;
  reason?: { code: string };
  evidence: Array<{ kind: string; id: string }>;
};

describe('an auditor replays a history the services produced', () => {
  it("lists intake's and treatment-plan's events about the client in one global order, with who, where, why and on what evidence", async () => {
    const response = await audit
      .http()
      .get(`/api/v1/clients/${clientId}/history`)
      .set(await bearerFor('auditor'));
    expect(response.status).toBe(200);
    const events = response.body.events as Entry[];
    const types = events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'ClientRegistered',
        'ConsentGranted',
        'CoOccurringConditionIdentified',
        'ClientAdmitted',
        'EpisodeOpened',
        'PlanDrafted',
        'AuthorizedLevelRecorded',
        'LevelOfCareChanged',
        'SiteTransferred',
      ]),
    );
    expect(types.indexOf('ClientAdmitted')).toBeLessThan(types.indexOf('EpisodeOpened'));
    expect(events.map((event) => event.position)).toEqual([...events.map((event) => event.position)].sort((a, b) => a - b));
    expect(new Set(events.map((event) => event.service))).toEqual(new Set(['intake', 'treatment-plan']));
    expect(events.find((event) => event.type === 'LevelOfCareChanged')).toMatchObject({
      actor: { userId: 'clinician-7', role: 'clinician' },
      siteId: 'site-north',
      reason: { code: 'relapse', reference: 'note-12' },
      evidence: [{ kind: 'drug-test', id: 'drug-test-3' }],
    });
    expect(events.find((event) => event.type === 'CoOccurringConditionIdentified')!.evidence).toEqual([
      { kind: 'screening', id: expect.any(String) },
    ]);
  });

  it('shows the client as of before the step-up (IOP, authorised) and now (PHP at the new site, authorised for IOP), naming the last event used', async () => {
    const auditor = await bearerFor('auditor');
    // The auditor's reads above are in the history too (service `access`, each recorded before
    // its answer left); as-of passes over them, so the care events are what it names.
    const history = ((await audit.http().get(`/api/v1/clients/${clientId}/history`).set(auditor)).body.events as Entry[]).filter(
      (event) => event.service !== 'access',
    );
    const before = await audit.http().get(`/api/v1/clients/${clientId}/as-of`).query({ at: beforeStepUp }).set(auditor);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      levelOfCare: IOP,
      episode: { episodeId, status: 'open', siteId: 'site-north', authorizationVariance: [] },
    });
    const usedBefore = history.filter((event) => event.recordedAt <= beforeStepUp).at(-1)!;
    expect(before.body.lastEventUsed.position).toBe(usedBefore.position);
    expect(before.body.plan).toMatchObject({ id: episodeId });

    const now = await audit.http().get(`/api/v1/clients/${clientId}/as-of`).query({ at: new Date().toISOString() }).set(auditor);
    expect(now.body).toMatchObject({
      levelOfCare: PHP,
      episode: { siteId: 'site-south', authorizationVariance: [{ kind: 'level-differs', clinicalLevel: PHP, authorizedLevel: IOP }] },
    });
    expect(now.body.lastEventUsed.position).toBe(history.at(-1)!.position);
  });

  it('draws the level-of-care timeline of the episode: IOP, then PHP after the relapse, then PHP at the new site', async () => {
    const response = await audit
      .http()
      .get(`/api/v1/clients/${clientId}/timeline`)
      .set(await bearerFor('auditor'));
    expect(response.status).toBe(200);
    const [episode] = response.body.episodes;
    expect(episode.episodeId).toBe(episodeId);
    expect(
      episode.segments.map((segment: { level: { code: string }; siteId: string }) => `${segment.level.code}@${segment.siteId}`),
    ).toEqual(['2.1@site-north', '2.5@site-north', '2.5@site-south']);
    expect(episode.segments[1].began).toMatchObject({ kind: 'level-changed', direction: 'step-up', reason: { code: 'relapse' } });
    expect(episode.segments[0].authorizationVariance).toEqual([]);
    expect(episode.segments[2].authorizationVariance).toEqual([{ kind: 'level-differs', clinicalLevel: PHP, authorizedLevel: IOP }]);
  });

  it("finds every service's hash chains intact and the global order without gaps", async () => {
    const response = await audit
      .http()
      .get('/api/v1/integrity/verification')
      .set(await bearerFor('auditor'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, findingsTotal: 0 });
    expect(response.body.eventsChecked).toBe(response.body.headPosition);
  });
});
