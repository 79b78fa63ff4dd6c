import { randomUUID } from 'node:crypto';
import { appendedSince, appendedSinceFlushed, flushedSnapshot, storeSnapshot } from '@continuum/service-testing';
import { WorsenedScreenings } from './application/worsened-screenings.js';
import { planStream } from './domain/index.js';
import { WORSENED_PHQ9 } from './domain/testing/plan-fixtures.js';
import { IOP, screeningWorsened } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// Intake's ScreeningWorsened during treatment (docs/domain/treatment-plan.md#worsened-screenings):
// the client's open plan records that a review is needed and a step-up should be considered,
// with the measure as evidence, once however often it is delivered; never a level change. With
// no open plan the delivery ends with a log line of ids.

const SITE = 'site-north';

let service: TreatmentPlanTestApp;
let clinician: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('worsened-screening-e2e', {
    now: new Date('2026-01-12T15:00:00.000Z'),
    env: { LOG_LEVEL: 'log', BUS_MAX_ATTEMPTS: '2', BUS_RETRY_BASE_MS: '10' },
    logSink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
}, 30_000);

afterAll(() => service.close());

const http = () => service.http();
const planOf = async (planId: string) => (await http().get(`/api/v1/plans/${planId}`).set(as(clinician))).body;
const reviewsNeeded = async () => (await http().get('/api/v1/reviews/needed').set(as(clinician))).body;

/** Delivered twice, as an at-least-once bus may, and handled to the end: the lines logged meanwhile. */
async function deliverTwice(event: ReturnType<typeof screeningWorsened>) {
  const from = lines.length;
  await service.publish(event);
  await service.publish(event);
  await service.quiet();
  return lines.slice(from);
}

describe('a screening that worsened during treatment', () => {
  it('recommends a review on the open plan with the measure as evidence, once however often delivered, and never changes the level', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' });
    const worsened = screeningWorsened(admitted.data.clientId);
    await deliverTwice(worsened);
    await service.app.get(WorsenedScreenings).recommendReview(worsened);
    expect(await service.typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged', 'ReviewRecommended']);

    const recorded = (await service.store().readStream(planStream(episodeId))).at(-1)!;
    expect(recorded.metadata).toMatchObject({
      causationId: worsened.eventId,
      correlationId: worsened.correlationId,
      actor: { userId: 'treatment-plan', role: 'system' },
    });

    const plan = await planOf(episodeId);
    expect(plan.plan.level).toEqual(IOP);
    expect(plan.reviewNeeded).toEqual({
      isReviewNeeded: true,
      since: '2026-01-12',
      suggestion: 'review-and-consider-step-up',
      currentLevel: IOP,
      recommendations: [
        {
          screeningId: worsened.data.screeningId,
          ...WORSENED_PHQ9,
          evidence: [{ kind: 'screening', id: worsened.data.screeningId }],
          currentLevel: IOP,
          screenedAt: worsened.data.recordedAt,
          recommendedOn: '2026-01-12',
        },
      ],
    });
    const episode = (await http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician))).body;
    expect(episode.timeline).toHaveLength(1);

    await service.settled();
    const listed = await reviewsNeeded();
    expect(listed.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId: episodeId, isReviewNeeded: true, reviewNeededSince: '2026-01-12' })]),
    );
  });

  it('leaves the list of reviews needed once the plan is revised', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' });
    await deliverTwice(
      screeningWorsened(admitted.data.clientId, {
        instrument: 'C-SSRS',
        score: 3,
        band: undefined,
        previousScore: undefined,
        previousBand: undefined,
        reasons: ['new-suicide-risk'],
      }),
    );
    await service.settled();
    expect((await reviewsNeeded()).items.map((item: { planId: string }) => item.planId)).toContain(episodeId);

    const revised = await http().post(`/api/v1/plans/${episodeId}/revisions`).set(as(clinician)).send({ reasonCode: 'worsening-scores' });
    expect(revised.status).toBe(201);
    expect((await planOf(episodeId)).reviewNeeded).toMatchObject({ isReviewNeeded: false, recommendations: [] });
    await service.settled();
    expect((await reviewsNeeded()).items.map((item: { planId: string }) => item.planId)).not.toContain(episodeId);
  });
});

describe('a worsened screening with no open plan', () => {
  it('writes nothing for a client with no open episode, and ends the delivery with a log line of ids', async () => {
    const worsened = screeningWorsened(randomUUID());
    const before = await storeSnapshot(service.store(), []);
    const logged = await deliverTwice(worsened);
    const about = logged.filter((line) => line.eventId === worsened.eventId);
    expect(about).toEqual([
      expect.objectContaining({
        level: 'log',
        context: 'WorsenedScreenings',
        clientId: worsened.data.clientId,
        screeningId: worsened.data.screeningId,
      }),
    ]);
    // Ids only: not the instrument's score or band. (Without the line's time: at minute 16 of an
    // hour "T07:16:" is no score.)
    const fields = about.map(({ time: _time, ...rest }) => rest);
    expect(JSON.stringify(fields)).not.toMatch(/moderately-severe|PHQ-9|"16"|: ?16\b/);
    expect(logged.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
    // Nothing anywhere but the access log of earlier reads.
    expect((await appendedSince(service.store(), before)).filter((event) => !event.streamId.startsWith('access-log-'))).toEqual([]);
  });

  it('records nothing on a plan closed at discharge', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' });
    const discharged = await http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'administrative', dischargeSummaryRef: 'summary-1' });
    expect(discharged.status).toBe(201);
    const before = await service.typesIn(planStream(episodeId));
    const logged = await deliverTwice(screeningWorsened(admitted.data.clientId));
    expect(await service.typesIn(planStream(episodeId))).toEqual(before);
    expect(logged.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
  });
});

describe('a worsened screening that does not meet the shape agreed with intake', () => {
  it('is parked on the dead-letter topic without recording anything, its problems naming fields, not values', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' });
    const worsened = screeningWorsened(admitted.data.clientId, { reasons: ['felt-worse' as 'score-up'] });
    await service.quiet();
    const before = await flushedSnapshot(service, [planStream(episodeId)]);
    const logged = await deliverTwice(worsened);
    expect(await service.typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);
    // Nor anywhere else in the store.
    expect(await appendedSinceFlushed(service, before)).toEqual([]);
    const parked = logged.filter((line) => line.eventId === worsened.eventId && line.level === 'error');
    expect(parked.length).toBeGreaterThan(0);
    // At once: a broken contract is not retried.
    expect(logged.filter((line) => line.eventId === worsened.eventId && line.level === 'warn')).toEqual([]);
    expect(JSON.stringify(parked)).toMatch(/data\.reasons\[0\]: expected one of/);
    expect(JSON.stringify(logged)).not.toMatch(/felt-worse/);
  });
});
