import { randomUUID } from 'node:crypto';
import { planStream } from './domain/index.js';
import { referralCompleted } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// A dual-diagnosis outcome that comes back when there is no open plan to add it to: the
// client was discharged first, or this store never held a plan for them. No retry could
// change that, so the delivery ends quietly (an info line with ids) instead of being retried
// and parked on the dead-letter topic.

const SITE = 'site-north';

let service: TreatmentPlanTestApp;
let clinician: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('integrated-care-e2e', {
    now: new Date('2026-01-12T09:00:00.000Z'),
    // Few and quick retries, so that a delivery that fails is parked within the spec's time.
    env: { LOG_LEVEL: 'log', BUS_MAX_ATTEMPTS: '2', BUS_RETRY_BASE_MS: '10' },
    logSink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
}, 30_000);

afterAll(() => service.close());

/** Delivered twice, as an at-least-once bus may, and handled to the end: the lines logged meanwhile. */
async function deliver(completed: ReturnType<typeof referralCompleted>) {
  const from = lines.length;
  await service.publish(completed);
  await service.publish(completed);
  await service.quiet();
  return lines.slice(from);
}

function expectEndedQuietly(
  completed: ReturnType<typeof referralCompleted>,
  logged: Record<string, unknown>[],
  expected: Record<string, unknown>,
) {
  const about = logged.filter((line) => line.eventId === completed.eventId);
  expect(about).toEqual([
    expect.objectContaining({ level: 'log', context: 'IntegratedCare', referralId: completed.data.referralId, ...expected }),
  ]);
  // Ids and codes only: the log line carries none of the referral's clinical outcome.
  expect(JSON.stringify(about)).not.toMatch(/ssri-trial|depression/);
  // Neither retried nor parked on the dead-letter topic.
  expect(logged.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
}

describe('a completed referral with no open plan to add its goal to', () => {
  it('records nothing on a plan already closed at discharge, and ends the delivery with an info line', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' });
    const discharged = await service
      .http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'against-advice', dischargeSummaryRef: 'summary-1', date: '2026-01-09', lateEntryReason: 'documented-late' });
    expect(discharged.status).toBe(201);
    await service.quiet();
    const before = await service.typesIn(planStream(episodeId));
    expect(before.at(-1)).toBe('PlanClosed');

    const completed = referralCompleted({
      clientId: admitted.data.clientId,
      episodeId,
      conditionCode: 'depression',
      conditionConfirmed: true,
      recommendationCodes: ['ssri-trial'],
    });
    const logged = await deliver(completed);

    expect(await service.typesIn(planStream(episodeId))).toEqual(before);
    expectEndedQuietly(completed, logged, { planId: episodeId, planStatus: 'closed', clientId: admitted.data.clientId });
  });

  it('records nothing for an episode this service holds no plan for', async () => {
    const episodeId = randomUUID();
    const completed = referralCompleted({
      clientId: randomUUID(),
      episodeId,
      conditionCode: 'depression',
      conditionConfirmed: false,
      recommendationCodes: ['ssri-trial'],
    });
    const logged = await deliver(completed);

    expect(await service.typesIn(planStream(episodeId))).toEqual([]);
    expectEndedQuietly(completed, logged, { planId: episodeId, planStatus: 'not-created' });
  });

  it('records nothing for a client with no open episode when the referral names none', async () => {
    const clientId = randomUUID();
    const completed = referralCompleted({
      clientId,
      conditionCode: 'depression',
      conditionConfirmed: true,
      recommendationCodes: ['ssri-trial'],
    });
    const logged = await deliver(completed);

    expectEndedQuietly(completed, logged, { clientId });
  });
});
