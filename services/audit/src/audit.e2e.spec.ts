import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEventStore } from '@continuum/event-store';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { syntheticClientId, writeSyntheticHistory } from './seeding/synthetic-history.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from './testing/audit-app.js';
import { sqliteEventStore } from '@continuum/event-store-sqlite';

// The audit service over HTTP on a store of synthetic clients written through the real
// ledger deciders. The journey produced through intake's own API is in
// tools/audit/audit-journey.e2e.spec.ts (a service may not import another service).

let folder: string;
let audit: AuditTestApp;
const client = syntheticClientId(0); // at site-north; relapses: IOP → residential → PHP → OP, discharged
const movedClient = syntheticClientId(1); // site-south, transferred to site-east
const http = () => audit.http();

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-e2e-'));
  const url = `sqlite:${path.join(folder, 'events.db')}`;
  const store = await openEventStore(url, [sqliteEventStore]);
  await writeSyntheticHistory(store, { to: 8, concurrency: 4 });
  await store.close();
  audit = await startAuditTestApp(url);
});
afterAll(async () => {
  await audit.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the audit service', () => {
  it("answers an auditor with the client's history across services, filtered by service and type", async () => {
    const auditor = await bearerFor('auditor');
    const all = await http().get(`/api/v1/clients/${client}/history`).set(auditor);
    expect(all.status).toBe(200);
    expect(all.body.siteId).toBe('site-north');
    expect(new Set(all.body.events.map((event: { service: string }) => event.service))).toEqual(
      new Set(['intake', 'treatment-plan', 'dual-diagnosis']),
    );
    const changes = await http().get(`/api/v1/clients/${client}/history?service=treatment-plan&type=LevelOfCareChanged`).set(auditor);
    expect(changes.body.events.map((event: { reason: { code: string } }) => event.reason.code)).toEqual([
      'relapse',
      'clinical-progress',
      'treatment-goals-met',
    ]);
    expect(changes.body.events[0]).toMatchObject({
      actor: { role: 'clinician' },
      evidence: [{ kind: 'drug-test', id: expect.any(String) }],
    });
  });

  it('answers as of an instant and names the last event used; the timeline shows the variance', async () => {
    const auditor = await bearerFor('auditor');
    // The auditor's reads above are in the history too (service `access`: each recorded before
    // its answer left); as-of passes over them, so the last care event is the one it names.
    const history = (
      (await http().get(`/api/v1/clients/${client}/history`).set(auditor)).body.events as Array<{
        type: string;
        service: string;
        recordedAt: string;
        eventId: string;
      }>
    ).filter((event) => event.service !== 'access');
    const answer = await http()
      .get(`/api/v1/clients/${client}/as-of`)
      .query({ at: history.at(-1)!.recordedAt })
      .set(auditor);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      levelOfCare: null,
      episode: { status: 'discharged', disposition: 'completed' },
      referrals: [{ status: 'completed' }],
    });
    expect(answer.body.lastEventUsed.eventId).toBe(history.at(-1)!.eventId);
    const timeline = await http().get(`/api/v1/clients/${client}/timeline`).set(auditor);
    expect(timeline.status).toBe(200);
    expect(timeline.body.episodes[0].segments.map((segment: { level: { code: string } }) => segment.level.code)).toEqual([
      '2.1',
      '3.5',
      '2.5',
      '1',
    ]);
    // Residential on an IOP authorisation, which ran out before the stay ended.
    expect(timeline.body.episodes[0].segments[1].authorizationVariance).toEqual([
      { kind: 'level-differs', clinicalLevel: { edition: 3, code: '3.5' }, authorizedLevel: { edition: 3, code: '2.1' } },
      { kind: 'expired', throughDate: '2024-02-02', asOf: '2024-02-11' },
    ]);
  });

  it('lets a site administrator read the clients of their own site only, and no clinician', async () => {
    const northAdmin = await bearerFor('site-admin', ['site-north']);
    expect((await http().get(`/api/v1/clients/${client}/timeline`).set(northAdmin)).status).toBe(200);
    // Client 1 was registered at site-south and now belongs to site-east.
    const beforeElsewhere = await flushedSnapshot(audit);
    const southAdmin = await bearerFor('site-admin', ['site-south']);
    const { response: elsewhere } = await refusedWritingNothing(
      audit,
      () => http().get(`/api/v1/clients/${movedClient}/history`).set(southAdmin),
      403,
    );
    expect(elsewhere.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await appendedSinceFlushed(audit, beforeElsewhere)).toEqual([]);
    expect(
      (
        await http()
          .get(`/api/v1/clients/${movedClient}/history`)
          .set(await bearerFor('site-admin', ['site-east']))
      ).status,
    ).toBe(200);
    const beforeClinician = await flushedSnapshot(audit);
    expect(
      (
        await http()
          .get(`/api/v1/clients/${client}/history`)
          .set(await bearerFor('clinician', ['site-north']))
      ).status,
    ).toBe(403);
    await refusedWritingNothing(audit, () => http().get(`/api/v1/clients/${client}/history`), 401);
    expect(await appendedSinceFlushed(audit, beforeClinician)).toEqual([]);
  });

  it('refuses bad questions with problem+json naming each, and says when a client is unknown', async () => {
    const auditor = await bearerFor('auditor');
    const { response: bad } = await refusedWritingNothing(
      audit,
      () => http().get(`/api/v1/clients/${client}/history?service=billing&from=yesterday`).set(auditor),
      400,
    );
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['service', 'from']));
    const { response: noInstant } = await refusedWritingNothing(
      audit,
      () => http().get(`/api/v1/clients/${client}/as-of`).set(auditor),
      400,
    );
    expect(noInstant.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
    const { response: unknown } = await refusedWritingNothing(
      audit,
      () => http().get('/api/v1/clients/6f1c2d3e-4a5b-4c6d-8e7f-901234567890/history').set(auditor),
      404,
    );
    expect(unknown.body.detail).toContain('No event about client 6f1c2d3e-4a5b-4c6d-8e7f-901234567890');
  });

  it('verifies the whole store for an auditor, and for nobody else', async () => {
    const report = await http()
      .get('/api/v1/integrity/verification')
      .set(await bearerFor('auditor'));
    expect(report.status).toBe(200);
    // The synthetic clients' 40 streams, and today's access-log stream of this service's reads above.
    expect(report.body).toMatchObject({ ok: true, findingsTotal: 0, streamsChecked: 8 * 5 + 1 });
    expect(report.body.eventsChecked).toBe(report.body.headPosition);
    const siteAdmin = await bearerFor('site-admin', ['site-north']);
    await refusedWritingNothing(audit, () => http().get('/api/v1/integrity/verification').set(siteAdmin), 403);
  });

  it('runs the verification to watch: started, read back until finished, with the same report', async () => {
    const auditor = await bearerFor('auditor');
    const started = await http().post('/api/v1/verifications').set(auditor);
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      verificationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'running',
      checkedEvents: 0,
      totalEvents: expect.any(Number),
      startedAt: expect.any(String),
    });
    expect(started.headers.location).toBe(`/api/v1/verifications/${started.body.verificationId}`);
    let run = await http().get(started.headers.location).set(auditor);
    for (let i = 0; run.body.status === 'running' && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = await http().get(started.headers.location).set(auditor);
    }
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      ...started.body,
      checkedEvents: started.body.totalEvents,
      status: 'intact',
      finishedAt: expect.any(String),
    });
    const today = await http().get('/api/v1/integrity/verification').set(auditor);
    const timing = { elapsedMs: expect.any(Number), eventsPerSecond: expect.any(Number) };
    expect(run.body.report).toEqual({ ...today.body, ...timing });
    expect(run.body.report.eventsChecked).toBe(run.body.totalEvents);

    // A finished run is read back as it ended; a second POST starts a new one.
    expect((await http().get(started.headers.location).set(auditor)).body).toEqual(run.body);
    const again = await http().post('/api/v1/verifications').set(auditor);
    expect(again.body.verificationId).not.toBe(started.body.verificationId);
  });

  it('starts a verification sent with an Idempotency-Key, as every console write is', async () => {
    const auditor = await bearerFor('auditor');
    const started = await http().post('/api/v1/verifications').set(auditor).set('Idempotency-Key', randomUUID());
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/api/v1/verifications/${started.body.verificationId}`);
  });

  it('refuses the verification runs to anyone but an auditor, and knows only the runs it started', async () => {
    const siteAdmin = await bearerFor('site-admin', ['site-north']);
    await refusedWritingNothing(audit, () => http().post('/api/v1/verifications').set(siteAdmin), 403);
    const auditor = await bearerFor('auditor');
    const { response: unknown } = await refusedWritingNothing(
      audit,
      () => http().get('/api/v1/verifications/6f1c2d3e-4a5b-4c6d-8e7f-901234567890').set(auditor),
      404,
    );
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toContain('a restart forgets them');
  });
});
