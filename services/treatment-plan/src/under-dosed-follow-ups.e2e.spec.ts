import { refusedWritingNothing } from '@continuum/service-testing';
import { planStream } from './domain/index.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// An under-dosed week answered by the client's care team leaves the under-dosed queue
// (docs/domain/work-queues.md#following-up-an-under-dosed-week); every refusal writes nothing.

const SITE = 'site-north';
const MONDAY = '2026-01-05';
const NOW = '2026-01-12T09:00:00.000Z';

let service: TreatmentPlanTestApp;
const tokens: Record<string, string> = {};
const http = () => service.http();
const followUp = (who: string, planId: string, weekStart: string, body: object, key?: string) => {
  const request = http().post(`/api/v1/plans/${planId}/under-dosed-weeks/${weekStart}/follow-up`).set(as(tokens[who]!));
  return (key ? request.set('Idempotency-Key', key) : request).send(body);
};
const queue = async (who = 'clinician-7') => {
  await service.settled();
  const answer = await http().get('/api/v1/weeks/under-dosed').set(as(tokens[who]!));
  expect(answer.status).toBe(200);
  return answer.body as { total: number; items: Array<{ planId: string; weekStart: string }> };
};
const listed = (page: { items: Array<{ planId: string; weekStart: string }> }, planId: string) =>
  page.items.filter((week) => week.planId === planId).map((week) => week.weekStart);

/** An admitted plan whose first week (5 January) closed with 3 of IOP's 9 hours: under-dosed. */
async function underDosedPlan(): Promise<string> {
  const { episodeId } = await service.admit({ startDate: MONDAY });
  const session = await http()
    .post(`/api/v1/plans/${episodeId}/sessions`)
    .set(as(tokens['nurse-3']!))
    .send({ date: MONDAY, hours: 3, attended: true, lateEntryReason: 'documented-late' });
  expect(session.status).toBe(201);
  await service.scheduler().tick(new Date('2026-01-12T06:00:00.000Z'));
  expect(await service.typesIn(planStream(episodeId))).toContain('WeekUnderDosed');
  return episodeId;
}

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('under-dosed-follow-ups-e2e', {
    now: new Date(NOW),
    careTeam: [
      { userId: 'clinician-7', teamRole: 'clinician' },
      { userId: 'prescriber-2', teamRole: 'prescriber' },
      { userId: 'nurse-3', teamRole: 'nurse' },
    ],
  });
  const staff: Array<[string, Parameters<typeof token>[0]]> = [
    ['clinician-7', 'clinician'],
    ['prescriber-2', 'prescriber'],
    ['nurse-3', 'nurse'],
    ['clinician-8', 'clinician'],
    ['supervisor-1', 'clinical-supervisor'],
  ];
  for (const [userId, role] of staff) tokens[userId] = await token(role, [SITE], userId);
}, 30_000);

beforeEach(() => service.clock.set(NOW));
afterAll(() => service.close());

describe('following up an under-dosed week', () => {
  it("leaves the queue and its total once the care team's clinician records what was done, once per Idempotency-Key", async () => {
    const planId = await underDosedPlan();
    const before = await queue();
    expect(listed(before, planId)).toEqual([MONDAY]);

    const answered = await followUp('clinician-7', planId, MONDAY, { outcome: 'client-contacted' }, 'follow-up-1');
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ planId, weekStart: MONDAY, events: [{ type: 'UnderDosedWeekFollowedUp' }] });
    const retried = await followUp('clinician-7', planId, MONDAY, { outcome: 'client-contacted' }, 'follow-up-1');
    expect(retried.status).toBe(201);
    expect(retried.body.events).toEqual(answered.body.events);
    expect((await service.typesIn(planStream(planId))).filter((type) => type === 'UnderDosedWeekFollowedUp')).toHaveLength(1);

    const after = await queue();
    expect(listed(after, planId)).toEqual([]);
    expect(after.total).toBe(before.total - 1);
    const plan = await http().get(`/api/v1/plans/${planId}`).set(as(tokens['clinician-7']!));
    expect(plan.body.plan.closedWeeks).toEqual([
      expect.objectContaining({
        weekStart: MONDAY,
        underDosed: true,
        followUp: { outcome: 'client-contacted', followedUpBy: 'clinician-7', followedUpOn: '2026-01-12' },
      }),
    ]);
  });

  it('refuses a second follow-up (409), a week that is not under-dosed (422) and bad input (400), writing nothing', async () => {
    const planId = await underDosedPlan();
    expect((await followUp('prescriber-2', planId, MONDAY, { outcome: 'dose-adjusted' })).status).toBe(201);
    const again = await refusedWritingNothing(service, () => followUp('clinician-7', planId, MONDAY, { outcome: 'client-contacted' }), 409);
    expect(again.response.body.detail).toMatch(/followed up on 2026-01-12 \(dose-adjusted\)/);
    // This week is not over, so it has no verdict yet.
    const open = await refusedWritingNothing(
      service,
      () => followUp('clinician-7', planId, '2026-01-12', { outcome: 'client-contacted' }),
      422,
    );
    expect(open.response.body.code).toBe('week-not-under-dosed');
    await refusedWritingNothing(service, () => followUp('clinician-7', planId, MONDAY, { outcome: 'phoned her' }), 400);
    await refusedWritingNothing(service, () => followUp('clinician-7', planId, MONDAY, {}), 400);
    await refusedWritingNothing(service, () => followUp('clinician-7', planId, 'last-week', { outcome: 'client-contacted' }), 400);
    await refusedWritingNothing(
      service,
      () => followUp('clinician-7', '6f1c7c2e-4f5e-4b8a-9d0e-0b1b2c3d4e5f', MONDAY, { outcome: 'client-contacted' }),
      404,
    );
  });

  it('is refused (403) to a clinician off the care team and to roles that do not follow up, leaving the week queued', async () => {
    const planId = await underDosedPlan();
    for (const who of ['clinician-8', 'nurse-3', 'supervisor-1']) {
      const { refusals } = await refusedWritingNothing(service, () => followUp(who, planId, MONDAY, { outcome: 'client-contacted' }), 403);
      expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    }
    expect(listed(await queue(), planId)).toEqual([MONDAY]);
  });

  it("takes a discharged plan's weeks off the queue: nothing more can be recorded on it", async () => {
    const planId = await underDosedPlan();
    expect(listed(await queue(), planId)).toEqual([MONDAY]);
    const discharged = await http()
      .post(`/api/v1/episodes/${planId}/discharge`)
      .set(as(tokens['clinician-7']!))
      .send({ disposition: 'administrative', dischargeSummaryRef: 'summary-1', date: '2026-01-12' });
    expect(discharged.status).toBe(201);
    expect(listed(await queue(), planId)).toEqual([]);
    const refused = await refusedWritingNothing(
      service,
      () => followUp('clinician-7', planId, MONDAY, { outcome: 'client-contacted' }),
      422,
    );
    expect(refused.response.body.code).toBe('plan-closed');
  });
});
