import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { eventually } from '@continuum/platform';
import { IOP } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// The reads the console's chart needs: a client's episodes (how a user finds the episode at
// all) and the attendance of every week of an episode against its level's minimum; and the
// network overview its programme screen needs (counts only: no access record).

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const NOW = '2026-01-12T09:00:00.000Z';
/** The overview's sites: no other test here admits at them. */
const EAST = 'site-east';
const WEST = 'site-west';
const RESIDENTIAL = { edition: 3 as const, code: '3.5' };

let service: TreatmentPlanTestApp;
const tokens: Record<string, string> = {};
const get = (who: string, path: string) => service.http().get(`/api/v1${path}`).set(as(tokens[who]!));

/** A read answered leaves exactly one access record: who read which client's what. */
async function loggedRead(send: () => Promise<{ status: number }>, resourceKind: string, clientId: string) {
  const before = await flushedSnapshot(service);
  expect((await send()).status).toBe(200);
  expect((await appendedSinceFlushed(service, before)).map((event) => [event.type, event.data])).toEqual([
    ['ClientRecordAccessed', expect.objectContaining({ clientId, what: expect.objectContaining({ resourceKind }) })],
  ]);
}

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('client-episodes-e2e', {
    now: new Date(NOW),
    careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
  });
  const staff: Array<[string, Parameters<typeof token>[0], string[]]> = [
    ['clinician-7', 'clinician', [SITE]],
    ['clinician-8', 'clinician', [SITE]],
    ['clinician-9', 'clinician', [OTHER_SITE]],
    ['intake-1', 'intake-coordinator', [SITE]],
    ['auditor-1', 'auditor', []],
    ['clinician-east', 'clinician', [EAST, WEST]],
    ['supervisor-east', 'clinical-supervisor', [EAST]],
    ['network-admin-1', 'network-admin', []],
    ['director-east', 'programme-director', [EAST]],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

afterAll(() => service.close());

describe("a client's episodes", () => {
  it("lists the client's episodes at the caller's sites, newest first, with ids, level, site and dates", async () => {
    const { admitted, episodeId: first } = await service.admit({ startDate: '2026-01-05' });
    const clientId = admitted.data.clientId;
    const discharged = await service
      .http()
      .post(`/api/v1/episodes/${first}/discharge`)
      .set(as(tokens['clinician-7']!))
      .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-1', date: '2026-01-09', lateEntryReason: 'documented-late' });
    expect(discharged.status).toBe(201);
    const { episodeId: second } = await service.admit({ clientId, siteId: OTHER_SITE, startDate: '2026-01-12' });

    const everyone = await eventually(async () => {
      const answer = await get('auditor-1', `/clients/${clientId}/episodes`);
      return answer.body.items?.length === 2 ? answer : undefined;
    }, 'both episodes in the list');
    expect(everyone.status).toBe(200);
    expect(everyone.body).toEqual({
      clientId,
      items: [
        { episodeId: second, clientId, siteId: OTHER_SITE, status: 'open', level: IOP, startDate: '2026-01-12', dischargeDate: null },
        {
          episodeId: first,
          clientId,
          siteId: SITE,
          status: 'discharged',
          level: IOP,
          startDate: '2026-01-05',
          dischargeDate: '2026-01-09',
        },
      ],
    });

    // Another site's episode is not listed: neither its id nor that it exists.
    const atSite = await get('clinician-8', `/clients/${clientId}/episodes`);
    expect(atSite.body.items.map((episode: { episodeId: string }) => episode.episodeId)).toEqual([first]);
    const elsewhere = await get('clinician-9', `/clients/${clientId}/episodes`);
    expect(elsewhere.body.items.map((episode: { episodeId: string }) => episode.episodeId)).toEqual([second]);
    // Each read is in the access log, as one read of the client's episodes.
    await loggedRead(() => get('clinician-8', `/clients/${clientId}/episodes`), 'care-episodes', clientId);
  }, 30_000);

  it('refuses a role that reads no episode (403) and a malformed client id (400), writing nothing', async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' });
    const { refusals } = await refusedWritingNothing(service, () => get('intake-1', `/clients/${admitted.data.clientId}/episodes`), 403);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    await refusedWritingNothing(service, () => get('clinician-7', '/clients/not-a-uuid/episodes'), 400);
  }, 30_000);
});

describe("a plan's weeks", () => {
  it("shows every week of the episode so far, oldest first, with hours against the level's minimum", async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    const record = (body: object) => service.http().post(`/api/v1/plans/${episodeId}/sessions`).set(as(tokens['clinician-7']!)).send(body);
    expect((await record({ date: '2026-01-06', hours: 3, attended: true, lateEntryReason: 'documented-late' })).status).toBe(201);
    expect((await record({ date: '2026-01-08', hours: 3, attended: false, lateEntryReason: 'documented-late' })).status).toBe(201);
    expect((await record({ date: '2026-01-12', hours: 2.5, attended: true })).status).toBe(201);

    const weeks = await get('clinician-7', `/plans/${episodeId}/weeks`);
    expect(weeks.status).toBe(200);
    // ASAM 2.1 (IOP) asks at least 9 hours a week of an adult (the level catalogue in libs/care-episode).
    expect(weeks.body).toMatchObject({
      planId: episodeId,
      asOf: '2026-01-12',
      from: '2026-01-05',
      to: '2026-01-12',
      weeks: [
        { weekStart: '2026-01-05', hours: 3, minimum: 9 },
        { weekStart: '2026-01-12', hours: 2.5, minimum: 9 },
      ],
    });

    const one = await get('clinician-7', `/plans/${episodeId}/weeks?from=2026-01-07&to=2026-01-08`);
    expect(one.body.weeks).toEqual([expect.objectContaining({ weekStart: '2026-01-05', hours: 3 })]);
    const before = await get('clinician-7', `/plans/${episodeId}/weeks?from=2025-12-29&to=2025-12-29`);
    expect(before.body.weeks).toEqual([expect.objectContaining({ weekStart: '2025-12-29', hours: 0, minimum: null })]);
    await loggedRead(() => get('clinician-7', `/plans/${episodeId}/weeks`), 'attendance-weeks', weeks.body.clientId);
  }, 30_000);

  it('is clinical detail: refused off the care team (403), and a bad range (400) or unknown plan (404), writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    const { refusals } = await refusedWritingNothing(service, () => get('clinician-8', `/plans/${episodeId}/weeks`), 403);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    await refusedWritingNothing(service, () => get('clinician-7', `/plans/${episodeId}/weeks?from=2026-01-12&to=2026-01-05`), 400);
    await refusedWritingNothing(service, () => get('clinician-7', `/plans/${episodeId}/weeks?from=2026-02-30`), 400);
    await refusedWritingNothing(service, () => get('clinician-7', `/plans/${episodeId}/weeks?from=2020-01-06`), 400);
    await refusedWritingNothing(service, () => get('clinician-7', '/plans/00000000-0000-4000-8000-000000000000/weeks'), 404);
  }, 30_000);
});

describe('the network overview', () => {
  const period = '/network-overview?from=2025-12-29&to=2026-01-12';
  /** No capacity recorded: neither places nor a ratio. */
  const unknown = { capacity: null, occupancy: null };

  it('counts open episodes by site and level, admissions and discharges per ISO week, the median stay; no capacity recorded; no read recorded', async () => {
    const careTeam = [{ userId: 'clinician-east', teamRole: 'clinician' as const }];
    const stayed = await service.admit({ siteId: EAST, startDate: '2025-12-26' }, { careTeam });
    await service.admit({ siteId: EAST, startDate: '2026-01-06', level: RESIDENTIAL }, { careTeam });
    await service.admit({ siteId: WEST, startDate: '2026-01-12' }, { careTeam });
    const discharged = await service
      .http()
      .post(`/api/v1/episodes/${stayed.episodeId}/discharge`)
      .set(as(tokens['clinician-east']!))
      .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-east', date: '2026-01-09', lateEntryReason: 'documented-late' });
    expect(discharged.status).toBe(201);

    const east = await eventually(async () => {
      const answer = await get('network-admin-1', `${period}&siteId=${EAST}`);
      return answer.body.lengthOfStay?.discharges === 1 ? answer : undefined;
    }, 'the discharge in the overview');
    expect(east.status).toBe(200);
    expect(east.body).toEqual({
      asOf: '2026-01-12',
      period: { from: '2025-12-29', to: '2026-01-12' },
      sites: [{ siteId: EAST, clients: 1, ...unknown, levels: [{ level: RESIDENTIAL, clients: 1, ...unknown }] }],
      weeks: [
        { week: '2026-W01', weekStart: '2025-12-29', admissions: 0, discharges: 0 },
        { week: '2026-W02', weekStart: '2026-01-05', admissions: 1, discharges: 1 },
        { week: '2026-W03', weekStart: '2026-01-12', admissions: 0, discharges: 0 },
      ],
      lengthOfStay: { discharges: 1, medianDays: 14, levels: [{ level: IOP, discharges: 1, medianDays: 14 }] },
    });
    const west = await get('network-admin-1', `${period}&siteId=${WEST}`);
    expect(west.body.sites).toEqual([{ siteId: WEST, clients: 1, ...unknown, levels: [{ level: IOP, clients: 1, ...unknown }] }]);
    expect(west.body.weeks.map((week: { admissions: number }) => week.admissions)).toEqual([0, 0, 1]);
    expect(west.body.lengthOfStay).toEqual({ discharges: 0, medianDays: null, levels: [] });

    const before = await flushedSnapshot(service);
    const network = await get('network-admin-1', period);
    expect(network.body.sites).toEqual(expect.arrayContaining([east.body.sites[0], west.body.sites[0]]));
    expect(await appendedSinceFlushed(service, before)).toEqual([]);

    // A programme director sees the sites they direct, and is refused another's.
    const directed = await get('director-east', period);
    expect(directed.status).toBe(200);
    expect(directed.body.sites).toEqual(east.body.sites);
    expect(directed.body.weeks).toEqual(east.body.weeks);
    const { refusals } = await refusedWritingNothing(service, () => get('director-east', `${period}&siteId=${WEST}`), 403);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  }, 60_000);

  it('sets the census against the capacity a network administrator records per site and level (docs/domain/work-queues.md#site-capacity)', async () => {
    const EMPTY = 'site-empty';
    const put = (who: string, siteId: string, body: object, key?: string) => {
      const request = service.http().put(`/api/v1/sites/${siteId}/capacity`).set(as(tokens[who]!));
      return (key ? request.set('Idempotency-Key', key) : request).send(body);
    };
    await eventually(
      async () => ((await get('network-admin-1', `${period}&siteId=${WEST}`)).body.sites?.length === 1 ? true : undefined),
      'west',
    );
    const recorded = await put('network-admin-1', WEST, { levels: { '3-3.5': 10, '3-2.1': 4 } }, 'capacity-west-1');
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ siteId: WEST, levels: { '3-2.1': 4, '3-3.5': 10 }, events: [{ type: 'SiteCapacityRecorded' }] });
    const retried = await put('network-admin-1', WEST, { levels: { '3-3.5': 10, '3-2.1': 4 } }, 'capacity-west-1');
    expect(retried.body.events).toEqual(recorded.body.events);
    expect((await put('network-admin-1', EMPTY, { levels: { '3-2.1': 12 } })).status).toBe(200);
    expect(await service.typesIn(`site-capacity-${WEST}`)).toEqual(['SiteCapacityRecorded']);

    const overview = await eventually(async () => {
      const answer = await get('network-admin-1', period);
      return answer.body.sites?.some((site: { siteId: string }) => site.siteId === EMPTY) ? answer : undefined;
    }, 'the capacity in the overview');
    expect(overview.body.sites.find((site: { siteId: string }) => site.siteId === WEST)).toEqual({
      siteId: WEST,
      clients: 1,
      capacity: 14,
      occupancy: 0.071,
      levels: [
        { level: IOP, clients: 1, capacity: 4, occupancy: 0.25 },
        { level: RESIDENTIAL, clients: 0, capacity: 10, occupancy: 0 },
      ],
    });
    // A site with places and no one in them is listed; one with no capacity recorded keeps nulls.
    expect(overview.body.sites.find((site: { siteId: string }) => site.siteId === EMPTY)).toEqual({
      siteId: EMPTY,
      clients: 0,
      capacity: 12,
      occupancy: 0,
      levels: [{ level: IOP, clients: 0, capacity: 12, occupancy: 0 }],
    });
    expect(overview.body.sites.find((site: { siteId: string }) => site.siteId === EAST)).toMatchObject(unknown);
    // The director of east sees east only, not the capacity of other sites.
    expect((await get('director-east', period)).body.sites.map((site: { siteId: string }) => site.siteId)).toEqual([EAST]);
  }, 60_000);

  it("refuses a site's capacity to anyone but a network administrator (403), and bad numbers or levels, writing nothing", async () => {
    const put =
      (who: string, body: unknown, siteId = WEST) =>
      () =>
        service
          .http()
          .put(`/api/v1/sites/${siteId}/capacity`)
          .set(as(tokens[who]!))
          .send(body as object);
    for (const who of ['director-east', 'supervisor-east', 'clinician-east', 'auditor-1']) {
      const { refusals } = await refusedWritingNothing(service, put(who, { levels: { '3-2.1': 5 } }), 403);
      expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    }
    for (const places of [-1, 2.5, '7', null, 10_001]) {
      const { response } = await refusedWritingNothing(service, put('network-admin-1', { levels: { '3-2.1': places } }), 422);
      expect(response.body.errors).toEqual([{ field: 'levels.3-2.1', problem: expect.stringMatching(/whole number from 0/) }]);
    }
    for (const level of ['residential', '3-2.2', '5-1']) {
      const { response } = await refusedWritingNothing(service, put('network-admin-1', { levels: { [level]: 5 } }), 422);
      expect(response.body.code).toBe('invalid-site-capacity');
    }
    await refusedWritingNothing(service, put('network-admin-1', { levels: [5] }), 400);
    await refusedWritingNothing(service, put('network-admin-1', {}), 400);
    await refusedWritingNothing(service, put('network-admin-1', { levels: 'residential=5' }), 400);
    await refusedWritingNothing(service, put('network-admin-1', { levels: { '3-2.1': 5 } }, 'site north'), 400);
  }, 30_000);

  it('refuses every other role with a 403 that records only the refusal, and a bad period with a 400', async () => {
    for (const who of ['clinician-east', 'supervisor-east', 'auditor-1']) {
      const { refusals } = await refusedWritingNothing(service, () => get(who, '/network-overview'), 403);
      expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    }
    await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2026-02-01&to=2026-01-01'), 400);
    await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2025-01-01&to=2026-01-12'), 400);
    await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2026-02-30'), 400);
  }, 30_000);
});
