import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEventStore } from '@continuum/event-store';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed, refusedWritingNothing } from '@continuum/service-testing';
import { syntheticClientId, writeSyntheticHistory } from './seeding/synthetic-history.js';
import { type AuditTestApp, bearerFor, startAuditTestApp } from './testing/audit-app.js';

// An auditor lists what one member of staff did in the access log: their reads, and the
// requests refused to them (401/403 security events), with where, what, why and when.

let folder: string;
let audit: AuditTestApp;
const client = syntheticClientId(0); // at site-north
const http = () => audit.http();

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-user-access-'));
  const url = `sqlite:${path.join(folder, 'events.db')}`;
  const store = await openEventStore(url, [sqliteEventStore]);
  await writeSyntheticHistory(store, { to: 2, concurrency: 2 });
  await store.close();
  audit = await startAuditTestApp(url);
});
afterAll(async () => {
  await audit.close();
  rmSync(folder, { recursive: true, force: true });
});

it("lists one user's reads and refusals, in order, with where, what and why", async () => {
  const startedAt = new Date().toISOString();
  const northAdmin = await bearerFor('site-admin', ['site-north']);
  const southAdmin = await bearerFor('site-admin', ['site-south']);
  expect((await http().get(`/api/v1/clients/${client}/timeline`).set(northAdmin)).status).toBe(200);
  await refusedWritingNothing(audit, () => http().get(`/api/v1/clients/${client}/history`).set(southAdmin), 403);

  const auditor = await bearerFor('auditor');
  const north = await http().get('/api/v1/access-log/users/user-site-admin').set(auditor);
  expect(north.status).toBe(200);
  // Both admins are user-site-admin in test tokens: the read, then the refusal.
  expect(north.body.entries).toMatchObject([
    {
      kind: 'ClientRecordAccessed',
      service: 'audit',
      clientId: client,
      siteId: 'site-north',
      role: 'site-admin',
      what: { method: 'GET', route: '/api/v1/clients/:clientId/timeline' },
      why: 'TREAT', // the purpose a site administrator's read is recorded under by default
    },
    {
      kind: 'AccessRefused',
      service: 'audit',
      clientId: client,
      role: 'none',
      what: { method: 'GET', route: '/api/v1/clients/:clientId/history', resourceIds: { clientId: client } },
      why: 'access-denied',
    },
  ]);
  expect(north.body.truncated).toBe(false);
  expect(Date.parse(north.body.entries[0].at)).toBeGreaterThanOrEqual(Date.parse(startedAt));

  // A period that ends before they acted lists nothing.
  const before = await http()
    .get(`/api/v1/access-log/users/user-site-admin?to=${encodeURIComponent(startedAt)}`)
    .set(auditor);
  expect(before.body.entries).toEqual([]);
});

it('is for auditors only, and refuses a malformed user id or period, writing nothing', async () => {
  const snapshot = await flushedSnapshot(audit);
  const admin = await bearerFor('site-admin', ['site-north']);
  await refusedWritingNothing(audit, () => http().get('/api/v1/access-log/users/user-auditor').set(admin), 403);
  const auditor = await bearerFor('auditor');
  const { response: badUser } = await refusedWritingNothing(
    audit,
    () => http().get('/api/v1/access-log/users/user%20one').set(auditor),
    400,
  );
  expect(badUser.headers['content-type']).toMatch(/application\/problem\+json/);
  await refusedWritingNothing(audit, () => http().get('/api/v1/access-log/users/user-auditor?from=yesterday').set(auditor), 400);
  expect(await appendedSinceFlushed(audit, snapshot)).toEqual([]);
  expect(await refusalsSinceFlushed(audit, snapshot)).toHaveLength(1);
});
