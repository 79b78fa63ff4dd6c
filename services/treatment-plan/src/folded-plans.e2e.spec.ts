import { randomUUID } from 'node:crypto';
import { refusedWritingNothing, revisionsReadDuring } from '@continuum/service-testing';
import { planStream } from './domain/index.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// A plan changed by this process is not folded from its first event again: its next command
// and its next read start from the state the last one left (FoldedPlans), reading only what
// the stream holds after it, so they still see every event, whoever appended it.

const SITE = 'site-north';
let service: TreatmentPlanTestApp;
let nurse: string;

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('treatment-plan-folded-plans', {
    now: new Date('2026-01-12T09:00:00.000Z'),
    careTeam: [{ userId: 'nurse-3', teamRole: 'nurse' }],
  });
  nurse = await token('nurse', [SITE], 'nurse-3');
}, 30_000);
afterAll(() => service.close());

const recordSession = (planId: string, body: object) => service.http().post(`/api/v1/plans/${planId}/sessions`).set(as(nurse)).send(body);

const readsOf = (stream: string, act: () => Promise<void>) => revisionsReadDuring(service.store(), stream, act);

it("reads a plan's stream only after the revision its last session left, and still sees a session another process appended", async () => {
  const { episodeId } = await service.admit({ startDate: '2026-01-05', siteId: SITE });
  const stream = planStream(episodeId);
  const first = await recordSession(episodeId, { date: '2026-01-12', hours: 3, attended: true }).expect(201);
  const known: number = first.body.events.at(-1).revision;

  // Another process's session, appended behind this one's back.
  const [recorded] = await service.store().readStream(stream, { fromRevision: known });
  const { prevHash: _prevHash, hash: _hash, ...metadata } = recorded!.metadata;
  const elsewhere = { ...(recorded!.data as object), sessionId: 'session-elsewhere', hours: 2 };
  await service
    .store()
    .appendToStream(stream, [{ eventId: randomUUID(), type: 'SessionAttended', data: elsewhere, metadata }], { expectedRevision: known });

  const reads = await readsOf(stream, async () => {
    await recordSession(episodeId, { date: '2026-01-12', hours: 1, attended: true }).expect(201);
    const plan = await service.http().get(`/api/v1/plans/${episodeId}`).set(as(nurse)).expect(200);
    expect(plan.body.plan.sessions.map((session: { hours: number }) => session.hours)).toEqual([3, 2, 1]);
    expect(plan.body.weeks.current.hours).toBe(6);
  });
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.filter((from) => from <= known)).toEqual([]);
});

it('refuses a session the kept plan rules out, writing nothing', async () => {
  const { episodeId } = await service.admit({ startDate: '2026-01-05', siteId: SITE });
  await recordSession(episodeId, { date: '2026-01-12', hours: 3, attended: true }).expect(201);
  const { response } = await refusedWritingNothing(
    service,
    () => recordSession(episodeId, { date: '2026-01-02', hours: 3, attended: true }),
    422,
  );
  expect(response.body.detail).toMatch(/the plan started on 2026-01-05/);
});
