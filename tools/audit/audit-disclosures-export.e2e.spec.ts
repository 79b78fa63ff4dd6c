import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventStore, type RecordedEvent } from '@continuum/event-store';
import { runTs } from '@continuum/testing';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import {
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  exampleReferralConsent,
  exampleRegistration,
  exampleTreatmentConsent,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp, bearer, inDays, startIntakeTestApp, today, tokenFor } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { planStream } from '@continuum/treatment-plan/domain/index.js';
import { type TreatmentPlanTestApp, eventually, startTreatmentPlanTestApp } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type DualDiagnosisTestApp, startDualDiagnosisTestApp } from '@continuum/dual-diagnosis/testing/dual-diagnosis-app.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from '@continuum/audit/testing/audit-app.js';
import { clientEvents } from '@continuum/audit/application/client-events.js';
import { ClientIndex } from '@continuum/audit/client-index/client-index.js';
import { fullScanOf } from '@continuum/audit/client-index/testing/full-scan.js';
import { invalidInBundle } from './testing/fhir-validator.js';
import { EVENT_STORES } from '../adapters.js';

// The accounting of disclosures and the FHIR export on a history the services produced
// (one event store, the embedded bus): intake admits a client whose PC-PTSD-5 is positive,
// treatment-plan opens the episode and a clinician steps the level up, dual-diagnosis opens
// the trauma referral, which waits for the client's Part 2 consent naming the external
// clinic, is then sent with a disclosure, accepted, scheduled and completed, and
// treatment-plan adds the integrated-care goal. The auditor then asks the audit service and
// the CLI; every resource of the export must pass a maintained FHIR R4 validator.

const SITE = 'site-north';
const IOP = { edition: 3, code: '2.1' };
const PHP = { edition: 3, code: '2.5' };
const TRAUMA_CLINIC = {
  providerId: 'riverside-trauma',
  siteId: SITE,
  name: 'Riverside Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 4,
};
const pcPtsd5Positive = { instrument: 'PC-PTSD-5', exposure: true, items: [true, true, true, true, false] };
const CLI = fileURLToPath(new URL('./continuum-audit.ts', import.meta.url));

let intake: IntakeTestApp;
let plan: TreatmentPlanTestApp;
let dualDiagnosis: DualDiagnosisTestApp;
let audit: AuditTestApp;
let storeUrl: string;
let clientId: string;
let episodeId: string;
let referralId: string;
let consentId: string;
let treatmentConsentId: string;

beforeAll(async () => {
  intake = await startIntakeTestApp('audit-exports');
  plan = await startTreatmentPlanTestApp('audit-exports', { folder: intake.folder });
  dualDiagnosis = await startDualDiagnosisTestApp('audit-exports', { folder: intake.folder });
  const coordinator = bearer(await tokenFor('intake-coordinator', [SITE]));
  const clinician = bearer(await tokenFor('clinician', [SITE], 'clinician-7'));
  const caseManager = bearer(await tokenFor('case-manager', [SITE], 'case-manager-2'));
  const admin = bearer(await tokenFor('site-admin', [SITE]));
  const ok = (response: { status: number; body: unknown }) => {
    if (response.status >= 300) throw new Error(`the journey failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  };

  ok(await dualDiagnosis.http().post('/api/v1/providers').set(admin).send(TRAUMA_CLINIC));
  clientId = ok(await intake.http().post('/api/v1/clients').set(coordinator).send(exampleRegistration(SITE))).clientId as string;
  treatmentConsentId = ok(
    await intake.http().post(`/api/v1/clients/${clientId}/consents`).set(coordinator).send(exampleTreatmentConsent(today())),
  ).consentId as string;
  ok(await intake.http().post(`/api/v1/clients/${clientId}/screenings`).set(clinician).send(pcPtsd5Positive));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/screenings`).set(clinician).send(exampleCssrsNegative));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/assessments`).set(clinician).send(exampleAssessmentForIop));
  ok(await intake.http().post(`/api/v1/clients/${clientId}/placement`).set(clinician).send({ level: IOP }));
  const admitted = ok(
    await intake.http().post(`/api/v1/clients/${clientId}/admissions`).set(coordinator).send(exampleAdmission(SITE, today())),
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
      .send({ level: IOP, amount: { quantity: 30, unit: 'days' }, throughDate: inDays(30), payerReference: 'payer-auth-1' }),
  );
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

  type Row = { referralId: string; clientId: string; conditionCode: string };
  referralId = (
    await eventually(
      async () => {
        await dualDiagnosis.settled();
        const open = await dualDiagnosis.http().get(`/api/v1/sites/${SITE}/referrals`).set(clinician);
        return ((open.body.items ?? []) as Row[]).find((row) => row.clientId === clientId && row.conditionCode === 'ptsd');
      },
      'the trauma referral',
      30_000,
    )
  ).referralId;
  const referral = `/api/v1/referrals/${referralId}`;
  ok(await dualDiagnosis.http().post(`${referral}/provider`).set(clinician).send({ providerId: TRAUMA_CLINIC.providerId }));
  ok(await dualDiagnosis.http().post(`${referral}/sending`).set(clinician));
  consentId = ok(
    await intake
      .http()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(coordinator)
      .send({ ...exampleReferralConsent(today(), TRAUMA_CLINIC), expiry: { kind: 'date', expiresOn: inDays(365) } }),
  ).consentId as string;
  await eventually(
    async () => ((await dualDiagnosis.http().get(referral).set(clinician)).body.status === 'sent' ? true : undefined),
    'the referral to be sent under the consent',
    30_000,
  );
  ok(await dualDiagnosis.http().post(`${referral}/acceptance`).set(clinician));
  ok(
    await dualDiagnosis
      .http()
      .post(`${referral}/appointment`)
      .set(clinician)
      .send({ appointmentDate: inDays(7) }),
  );
  ok(
    await dualDiagnosis
      .http()
      .post(`${referral}/completion`)
      .set(clinician)
      .send({ conditionConfirmed: true, recommendationCodes: ['emdr-weekly'] }),
  );
  await eventually(
    async () => ((await plan.typesIn(planStream(episodeId))).includes('IntegratedCareGoalAdded') ? true : undefined),
    'the integrated-care goal',
    30_000,
  );
  ok(
    await intake
      .http()
      .post(`/api/v1/consents/${treatmentConsentId}/revocation`)
      .set(coordinator)
      .send({ revokedOn: today(), receivedVia: 'letter' }),
  );

  storeUrl = `sqlite:${path.join(intake.folder, 'events.db')}`;
  audit = await startAuditTestApp(storeUrl);
}, 120_000);

afterAll(async () => {
  await audit?.close();
  await dualDiagnosis?.close();
  await plan?.close();
  await intake?.close();
});

type Resource = { resourceType: string; id: string; [field: string]: unknown };

describe('an auditor accounts for disclosures and exports FHIR from a history the services produced', () => {
  it('lists the disclosure to the external clinic under the Part 2 consent, with date, recipient, what and purpose', async () => {
    const response = await audit
      .http()
      .get(`/api/v1/clients/${clientId}/disclosures`)
      .set(await bearerFor('auditor'));
    expect(response.status).toBe(200);
    const expected = {
      recipient: { recipientId: TRAUMA_CLINIC.providerId, kind: 'provider' },
      basis: expect.objectContaining({ kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId }),
      consentCopy: expect.objectContaining({ consentId }),
      purpose: 'TREAT',
      carriedBy: { kind: 'referral', id: referralId },
      information: ['dual-diagnosis-referral', 'condition:ptsd', 'specialty:trauma-therapy', 'urgency:routine'],
      // Sent by dual-diagnosis itself as soon as intake's consent arrived.
      disclosedBy: { userId: 'dual-diagnosis', role: 'system' },
      hasRedisclosureNotice: true,
    };
    expect(response.body.part2).toMatchObject({ citation: '42 CFR 2.25', period: { fromInclusive: true, toInclusive: true } });
    expect(response.body.part2.disclosures).toEqual([expect.objectContaining(expected)]);
    expect(response.body.hipaa.disclosures).toEqual([expect.objectContaining(expected)]);

    const before = await audit
      .http()
      .get(`/api/v1/clients/${clientId}/disclosures`)
      .query({ asOf: '2020-01-01T00:00:00Z' })
      .set(await bearerFor('auditor'));
    expect(before.body).toMatchObject({ part2: { disclosures: [] }, hipaa: { disclosures: [] }, lastEventUsed: null });
  });

  it('refuses an accounting as of something that is not an instant, saying how to write it', async () => {
    const auditor = await bearerFor('auditor');
    const { response } = await refusedWritingNothing(
      audit,
      () => audit.http().get(`/api/v1/clients/${clientId}/disclosures`).query({ asOf: 'yesterday' }).set(auditor),
      400,
    );
    expect(JSON.stringify(response.body)).toMatch(/asOf must be an ISO 8601 instant/);
  });

  it('answers 404 for a client the store does not know and 403 to a site administrator of another site, on both', async () => {
    for (const route of ['disclosures', 'fhir']) {
      const snapshot = await flushedSnapshot(audit);
      const unknown = await audit
        .http()
        .get(`/api/v1/clients/00000000-0000-4000-8000-000000000000/${route}`)
        .set(await bearerFor('auditor'));
      expect(unknown.status).toBe(404);
      const elsewhere = await audit
        .http()
        .get(`/api/v1/clients/${clientId}/${route}`)
        .set(await bearerFor('site-admin', ['site-south']));
      expect(elsewhere.status).toBe(403);
      // Neither refusal is a read of the client's record: not even an access-log entry.
      expect(await appendedSinceFlushed(audit, snapshot)).toEqual([]);
      expect(
        (
          await audit
            .http()
            .get(`/api/v1/clients/${clientId}/${route}`)
            .set(await bearerFor('site-admin', [SITE]))
        ).status,
      ).toBe(200);
    }
  });

  it('exports a FHIR R4 Bundle whose every resource the validator accepts, and which it refuses once a resource is broken', async () => {
    // An auditor's read is in the access log, and the access log in the export, as AuditEvents.
    expect(
      (
        await audit
          .http()
          .get(`/api/v1/clients/${clientId}/history`)
          .set(await bearerFor('auditor'))
      ).status,
    ).toBe(200);
    await audit.flushAccessLog();
    const response = await audit
      .http()
      .get(`/api/v1/clients/${clientId}/fhir`)
      .set(await bearerFor('auditor'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = response.body as { resourceType: string; type: string; entry: Array<{ resource: Resource }> };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const kinds = new Set(bundle.entry.map((entry) => entry.resource.resourceType));
    for (const kind of ['Patient', 'EpisodeOfCare', 'CarePlan', 'Goal', 'ServiceRequest', 'Task', 'Consent', 'Provenance', 'AuditEvent'])
      expect(kinds).toContain(kind);
    const auditorReads = bundle.entry
      .map((entry) => entry.resource)
      .filter((resource) => resource.resourceType === 'AuditEvent' && JSON.stringify(resource.agent).includes('"auditor"'));
    expect(auditorReads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: expect.objectContaining({ code: 'access-log' }),
          entity: expect.arrayContaining([
            expect.objectContaining({
              what: { reference: `Patient/${clientId}` },
              description: 'audit-history GET /api/v1/clients/:clientId/history',
            }),
          ]),
        }),
      ]),
    );
    expect(invalidInBundle(bundle)).toEqual([]);

    const broken = structuredClone(bundle);
    const task = broken.entry.find((entry) => entry.resource.resourceType === 'Task')!.resource;
    task.status = 'sent-somewhere';
    delete task.intent;
    expect(invalidInBundle(broken)).toEqual(expect.arrayContaining([expect.objectContaining({ resourceType: 'Task' })]));
  });

  it('shows in the export the episode stepped up to PHP, the referral completed under the consent, the revoked consent inactive, and who did each', async () => {
    const bundle = (
      await audit
        .http()
        .get(`/api/v1/clients/${clientId}/fhir`)
        .set(await bearerFor('auditor'))
    ).body as { entry: Array<{ resource: Resource }> };
    const find = (type: string, id: string) =>
      bundle.entry.map((entry) => entry.resource).find((resource) => resource.resourceType === type && resource.id === id);
    expect(find('EpisodeOfCare', episodeId)).toMatchObject({ status: 'active', type: [{ coding: [{ code: '2.5' }] }] });
    expect(JSON.stringify(find('EpisodeOfCare', episodeId)!.extension)).toContain('step-up');
    expect(find('Task', referralId)).toMatchObject({
      status: 'completed',
      owner: { identifier: { value: TRAUMA_CLINIC.providerId } },
      input: expect.arrayContaining([expect.objectContaining({ valueReference: { reference: `Consent/${consentId}` } })]),
    });
    expect(find('ServiceRequest', referralId)).toMatchObject({ status: 'completed', code: { coding: [{ code: 'trauma-therapy' }] } });
    expect(find('Consent', consentId)).toMatchObject({ status: 'active' });
    expect(find('Consent', treatmentConsentId)).toMatchObject({ status: 'inactive' });
    const goals = bundle.entry.map((entry) => entry.resource).filter((resource) => resource.resourceType === 'Goal');
    expect(JSON.stringify(goals)).toContain('emdr-weekly');
    const stepUp = bundle.entry
      .map((entry) => entry.resource)
      .find((resource) => resource.resourceType === 'Provenance' && JSON.stringify(resource.activity).includes('LevelOfCareChanged'));
    expect(stepUp).toMatchObject({
      target: [{ reference: `EpisodeOfCare/${episodeId}` }],
      agent: [{ who: { identifier: { value: 'clinician-7' } } }],
      reason: [{ coding: [{ code: 'relapse' }] }],
    });
    // Intake's consent forms name the client and the clinic's staff; the export carries ids and codes only.
    expect(JSON.stringify(bundle)).not.toMatch(/Alex Example|Riverside Trauma Clinic/);
  });

  it('finds through the client index exactly the events a read of the whole log finds about the client, across the three services and the access logs', async () => {
    // Reads logged by the services and the auditor are part of the history to find.
    expect(
      (
        await audit
          .http()
          .get(`/api/v1/clients/${clientId}/timeline`)
          .set(await bearerFor('auditor'))
      ).status,
    ).toBe(200);
    await audit.flushAccessLog();
    const store = await openEventStore(storeUrl, EVENT_STORES);
    const index = ClientIndex.open(store, path.join(intake.folder, 'fresh-client-index.db'));
    try {
      const found: RecordedEvent[] = [];
      let upTo = 0;
      for await (const event of clientEvents(index, clientId, { onFinished: (progress) => (upTo = progress.headPosition) }))
        found.push(event);
      // The services' access logs may append while the spec reads: compare up to where the index read.
      const scanned = (await fullScanOf(store, clientId)).filter((event) => event.position <= upTo);
      expect(found.map((event) => event.eventId)).toEqual(scanned.map((event) => event.eventId));
      expect(found).toEqual(scanned);
      const services = new Set(found.map((event) => event.streamId.split('-')[0]));
      for (const prefix of ['intake', 'care', 'treatment', 'referral', 'access']) expect(services).toContain(prefix);

      // The service answers through its own index: the same events, up to where it read.
      const history = (
        await audit
          .http()
          .get(`/api/v1/clients/${clientId}/history`)
          .set(await bearerFor('auditor'))
      ).body.events as Array<{ position: number; eventId: string }>;
      const answeredUpTo = history.at(-1)!.position;
      expect(history.map((entry) => entry.eventId)).toEqual(
        (await fullScanOf(store, clientId)).filter((event) => event.position <= answeredUpTo).map((event) => event.eventId),
      );
    } finally {
      await index.close();
      await store.close();
    }
  });

  it('writes the same export from the CLI, resource by resource, into a file the validator accepts', async () => {
    const out = path.join(intake.folder, 'export.json');
    const run = await runTs(CLI, ['export', clientId, '--out', out, '--store', storeUrl], {
      env: { ...process.env, EVENT_STORE_URL: '', DATA_DIR: intake.folder },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toMatch(/exported \d+ FHIR resources to /);
    expect(run.code).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { resourceType: string; entry: Array<{ resource: Resource }> };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.filter((entry) => entry.resource.resourceType === 'Task').map((entry) => entry.resource.id)).toEqual([referralId]);
    expect(invalidInBundle(bundle)).toEqual([]);

    const disclosures = await runTs(CLI, ['disclosures', clientId, '--store', storeUrl], {
      env: { ...process.env, EVENT_STORE_URL: '', DATA_DIR: intake.folder },
      timeoutMs: 60_000,
    });
    expect(disclosures.code).toBe(0);
    expect(disclosures.stdout).toMatch(
      new RegExp(
        `Part 2: disclosures of the 3 years before the request \\(42 CFR 2\\.25\\), from .*, both inclusive: 1\\n .* to ${TRAUMA_CLINIC.providerId} \\(provider\\) {2}purpose TREAT {2}basis consent ${consentId} \\(42 CFR 2\\.31, 2\\.33\\)`,
      ),
    );
  }, 90_000);
});
