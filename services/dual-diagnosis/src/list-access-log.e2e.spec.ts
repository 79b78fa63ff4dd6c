import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@continuum/event-store';
import { type AccessRecord, CLIENT_RECORD_ACCESSED, eventually } from '@continuum/platform';
import { appendedSince, appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed } from '@continuum/service-testing';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';
import { conditionIdentified } from './testing/integration-events.js';

// The referral lists in the access log (docs/domain/compliance.md#the-access-log): each page
// records one read per client it shows, in the store before the page is answered; an empty
// page records none, a refused one only its security event.

const SITE = 'site-lists';
const EMPTY_SITE = 'site-lists-empty';
const OTHER_SITE = 'site-lists-other';
const START = new Date('2026-03-02T09:00:00.000Z');
const EXTERNAL = {
  providerId: 'lists-trauma-clinic',
  siteId: SITE,
  name: 'Lists Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 5,
};

let service: DualDiagnosisTestApp;
let clinician: string;
let clinicianElsewhere: string;
let auditor: string;
// Two referrals for one client, one for another, one at another site.
const oneReferral = randomUUID();
const twoReferrals = randomUUID();
const elsewhere = randomUUID();

const http = () => service.http();
const listPath = (list: string, site = SITE) => `/api/v1/sites/${site}/${list}`;

const accessRecordsIn = (events: RecordedEvent[]) =>
  events.filter((event) => event.type === CLIENT_RECORD_ACCESSED).map((event) => event.data as AccessRecord);

async function referralIdOf(clientId: string, conditionCode: string): Promise<string> {
  return eventually(async () => {
    await service.settled();
    const rows = (await http().get(listPath('referrals')).set(as(clinician))).body.items as Array<Record<string, string>>;
    return rows.find((row) => row.clientId === clientId && row.conditionCode === conditionCode)?.referralId;
  }, `the ${conditionCode} referral of ${clientId}`);
}

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-list-access-log-e2e', { now: START });
  clinician = await token('clinician', [SITE, EMPTY_SITE], 'clinician-lists');
  clinicianElsewhere = await token('clinician', [OTHER_SITE], 'clinician-elsewhere');
  auditor = await token('auditor', [], 'auditor-lists');
  await http()
    .post('/api/v1/providers')
    .set(as(await token('site-admin', [SITE])))
    .send(EXTERNAL)
    .expect(201);
  const at = START.toISOString();
  await service.publish(conditionIdentified(oneReferral, 'depression', SITE, at));
  await service.publish(conditionIdentified(twoReferrals, 'depression', SITE, at));
  await service.publish(conditionIdentified(twoReferrals, 'ptsd', SITE, at));
  await service.publish(conditionIdentified(elsewhere, 'depression', OTHER_SITE, at));
  await referralIdOf(oneReferral, 'depression');
  await referralIdOf(twoReferrals, 'depression');
  await referralIdOf(twoReferrals, 'ptsd');
}, 30_000);

afterAll(() => service.close());

describe('a referral list records one read per listed client', () => {
  it("records the site's open referrals as one read per client, durable before the page is answered", async () => {
    const snapshot = await flushedSnapshot(service);
    const response = await http().get(listPath('referrals')).set(as(clinician)).set('X-Correlation-Id', 'queue-review');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(3);

    // Read straight from the store, no flush: the records were written before the answer left.
    const records = accessRecordsIn(await appendedSince(service.store(), snapshot));
    expect(records.map((record) => record.clientId).sort()).toEqual([oneReferral, twoReferrals].sort());
    for (const record of records) {
      expect(record).toMatchObject({
        userId: 'clinician-lists',
        role: 'clinician',
        siteId: SITE,
        service: 'dual-diagnosis',
        what: { method: 'GET', route: '/api/v1/sites/:siteId/referrals', resourceKind: 'open-referrals', resourceIds: { siteId: SITE } },
        purposeOfUse: 'TREAT',
        correlationId: 'queue-review',
      });
    }
  });

  it('names the list it was on: awaiting a consent, overdue', async () => {
    const referralId = await referralIdOf(twoReferrals, 'ptsd');
    await http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
    expect((await http().post(`/api/v1/referrals/${referralId}/sending`).set(as(clinician)).expect(200)).body.status).toBe(
      'awaiting-consent',
    );
    await service.settled();
    const beforeWaiting = await flushedSnapshot(service);
    const waiting = (await http().get(listPath('referrals/awaiting-consent')).set(as(auditor)).expect(200)).body;
    expect(waiting.items).toHaveLength(1);
    expect(waiting.total).toBe(1);
    expect(
      accessRecordsIn(await appendedSinceFlushed(service, beforeWaiting)).map((record) => [
        record.clientId,
        record.role,
        record.purposeOfUse,
        record.what.resourceKind,
        record.what.route,
      ]),
    ).toEqual([[twoReferrals, 'auditor', 'HCOMPL', 'referrals-awaiting-consent', '/api/v1/sites/:siteId/referrals/awaiting-consent']]);

    // Routine referrals are due 14 days after they were opened.
    service.clock.set('2026-03-16T09:00:00.000Z');
    await service.scheduler().tick();
    await service.settled();
    const beforeOverdue = await flushedSnapshot(service);
    const overduePage = (await http().get(listPath('referrals/overdue')).set(as(clinician)).expect(200)).body;
    const overdue = overduePage.items as Array<{ clientId: string }>;
    const records = accessRecordsIn(await appendedSinceFlushed(service, beforeOverdue));
    // The count on the queue's tab: every overdue referral of the site, the same on a page of one.
    expect(overduePage.nextCursor).toBeUndefined();
    expect(overduePage.total).toBe(overdue.length);
    const pageOfOne = (
      await http()
        .get(`${listPath('referrals/overdue')}?limit=1`)
        .set(as(clinician))
        .expect(200)
    ).body;
    expect(pageOfOne.items).toHaveLength(1);
    expect(pageOfOne.total).toBe(overdue.length);
    expect(records.map((record) => record.clientId).sort()).toEqual([...new Set(overdue.map((row) => row.clientId))].sort());
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.what.resourceKind === 'overdue-referrals')).toBe(true);
  });

  it('records nothing for an empty list, nor for the provider directory, which names no client', async () => {
    const snapshot = await flushedSnapshot(service);
    expect((await http().get(listPath('referrals', EMPTY_SITE)).set(as(clinician)).expect(200)).body).toEqual({ total: 0, items: [] });
    expect((await http().get(listPath('providers')).set(as(clinician)).expect(200)).body.items).toHaveLength(1);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('records only the security event of a refused list read (403), and no read', async () => {
    const snapshot = await flushedSnapshot(service);
    expect((await http().get(listPath('referrals')).set(as(clinicianElsewhere))).status).toBe(403);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
    const refusals = await refusalsSinceFlushed(service, snapshot);
    expect(refusals.map((event) => [event.data])).toEqual([
      [
        expect.objectContaining({
          userId: 'clinician-elsewhere',
          status: 403,
          what: expect.objectContaining({ route: '/api/v1/sites/:siteId/referrals' }),
        }),
      ],
    ]);
  });
});
