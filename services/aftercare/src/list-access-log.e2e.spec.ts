import { type RecordedEvent } from '@continuum/event-store';
import { type AccessRecord, CLIENT_RECORD_ACCESSED } from '@continuum/platform';
import { appendedSince, appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed } from '@continuum/service-testing';
import { OUTPATIENT, episodeDischarged } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// Aftercare's lists in the access log (docs/domain/compliance.md#the-access-log): each page
// records one read per client it shows, in the store before the page is answered; an empty
// page and the outcome counts record none, a refused list only its security event.

const SITE = 'site-aftercare-lists';
const EMPTY_SITE = 'site-aftercare-lists-empty';
const OTHER_SITE = 'site-aftercare-lists-other';
const DISCHARGE_DATE = '2026-05-04';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);

let service: AftercareTestApp;
let caseManager: string;
let caseManagerElsewhere: string;
const discharged: Array<{ clientId: string; planId: string }> = [];

const http = () => service.http();
const accessRecordsIn = (events: RecordedEvent[]) =>
  events.filter((event) => event.type === CLIENT_RECORD_ACCESSED).map((event) => event.data as AccessRecord);
const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-list-access-log-e2e', { now: at(DISCHARGE_DATE) });
  caseManager = await token('case-manager', [SITE, EMPTY_SITE], 'case-manager-lists');
  caseManagerElsewhere = await token('case-manager', [OTHER_SITE], 'case-manager-elsewhere');
  for (let client = 0; client < 2; client += 1) {
    const discharge = episodeDischarged({ siteId: SITE, dischargeDate: DISCHARGE_DATE, dischargedAt: `${DISCHARGE_DATE}T09:00:00.000Z` });
    await service.publish(discharge);
    await service.waitFor(discharge.data.episodeId, 'AftercarePlanCreated');
    discharged.push({ clientId: discharge.data.clientId, planId: discharge.data.episodeId });
  }
  await service.settled();
}, 30_000);

afterAll(() => service.close());

describe('an aftercare list records one read per listed client', () => {
  it('records the check-ins due this week as one read per client, at its site, durable before the page is answered', async () => {
    service.clock.set(at('2026-05-11'));
    await service.settled();
    const snapshot = await flushedSnapshot(service);
    const response = await http().get('/api/v1/aftercare/check-ins/due').query({ siteId: SITE }).set(as(caseManager));
    expect(response.status).toBe(200);
    expect(response.body.sites).toEqual([{ siteId: SITE, checkIns: [expect.anything(), expect.anything()] }]);

    // Read straight from the store, no flush: the records were written before the answer left.
    const records = accessRecordsIn(await appendedSince(service.store(), snapshot));
    expect(sorted(records.map((record) => record.clientId))).toEqual(sorted(discharged.map((plan) => plan.clientId)));
    for (const record of records) {
      expect(record).toMatchObject({
        userId: 'case-manager-lists',
        role: 'case-manager',
        siteId: SITE,
        service: 'aftercare',
        what: { method: 'GET', route: '/api/v1/aftercare/check-ins/due', resourceKind: 'check-ins-due', resourceIds: {} },
        purposeOfUse: 'TREAT',
      });
    }
  });

  it('records the missed check-ins and the held sends under the name of their list', async () => {
    // Day 7 (2026-05-11) is past its seven grace days on 2026-05-19.
    await service.scheduler().tick(at('2026-05-19'));
    service.clock.set(at('2026-05-19'));
    await service.settled();
    const beforeMissed = await flushedSnapshot(service);
    expect(
      (await http().get('/api/v1/aftercare/check-ins/missed').query({ siteId: SITE }).set(as(caseManager)).expect(200)).body.items,
    ).toHaveLength(2);
    const missed = accessRecordsIn(await appendedSinceFlushed(service, beforeMissed));
    expect(sorted(missed.map((record) => record.clientId))).toEqual(sorted(discharged.map((plan) => plan.clientId)));
    expect(missed.map((record) => record.what.resourceKind)).toEqual(['check-ins-missed', 'check-ins-missed']);

    // A step-down to an outside provider without a consent waits for one: a held send.
    const [held] = discharged;
    await http()
      .put(`/api/v1/aftercare-plans/${held!.planId}/step-down`)
      .set(as(caseManager))
      .send({ level: OUTPATIENT, providerId: 'provider-lists', startDate: '2026-05-20' })
      .expect(200);
    await service.settled();
    const beforeHeld = await flushedSnapshot(service);
    expect(
      (await http().get('/api/v1/aftercare/held-sends').query({ siteId: SITE }).set(as(caseManager)).expect(200)).body.items,
    ).toHaveLength(1);
    expect(
      accessRecordsIn(await appendedSinceFlushed(service, beforeHeld)).map((record) => [
        record.clientId,
        record.what.resourceKind,
        record.what.route,
      ]),
    ).toEqual([[held!.clientId, 'held-sends', '/api/v1/aftercare/held-sends']]);
  });

  it("records a client's plans as one read of that client", async () => {
    const { clientId } = discharged[0]!;
    const snapshot = await flushedSnapshot(service);
    await http().get(`/api/v1/aftercare/clients/${clientId}/plans`).set(as(caseManager)).expect(200);
    expect(accessRecordsIn(await appendedSinceFlushed(service, snapshot))).toEqual([
      expect.objectContaining({ clientId, what: expect.objectContaining({ resourceKind: 'aftercare-plans', resourceIds: { clientId } }) }),
    ]);
  });

  it('records nothing for an empty list, nor for the outcome counts, which name no client', async () => {
    const snapshot = await flushedSnapshot(service);
    expect(
      (await http().get('/api/v1/aftercare/check-ins/due').query({ siteId: EMPTY_SITE }).set(as(caseManager)).expect(200)).body.sites,
    ).toEqual([]);
    expect(
      (await http().get('/api/v1/aftercare/held-sends').query({ siteId: EMPTY_SITE }).set(as(caseManager)).expect(200)).body.items,
    ).toEqual([]);
    await http().get('/api/v1/aftercare/outcomes').query({ siteId: SITE }).set(as(caseManager)).expect(200);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('records only the security event of a refused list read (403), and no read', async () => {
    const snapshot = await flushedSnapshot(service);
    expect((await http().get('/api/v1/aftercare/check-ins/missed').query({ siteId: SITE }).set(as(caseManagerElsewhere))).status).toBe(403);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
    expect((await refusalsSinceFlushed(service, snapshot)).map((event) => event.data)).toEqual([
      expect.objectContaining({
        userId: 'case-manager-elsewhere',
        status: 403,
        what: expect.objectContaining({ route: '/api/v1/aftercare/check-ins/missed' }),
      }),
    ]);
  });
});
