import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { eventually } from '@continuum/platform';
import { IOP } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// The network overview a network administrator reads: counts by site and level, admissions and
// discharges per ISO week, the median length of stay, no capacity (none is recorded). Counts
// only: no access record; anyone else is refused with only the refusal recorded.

const NORTH = 'site-north';
const SOUTH = 'site-south';
const RESIDENTIAL = { edition: 3 as const, code: '3.5' };

let service: TreatmentPlanTestApp;
const tokens: Record<string, string> = {};
const get = (who: string, path: string) => service.http().get(`/api/v1${path}`).set(as(tokens[who]!));

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('network-overview-e2e', {
    now: new Date('2026-01-16T09:00:00.000Z'),
    careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
  });
  tokens['network-admin-1'] = await token('network-admin', [], 'network-admin-1');
  tokens['clinician-7'] = await token('clinician', [NORTH, SOUTH], 'clinician-7');
  tokens['supervisor-1'] = await token('clinical-supervisor', [NORTH], 'supervisor-1');
  tokens['auditor-1'] = await token('auditor', [], 'auditor-1');
}, 30_000);

afterAll(() => service.close());

it("counts the network's episodes by site, level and ISO week, with the median stay, and records no read", async () => {
  const first = await service.admit({ siteId: NORTH, startDate: '2026-01-02' });
  await service.admit({ siteId: NORTH, startDate: '2026-01-06', level: RESIDENTIAL });
  await service.admit({ siteId: SOUTH, startDate: '2026-01-13', level: IOP });
  const discharged = await service
    .http()
    .post(`/api/v1/episodes/${first.episodeId}/discharge`)
    .set(as(tokens['clinician-7']!))
    .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-1', date: '2026-01-14', lateEntryReason: 'documented-late' });
  expect(discharged.status).toBe(201);

  const path = '/network-overview?from=2026-01-05&to=2026-01-16';
  const overview = await eventually(async () => {
    const answer = await get('network-admin-1', path);
    return answer.body.lengthOfStay?.discharges === 1 && answer.body.sites?.length === 2 ? answer : undefined;
  }, 'the discharge in the overview');
  expect(overview.status).toBe(200);
  expect(overview.body).toEqual({
    asOf: '2026-01-16',
    period: { from: '2026-01-05', to: '2026-01-16' },
    sites: [
      { siteId: NORTH, clients: 1, capacity: null, levels: [{ level: RESIDENTIAL, clients: 1 }] },
      { siteId: SOUTH, clients: 1, capacity: null, levels: [{ level: IOP, clients: 1 }] },
    ],
    weeks: [
      { week: '2026-W02', weekStart: '2026-01-05', admissions: 1, discharges: 0 },
      { week: '2026-W03', weekStart: '2026-01-12', admissions: 1, discharges: 1 },
    ],
    lengthOfStay: { discharges: 1, medianDays: 12, levels: [{ level: IOP, discharges: 1, medianDays: 12 }] },
  });

  const southOnly = await get('network-admin-1', `${path}&siteId=${SOUTH}`);
  expect(southOnly.body.sites).toEqual([{ siteId: SOUTH, clients: 1, capacity: null, levels: [{ level: IOP, clients: 1 }] }]);
  expect(southOnly.body.lengthOfStay.discharges).toBe(0);

  const before = await flushedSnapshot(service);
  expect((await get('network-admin-1', path)).status).toBe(200);
  expect(await appendedSinceFlushed(service, before)).toEqual([]);
}, 60_000);

it('refuses every other role with a 403 and a bad period with a 400, writing nothing else', async () => {
  for (const who of ['clinician-7', 'supervisor-1', 'auditor-1']) {
    const { refusals } = await refusedWritingNothing(service, () => get(who, '/network-overview'), 403);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  }
  await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2026-02-01&to=2026-01-01'), 400);
  await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2025-01-01&to=2026-01-16'), 400);
  await refusedWritingNothing(service, () => get('network-admin-1', '/network-overview?from=2026-02-30'), 400);
}, 30_000);
