import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { eventually } from '@continuum/platform';
import { barc10Totalling, careTeamChanged, episodeDischarged } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// A client's BARC-10 totals over time, for the console's chart: clinical detail, read under a
// plan's own rule (docs/domain/aftercare.md#who-reads-a-plan), from every plan of the client.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);
const TEAM = [{ userId: 'case-manager-3', teamRole: 'case-manager' as const }];

let service: AftercareTestApp;
const tokens: Record<string, string> = {};
const get = (who: string, path: string) => service.http().get(`/api/v1${path}`).set(as(tokens[who]!));

async function discharged() {
  const discharge = episodeDischarged({ dischargeDate: '2026-03-02', dischargedAt: '2026-03-02T16:00:00.000Z' });
  await service.tellCareTeam(careTeamChanged(discharge.data, TEAM));
  await service.publish(discharge);
  const planId = discharge.data.episodeId;
  await service.waitFor(planId, 'AftercarePlanCreated');
  await service.settled();
  return { planId, clientId: discharge.data.clientId };
}

async function recordCheckIn(planId: string, date: string, total: number) {
  service.clock.set(at(date));
  const recorded = await service
    .http()
    .post(`/api/v1/aftercare-plans/${planId}/check-ins`)
    .set(as(tokens['case-manager-3']!))
    .send({ dueDate: date, outcome: 'abstinent', barc10: barc10Totalling(total) });
  expect(recorded.status).toBe(201);
}

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-barc-10-e2e', { now: at('2026-03-02') });
  const staff: Array<[string, Parameters<typeof token>[0], string[]]> = [
    ['case-manager-3', 'case-manager', [SITE]],
    ['clinician-8', 'clinician', [SITE]],
    ['clinician-9', 'clinician', [OTHER_SITE]],
    ['intake-1', 'intake-coordinator', [SITE]],
    ['auditor-1', 'auditor', []],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

afterAll(() => service.close());

it("answers the client's BARC-10 totals oldest first to the care team and auditors, the answers themselves left in the plan", async () => {
  const { planId, clientId } = await discharged();
  await recordCheckIn(planId, '2026-03-09', 50);
  await recordCheckIn(planId, '2026-04-01', 31);

  const scores = await eventually(async () => {
    const answer = await get('case-manager-3', `/aftercare/clients/${clientId}/barc-10`);
    return answer.body.scores?.length === 2 ? answer : undefined;
  }, 'both totals in the plan list');
  expect(scores.status).toBe(200);
  // BARC-10 totals run 10–60; 47 and above is strong recovery capital (domain/barc10.ts).
  expect(scores.body).toEqual({
    clientId,
    scores: [
      {
        planId,
        episodeId: planId,
        siteId: SITE,
        day: 7,
        dueDate: '2026-03-09',
        date: '2026-03-09',
        total: 50,
        isStrongRecoveryCapital: true,
      },
      {
        planId,
        episodeId: planId,
        siteId: SITE,
        day: 30,
        dueDate: '2026-04-01',
        date: '2026-04-01',
        total: 31,
        isStrongRecoveryCapital: false,
      },
    ],
  });
  expect((await get('auditor-1', `/aftercare/clients/${clientId}/barc-10`)).body.scores).toHaveLength(2);
  // Each read is in the access log, as one read of the client's BARC-10 totals.
  const before = await flushedSnapshot(service);
  expect((await get('case-manager-3', `/aftercare/clients/${clientId}/barc-10`)).status).toBe(200);
  expect((await appendedSinceFlushed(service, before)).map((event) => [event.type, event.data])).toEqual([
    ['ClientRecordAccessed', expect.objectContaining({ clientId, what: expect.objectContaining({ resourceKind: 'barc-10' }) })],
  ]);
  // Another site's staff see no plan of this client, and so no score.
  expect((await get('clinician-9', `/aftercare/clients/${clientId}/barc-10`)).body).toEqual({ clientId, scores: [] });
}, 30_000);

it('refuses staff off the care team (403 naming what to do), a role that reads no plan, and a malformed id, writing nothing', async () => {
  const { clientId } = await discharged();
  await eventually(async () => {
    const plans = await get('auditor-1', `/aftercare/clients/${clientId}/plans`);
    return plans.body.items?.length === 1 ? plans : undefined;
  }, 'the plan in the plan list');
  const { refusals } = await refusedWritingNothing(service, () => get('clinician-8', `/aftercare/clients/${clientId}/barc-10`), 403);
  expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  const { refusals: byRole } = await refusedWritingNothing(service, () => get('intake-1', `/aftercare/clients/${clientId}/barc-10`), 403);
  expect(byRole.map((event) => event.type)).toEqual(['AccessRefused']);
  await refusedWritingNothing(service, () => get('case-manager-3', '/aftercare/clients/not-a-uuid/barc-10'), 400);
}, 30_000);
