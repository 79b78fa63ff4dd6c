import { randomUUID } from 'node:crypto';
import { refusedWritingNothing, revisionsReadDuring } from '@continuum/service-testing';
import { aftercarePlanStream } from './domain/index.js';
import { barc10Totalling, careTeamChanged, episodeDischarged } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// A plan read or changed by this process is not folded from its first event again: its next
// command and its next read start from the state the last one left (FoldedPlans), reading
// only what the stream holds after it, so they still see every event, whoever appended it.

const SITE = 'site-north';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);
let service: AftercareTestApp;
let caseManager: string;

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-folded-plans', { now: at('2026-03-02') });
  caseManager = await token('case-manager', [SITE], 'case-manager-3');
}, 30_000);
afterAll(() => service.close());

const recordCheckIn = (planId: string, body: object) =>
  service.http().post(`/api/v1/aftercare-plans/${planId}/check-ins`).set(as(caseManager)).send(body);
const readPlan = async (planId: string) =>
  (await service.http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager)).expect(200)).body;

const readsOf = (stream: string, act: () => Promise<void>) => revisionsReadDuring(service.store(), stream, act);

it("reads a plan's stream only after the revision its last read or check-in left, and still sees a check-in another process appended", async () => {
  const discharged = episodeDischarged({ dischargeDate: '2026-03-02', siteId: SITE });
  await service.tellCareTeam(careTeamChanged(discharged.data, [{ userId: 'case-manager-3', teamRole: 'case-manager' }]));
  await service.publish(discharged);
  const planId = discharged.data.episodeId;
  await service.waitFor(planId, 'AftercarePlanCreated');
  const stream = aftercarePlanStream(planId);
  await readPlan(planId);

  service.clock.set(at('2026-03-09'));
  const afterCreation = await readsOf(stream, async () => {
    await recordCheckIn(planId, { dueDate: '2026-03-09', outcome: 'abstinent', barc10: barc10Totalling(50) }).expect(201);
    expect((await readPlan(planId)).plan.checkIns[0]).toMatchObject({ status: 'recorded', outcome: 'abstinent' });
  });
  expect(afterCreation.length).toBeGreaterThan(0);
  expect(afterCreation.filter((from) => from < 1)).toEqual([]);

  // Another process records the day-30 check-in behind this one's back.
  service.clock.set(at('2026-04-01'));
  const [day7] = (await service.store().readStream(stream)).filter((event) => event.type === 'CheckInRecorded');
  const { prevHash: _prevHash, hash: _hash, ...metadata } = day7!.metadata;
  const day30 = { ...(day7!.data as object), dueDate: '2026-04-01', day: 30, date: '2026-04-01', outcome: 'lapse' };
  await service.store().appendToStream(stream, [{ eventId: randomUUID(), type: 'CheckInRecorded', data: day30, metadata }], {
    expectedRevision: day7!.revision,
  });

  const afterElsewhere = await readsOf(stream, async () => {
    const { response } = await refusedWritingNothing(
      service,
      () => recordCheckIn(planId, { dueDate: '2026-04-01', outcome: 'abstinent', barc10: barc10Totalling(50) }),
      422,
    );
    expect(response.body.detail).toMatch(/already recorded \(lapse on 2026-04-01\)/);
    expect((await readPlan(planId)).plan.checkIns[1]).toMatchObject({ status: 'recorded', outcome: 'lapse' });
  });
  expect(afterElsewhere.length).toBeGreaterThan(0);
  expect(afterElsewhere.filter((from) => from <= day7!.revision)).toEqual([]);
});
