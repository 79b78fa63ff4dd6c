import path from 'node:path';
import { AccessLog } from '@continuum/platform';
import { findPersonalData, personalDataOf } from '@continuum/testing';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { exampleRegistration } from '@continuum/intake/api/examples.js';
import { type IntakeTestApp, bearer, startIntakeTestApp, tokenFor } from '@continuum/intake/testing/intake-app.js';
import { eventually } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from '@continuum/audit/testing/audit-app.js';

// The access log end to end: a clinician reads a client's record at intake, an auditor reads
// the client's history at the audit service; both reads land, batched, in the event store and
// come back in the client's history, with who, role, site, what, when and why.

type Entry = {
  position: number;
  type: string;
  service: string;
  streamId: string;
  siteId: string;
  recordedAt: string;
  actor: { userId: string; role: string };
  reason?: { code: string };
  correlationId: string;
  data: {
    service: string;
    what: { method: string; route: string; resourceKind: string; resourceIds: Record<string, string> };
    purposeOfUse: string;
    accessedAt: string;
  };
};

let intake: IntakeTestApp;
let audit: AuditTestApp;
let clientId: string;

const historyOf = async (query: Record<string, string> = {}) => {
  const response = await audit
    .http()
    .get(`/api/v1/clients/${clientId}/history`)
    .query(query)
    .set(await bearerFor('auditor', [], 'auditor-3'));
  expect(response.status).toBe(200);
  return response.body.events as Entry[];
};

beforeAll(async () => {
  intake = await startIntakeTestApp('access-log');
  const coordinator = bearer(await tokenFor('intake-coordinator', ['site-north']));
  const registered = await intake.http().post('/api/v1/clients').set(coordinator).send(exampleRegistration('site-north'));
  expect(registered.status).toBe(201);
  clientId = registered.body.clientId;
  audit = await startAuditTestApp(`sqlite:${path.join(intake.folder, 'events.db')}`);
}, 60_000);

afterAll(async () => {
  await audit?.close();
  await intake?.close();
});

describe('the access log', () => {
  it("records a clinician's read of a client's intake record, and the auditor finds it in the client's history", async () => {
    const clinician = bearer(await tokenFor('clinician', ['site-north'], 'clinician-7'));
    const read = await intake.http().get(`/api/v1/clients/${clientId}`).set(clinician).set('X-Correlation-Id', 'ward-round-42');
    expect(read.status).toBe(200);

    // Nothing to trigger: intake's batch is written once its oldest record has waited long enough.
    const [access] = await eventually(async () => {
      const reads = await historyOf({ service: 'access' });
      return reads.some((entry) => entry.data.service === 'intake') ? reads.filter((entry) => entry.data.service === 'intake') : undefined;
    }, "intake's access log to reach the store");
    expect(access).toMatchObject({
      type: 'ClientRecordAccessed',
      service: 'access',
      streamId: expect.stringMatching(/^access-log-intake-\d{4}-\d{2}-\d{2}-[0-9a-f-]{36}$/),
      actor: { userId: 'clinician-7', role: 'clinician' },
      siteId: 'site-north',
      reason: { code: 'TREAT' },
      correlationId: 'ward-round-42',
      data: {
        what: { method: 'GET', route: '/api/v1/clients/:clientId', resourceKind: 'intake-record', resourceIds: { clientId } },
        purposeOfUse: 'TREAT',
      },
    });
    // In the same global order as the client's other events: after the registration it read.
    const all = await historyOf();
    const registration = all.filter((entry) => entry.service === 'intake');
    expect(registration.map((entry) => entry.type)).toContain('ClientRegistered');
    expect(registration.every((entry) => entry.position < access!.position)).toBe(true);
    // Ids and codes only: the record read held the client's name, birth date and contact; the log holds none of them.
    const personal = personalDataOf(registration);
    expect(personal.identities.map((found) => found.value)).toContain(exampleRegistration('site-north').person.dateOfBirth);
    expect(findPersonalData(access, personal)).toEqual([]);
  }, 30_000);

  it('records the purpose the reader states, and refuses one it does not know before reading anything', async () => {
    const caseManager = bearer(await tokenFor('case-manager', ['site-north'], 'case-manager-2'));
    const snapshot = await flushedSnapshot(intake);
    const unknown = await intake.http().get(`/api/v1/clients/${clientId}`).set(caseManager).set('X-Purpose-Of-Use', 'CURIOSITY');
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.errors).toEqual([{ field: 'X-Purpose-Of-Use', problem: expect.stringContaining('HPAYMT') }]);
    expect(unknown.body).not.toHaveProperty('person');
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);

    expect((await intake.http().get(`/api/v1/clients/${clientId}`).set(caseManager).set('X-Purpose-Of-Use', 'hpaymt')).status).toBe(200);
    await intake.app.get(AccessLog).flush();
    const reads = (await historyOf({ service: 'access' })).filter((entry) => entry.actor.userId === 'case-manager-2');
    expect(reads.map((entry) => entry.reason?.code)).toEqual(['HPAYMT']);
  });

  it("records the auditor's own reads too, at the client's site, for health compliance unless they say otherwise", async () => {
    await audit.flushAccessLog(); // the reads of the specs above
    const before = await historyOf();
    await audit
      .http()
      .get(`/api/v1/clients/${clientId}/timeline`)
      .set(await bearerFor('auditor', [], 'auditor-3'))
      .set('X-Purpose-Of-Use', 'HOPERAT');
    await audit.flushAccessLog();
    const auditorReads = (await historyOf()).filter((entry) => entry.position > before.at(-1)!.position);
    expect(auditorReads.map((entry) => [entry.type, entry.data.service, entry.data.what.resourceKind, entry.reason?.code])).toEqual([
      ['ClientRecordAccessed', 'audit', 'audit-history', 'HCOMPL'],
      ['ClientRecordAccessed', 'audit', 'level-timeline', 'HOPERAT'],
    ]);
    expect(auditorReads[0]).toMatchObject({
      actor: { userId: 'auditor-3', role: 'auditor' },
      siteId: 'site-north',
      data: { what: { method: 'GET', route: '/api/v1/clients/:clientId/history' } },
    });
  });

  it('writes the reads still waiting in memory when a service stops cleanly', async () => {
    const nurse = bearer(await tokenFor('nurse', ['site-north'], 'nurse-5'));
    expect((await intake.http().get(`/api/v1/clients/${clientId}`).set(nurse)).status).toBe(200);
    await intake.restart();
    const reads = (await historyOf({ service: 'access' })).filter((entry) => entry.actor.userId === 'nurse-5');
    expect(reads).toEqual([expect.objectContaining({ actor: { userId: 'nurse-5', role: 'nurse' }, siteId: 'site-north' })]);
  });

  it('leaves the client as of now, and the store, as the care events left them', async () => {
    const auditor = await bearerFor('auditor');
    const history = await historyOf();
    expect(history.at(-1)!.type).toBe('ClientRecordAccessed');
    const asOf = await audit.http().get(`/api/v1/clients/${clientId}/as-of`).query({ at: new Date().toISOString() }).set(auditor);
    expect(asOf.status).toBe(200);
    // The reads are in the history, not in the state they read.
    expect(asOf.body.lastEventUsed.position).toBe(history.filter((entry) => entry.service === 'intake').at(-1)!.position);
    expect(asOf.body.eventsUsed).toBe(history.filter((entry) => entry.service !== 'access').length);
    expect(asOf.body.siteId).toBe('site-north');
    await audit.flushAccessLog();
    const report = await audit.http().get('/api/v1/integrity/verification').set(auditor);
    expect(report.body).toMatchObject({ ok: true, findingsTotal: 0 });
    expect(report.body.eventsChecked).toBe(report.body.headPosition);
  });
});
