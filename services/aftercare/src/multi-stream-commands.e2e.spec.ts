import { type RecordedEvent } from '@continuum/event-store';
import { aftercarePlanStream, consentFileStream } from './domain/index.js';
import { barc10Totalling, episodeDischarged, episodeOpened } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// "A refused request writes nothing, anywhere" holds for aftercare because each of its
// commands writes one stream, the plan's, in one append, or runs its streams as one
// (runCommands; see docs/architecture/multi-stream-commands.md): the plan's creation from a
// discharge with the discharge noted in the client's consent file, a check-in with the
// readmission it recommends, the end of continuing care on a readmission, and each of the
// scheduler's deadlines. These specs pin that down: should one of them start writing another
// stream, it must become a multi-stream command (runCommands) and be listed there.

const SITE = 'site-north';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);

let service: AftercareTestApp;
let caseManager: string;

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-single-stream', { now: at('2026-03-02') });
  caseManager = await token('case-manager', [SITE]);
}, 30_000);

afterAll(() => service.close());

/** What `act` appended to the store, from anywhere. */
async function appendedBy(act: () => Promise<unknown>): Promise<RecordedEvent[]> {
  const head = await service.store().headPosition();
  await act();
  const appended: RecordedEvent[] = [];
  for await (const event of service.store().readAll({ after: head })) appended.push(event);
  return appended;
}

const streamsOf = (events: RecordedEvent[]) => [...new Set(events.map((event) => event.streamId))];

async function discharged(dischargeDate = '2026-03-02') {
  const discharge = episodeDischarged({ dischargeDate });
  const planId = discharge.data.episodeId;
  const appended = await appendedBy(async () => {
    await service.publish(discharge);
    await service.waitFor(planId, 'AftercarePlanCreated');
    await service.quiet();
  });
  return { discharge, planId, appended };
}

describe("aftercare's commands and reactions each write one stream", () => {
  it("creates the plan from treatment-plan's discharge together with the discharge noted in the client's consent file", async () => {
    const { planId, appended, discharge } = await discharged();
    expect(appended.map((event) => event.type)).toEqual(['ClientEventNoted', 'AftercarePlanCreated']);
    expect(streamsOf(appended)).toEqual([consentFileStream(discharge.data.clientId), aftercarePlanStream(planId)]);
    // One runCommands: appended together, at consecutive positions.
    expect(appended.map((event) => event.position)).toEqual([appended[0]!.position, appended[0]!.position + 1]);
  });

  it("records a relapse and the readmission it recommends in one append to the plan's stream, and a refused check-in nowhere", async () => {
    const { planId } = await discharged();
    await service.settled();
    service.clock.set(at('2026-04-01'));
    const refused = await appendedBy(async () => {
      const response = await service
        .http()
        .post(`/api/v1/aftercare-plans/${planId}/check-ins`)
        .set(as(caseManager))
        .send({ dueDate: '2026-04-01', outcome: 'relapse' });
      expect(response.status).toBe(422);
    });
    expect(refused).toEqual([]);

    const recorded = await appendedBy(async () => {
      const response = await service
        .http()
        .post(`/api/v1/aftercare-plans/${planId}/check-ins`)
        .set(as(caseManager))
        .send({ dueDate: '2026-04-01', outcome: 'relapse', barc10: barc10Totalling(40) });
      expect(response.status).toBe(201);
    });
    expect(recorded.map((event) => event.type)).toEqual(['CheckInRecorded', 'ReadmissionRecommended']);
    expect(streamsOf(recorded)).toEqual([aftercarePlanStream(planId)]);
    // Decided together and appended together: consecutive revisions of the one stream.
    expect(recorded.map((event) => event.revision)).toEqual([recorded[0]!.revision, recorded[0]!.revision + 1]);
  });

  it("ends continuing care on a readmission in the discharged plan's stream alone; the consent file notes it as a reaction of its own", async () => {
    const { planId, discharge } = await discharged();
    service.clock.set(at('2026-04-06'));
    const appended = await appendedBy(async () => {
      await service.publish(episodeOpened({ clientId: discharge.data.clientId, previousEpisodeId: planId }));
      await service.waitFor(planId, 'ContinuingCareEnded');
      await service.quiet();
    });
    const [ended, noted] = appended;
    expect(appended.map((event) => event.type)).toEqual(['ContinuingCareEnded', 'ClientEventNoted']);
    expect(ended!.streamId).toBe(aftercarePlanStream(planId));
    // Heard back from the bus: caused by the published ContinuingCareEnded, in the consent file alone.
    expect(noted!.streamId).toBe(consentFileStream(discharge.data.clientId));
    expect(noted!.metadata.causationId).toBe(ended!.eventId);
  });

  it("fires each plan's missed check-in as a command of its own, on that plan's stream", async () => {
    const first = await discharged('2026-01-05');
    const second = await discharged('2026-01-05');
    await service.settled();
    const appended = await appendedBy(() => service.scheduler().tick(at('2026-01-20')));
    for (const { planId } of [first, second]) {
      const ofPlan = appended.filter((event) => event.streamId === aftercarePlanStream(planId));
      expect(ofPlan.map((event) => event.type)).toContain('CheckInMissed');
    }
    expect(streamsOf(appended)).toEqual(expect.arrayContaining([aftercarePlanStream(first.planId), aftercarePlanStream(second.planId)]));
    expect(appended.every((event) => event.streamId.startsWith('aftercare-'))).toBe(true);
    expect(appended.filter((event) => event.streamId.startsWith('aftercare-client-'))).toEqual([]);
  });
});
