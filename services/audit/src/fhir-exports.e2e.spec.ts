import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ConsentForm } from '@continuum/consent';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { form2024 } from './domain/testing/consent-forms.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from './testing/audit-app.js';

// A FHIR export to a recipient outside the network, over HTTP: decided by the disclosure gateway
// over the client's consents and restrictions as intake's streams hold them, recorded as a
// disclosure in the export's own stream before the bundle is handed over, held awaiting consent
// and retried, or refused with nothing written anywhere (not even an access-log entry). Then
// the accounting lists the export with its legal basis. The store is written here as intake
// would have written it (a service may not import another service).

let folder: string;
let audit: AuditTestApp;
const SITE = 'site-north';
const coordinator = { userId: 'coordinator-1', role: 'coordinator' };
const http = () => audit.http();
const admin = () => bearerFor('site-admin', [SITE], 'admin-north');
const treating = { recipientId: 'eastside-psychiatry', kind: 'provider', treatingRelationship: true };
const exportTo = (clientId: string, body: object) => http().post(`/api/v1/clients/${clientId}/fhir-exports`).send(body);
const TREATMENT_EXPORT = { recipient: treating, purpose: 'TREAT', basis: 'consent' };

async function intakeRecords(clientId: string, events: Array<{ type: string; data: object }>) {
  await audit.store().appendToStream(
    `intake-client-${clientId}`,
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        schemaVersion: 1,
        clientId,
        siteId: SITE,
        actor: coordinator,
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: randomUUID(),
      },
    })),
    { expectedRevision: 'any' },
  );
}

const registered = (clientId: string) => ({
  type: 'ClientRegistered',
  data: {
    clientId,
    siteId: SITE,
    person: { givenName: 'Synthetic', familyName: 'Client' },
    possibleDuplicateOf: [],
    registeredAt: '2026-03-01T09:00:00.000Z',
  },
});
const consented = (clientId: string, changes: Partial<ConsentForm> = {}) => ({
  type: 'ConsentGranted',
  data: { clientId, consent: form2024({ clientId, signedOn: '2026-03-01', ...changes }), grantedAt: '2026-03-01T09:30:00.000Z' },
});

async function newClient(...records: Array<(clientId: string) => { type: string; data: object }>) {
  const clientId = randomUUID();
  await intakeRecords(clientId, [registered(clientId), ...records.map((record) => record(clientId))]);
  return clientId;
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-fhir-exports-'));
  audit = await startAuditTestApp(`sqlite:${path.join(folder, 'events.db')}`);
});
afterAll(async () => {
  await audit.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a FHIR export to an outside recipient', () => {
  it('under a covering consent records the disclosure in its own stream, then hands over the bundle; the read is access-logged', async () => {
    const clientId = await newClient((id) => consented(id));
    const snapshot = await flushedSnapshot(audit);
    const response = await exportTo(clientId, TREATMENT_EXPORT).set(await admin());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'disclosed', replayed: false });
    expect(response.body.bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(response.body.bundle.entry.map((entry: { resource: { resourceType: string } }) => entry.resource.resourceType)).toContain(
      'Consent',
    );

    const written = await appendedSinceFlushed(audit, snapshot);
    const disclosure = written.find((event) => event.type === 'DisclosureRecorded')!;
    expect(disclosure).toMatchObject({
      streamId: `fhir-export-${response.body.exportId}`,
      metadata: { clientId, siteId: SITE, actor: { userId: 'admin-north', role: 'site-admin' } },
      data: {
        disclosureId: response.body.disclosureId,
        recipient: { recipientId: 'eastside-psychiatry', kind: 'provider' },
        purpose: 'TREAT',
        categories: ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'],
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-tpo' },
        carriedBy: { kind: 'fhir-export', id: response.body.exportId },
        siteId: SITE,
      },
    });
    expect(written.find((event) => event.type === 'ClientRecordAccessed')).toMatchObject({
      data: { clientId, what: { method: 'POST', resourceKind: 'audit-fhir-export-disclosure' } },
    });

    const accounting = await http()
      .get(`/api/v1/clients/${clientId}/disclosures`)
      .set(await bearerFor('auditor'));
    expect(accounting.body.part2.disclosures).toEqual([
      expect.objectContaining({
        disclosureId: response.body.disclosureId,
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-tpo' },
        carriedBy: { kind: 'fhir-export', id: response.body.exportId },
      }),
    ]);
  });

  it('without a consent is recorded as awaiting consent (202, with reasons); a retry still without one writes nothing; with one it goes out', async () => {
    const clientId = await newClient();
    const held = await exportTo(clientId, TREATMENT_EXPORT).set(await admin());
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({
      status: 'awaiting-consent',
      reasons: [{ code: 'no-consent', citation: '42 CFR 2.33(a)' }, { code: 'ask-for-consent' }],
    });
    expect(held.body).not.toHaveProperty('bundle');
    const stream = await audit.store().readStream(`fhir-export-${held.body.exportId}`);
    expect(stream.map((event) => event.type)).toEqual(['FhirExportAwaitingConsent']);

    const retry = () => http().post(`/api/v1/clients/${clientId}/fhir-exports/${held.body.exportId}/retry`);
    const before = await flushedSnapshot(audit);
    const still = await retry().set(await admin());
    expect(still.status).toBe(422);
    expect(still.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(still.body)).toMatch(/still awaits consent/);
    expect(await appendedSinceFlushed(audit, before)).toEqual([]);

    await intakeRecords(clientId, [consented(clientId)]);
    const sent = await retry().set(await admin());
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'disclosed', exportId: held.body.exportId });
    const after = await audit.store().readStream(`fhir-export-${held.body.exportId}`);
    expect(after.map((event) => event.type)).toEqual(['FhirExportAwaitingConsent', 'DisclosureRecorded']);
  });

  it('refuses, writing nothing anywhere: a subpoena alone, a restricted recipient, an incomplete emergency record', async () => {
    const restricted = (clientId: string) => ({
      type: 'RestrictionAgreed',
      data: {
        restrictionId: 'restriction-1',
        clientId,
        request: { kind: 'requested', scope: { recipientIds: ['eastside-psychiatry'] } },
        required: false,
        agreedAt: '2026-03-02T10:00:00.000Z',
      },
    });
    const clientId = await newClient((id) => consented(id), restricted);
    const cases: Array<[object, RegExp]> = [
      [
        {
          recipient: { recipientId: 'county-court', kind: 'court' },
          purpose: 'HLEGAL',
          basis: 'subpoena',
          subpoenaReference: 'subpoena-77',
        },
        /42 CFR 2\.61/,
      ],
      [TREATMENT_EXPORT, /42 CFR 2\.26/],
      [
        {
          ...TREATMENT_EXPORT,
          basis: 'medical-emergency',
          emergency: { recipientName: ' ', affiliation: 'County General ED', natureOfEmergency: 'overdose', consentObtainable: false },
        },
        /42 CFR 2\.51\(c\)/,
      ],
    ];
    for (const [body, citation] of cases) {
      const snapshot = await flushedSnapshot(audit);
      const refused = await exportTo(clientId, body).set(await admin());
      expect(refused.status).toBe(422);
      expect(JSON.stringify(refused.body)).toMatch(citation);
      expect(await appendedSinceFlushed(audit, snapshot)).toEqual([]);
    }
  });

  it('is for the site administrator of the client’s site only, and checks what it is given; every refusal writes nothing', async () => {
    const clientId = await newClient((id) => consented(id));
    const cases: Array<[number, () => Promise<{ status: number }>]> = [
      [403, async () => exportTo(clientId, TREATMENT_EXPORT).set(await bearerFor('auditor'))],
      [403, async () => exportTo(clientId, TREATMENT_EXPORT).set(await bearerFor('site-admin', ['site-south']))],
      [404, async () => exportTo(randomUUID(), TREATMENT_EXPORT).set(await admin())],
      [400, async () => exportTo(clientId, { ...TREATMENT_EXPORT, purpose: 'treatment' }).set(await admin())],
      [400, async () => exportTo(clientId, { ...TREATMENT_EXPORT, basis: 'court-order' }).set(await admin())],
      [
        404,
        async () =>
          http()
            .post(`/api/v1/clients/${clientId}/fhir-exports/${randomUUID()}/retry`)
            .set(await admin()),
      ],
    ];
    for (const [status, send] of cases) {
      const snapshot = await flushedSnapshot(audit);
      expect((await send()).status).toBe(status);
      expect(await appendedSinceFlushed(audit, snapshot)).toEqual([]);
    }
  });
});

describe('the accounting of disclosures over HTTP', () => {
  it('takes a shorter period the client chose, and refuses one that is not a day or starts after the request, writing nothing', async () => {
    const clientId = await newClient((id) => consented(id));
    const auditor = await bearerFor('auditor');
    const shorter = await http()
      .get(`/api/v1/clients/${clientId}/disclosures`)
      .query({ asOf: '2026-06-15T12:00:00Z', from: '2026-01-01' })
      .set(auditor);
    expect(shorter.status).toBe(200);
    expect(shorter.body).toMatchObject({
      from: '2026-01-01',
      part2: { citation: '42 CFR 2.25', period: { from: '2026-01-01T00:00:00.000Z', to: '2026-06-15T12:00:00.000Z' } },
      hipaa: { citation: '45 CFR 164.528(b)(1)', period: { from: '2026-01-01T00:00:00.000Z' } },
    });
    for (const from of ['last spring', '2026-06-16']) {
      const snapshot = await flushedSnapshot(audit);
      const refused = await http()
        .get(`/api/v1/clients/${clientId}/disclosures`)
        .query({ asOf: '2026-06-15T12:00:00Z', from })
        .set(auditor);
      expect(refused.status).toBe(400);
      expect(await appendedSinceFlushed(audit, snapshot)).toEqual([]);
    }
  });
});
