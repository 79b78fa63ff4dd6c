import { randomUUID } from 'node:crypto';
import { clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { type NewEvent } from '@continuum/event-store';
import { storeSnapshot } from '@continuum/service-testing';
import { CareEpisodes } from './application/care-episodes.js';
import { EpisodeLedger } from './application/episode-ledger.js';
import { episodeIdForAdmission } from './application/ids.js';
import { planStream } from './domain/index.js';
import { IOP, PHP, clientAdmitted, safetyHoldPlaced } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// Every command of treatment-plan that appends to more than one stream
// (docs/architecture/multi-stream-commands.md) refused at each of its steps: the answer is the refusal, and no
// stream changed and the store's log did not move — the relay publishes from that log, so
// nothing was published either.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const TODAY = '2026-01-12';

let service: TreatmentPlanTestApp;
let clinician: string;

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('multi-stream-e2e', { now: new Date(`${TODAY}T15:00:00.000Z`) });
  clinician = await token('clinician', [SITE], 'clinician-7');
}, 30_000);

afterAll(() => service.close());

const snapshot = (streams: string[]) => storeSnapshot(service.store(), streams);

/** Appends as a foreign writer would (a history from before atomic steps, or a broken one), to put a step in a state that refuses. */
async function seed(stream: string, type: string, data: Record<string, unknown>, clientId: string) {
  const recorded = await service.store().readStream(stream);
  const event: NewEvent = {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      clientId,
      siteId: SITE,
      actor: { userId: 'seed', role: 'system' },
      occurredAt: new Date().toISOString(),
      correlationId: 'seed',
      causationId: 'seed',
    },
  };
  await service.store().appendToStream(stream, [event], { expectedRevision: recorded.at(-1)?.revision ?? 'no-stream' });
  await service.settled();
}

const streamsOf = (clientId: string, episodeId: string) => [
  clientEpisodesStream(clientId),
  episodeStream(episodeId),
  planStream(episodeId),
];
const post = (path: string, body: object) => service.http().post(`/api/v1${path}`).set(as(clinician)).send(body);

describe('admission: claim → episode → plan', () => {
  it('refused by the claim (the client already holds an open episode): no episode, no plan', async () => {
    const { admitted } = await service.admit();
    const again = clientAdmitted({ clientId: admitted.data.clientId });
    const episodeId = again.data.admissionId; // not opened: any id names empty streams
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    await expect(service.app.get(CareEpisodes).admit(again)).rejects.toMatchObject({ code: 'client-has-open-episode' });
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('refused by the episode (its stream is already taken): no claim, no plan', async () => {
    const admitted = clientAdmitted();
    const episodeId = episodeIdForAdmission(admitted.data.admissionId);
    await seed(
      episodeStream(episodeId),
      'EpisodeOpened',
      { ...clientAdmitted().data, episodeId, programmeId: 'p', openedBy: { userId: 'x', role: 'clinician' } },
      admitted.data.clientId,
    );
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    await expect(service.app.get(CareEpisodes).admit(admitted)).rejects.toMatchObject({ code: 'episode-already-opened' });
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
    expect(before.streams[clientEpisodesStream(admitted.data.clientId)]).toEqual([]);
  });

  it('refused by the plan (a population the plan does not know): no claim, no episode', async () => {
    const admitted = clientAdmitted({ population: 'elderly' as never });
    const episodeId = episodeIdForAdmission(admitted.data.admissionId);
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    await expect(service.app.get(CareEpisodes).admit(admitted)).rejects.toMatchObject({ code: 'invalid-plan' });
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
    expect(Object.values(before.streams).flat()).toEqual([]);
  });
});

describe('level change: episode → plan', () => {
  it('refused by the ledger (a stale level): the plan unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/level-changes`, {
      from: PHP,
      to: IOP,
      reason: { code: 'relapse' },
      evidence: [{ kind: 'drug-test', id: 't' }],
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('not-at-level');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('refused by the plan (closed while the episode is open): the episode unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    await seed(
      planStream(episodeId),
      'PlanClosed',
      { planId: episodeId, disposition: 'administrative', date: TODAY, closedAt: new Date().toISOString() },
      admitted.data.clientId,
    );
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/level-changes`, {
      from: IOP,
      to: PHP,
      reason: { code: 'relapse' },
      evidence: [{ kind: 'drug-test', id: 't' }],
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('plan-closed');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });
});

describe('site transfer: episode → plan', () => {
  it('refused by the ledger (the same site): the plan unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/site-transfers`, { toSiteId: SITE, reason: { code: 'client-relocated' } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('same-site');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('refused by the plan (closed while the episode is open): the episode unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    await seed(
      planStream(episodeId),
      'PlanClosed',
      { planId: episodeId, disposition: 'administrative', date: TODAY, closedAt: new Date().toISOString() },
      admitted.data.clientId,
    );
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/site-transfers`, { toSiteId: OTHER_SITE, reason: { code: 'client-relocated' } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('plan-closed');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });
});

describe('discharge: episode → claim → plan', () => {
  it('refused by the ledger (dated after today): claim and plan unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/discharge`, {
      disposition: 'administrative',
      dischargeSummaryRef: 'summary-1',
      date: '2026-01-13',
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('invalid-fact-date');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('refused by the claim (it names another open episode): episode and plan unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    await seed(
      clientEpisodesStream(admitted.data.clientId),
      'EpisodeStarted',
      { clientId: admitted.data.clientId, episodeId: randomUUID(), startDate: TODAY },
      admitted.data.clientId,
    );
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/discharge`, { disposition: 'administrative', dischargeSummaryRef: 'summary-1' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('not-the-open-episode');
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('refused by the plan (completed while not ready): episode and claim unchanged, every unmet condition named', async () => {
    const { admitted, episodeId } = await service.admit();
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    const response = await post(`/episodes/${episodeId}/discharge`, { disposition: 'completed', dischargeSummaryRef: 'summary-1' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('not-ready-for-completed-discharge');
    expect(response.body.details.unmet.map((unmet: { condition: string }) => unmet.condition)).toEqual([
      'sober-days',
      'sobriety-evidence',
      'plan-signed',
      'goal-achieved',
    ]);
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it('accepted: all three streams written together', async () => {
    const { admitted, episodeId } = await service.admit();
    const response = await post(`/episodes/${episodeId}/discharge`, { disposition: 'administrative', dischargeSummaryRef: 'summary-1' });
    expect(response.status).toBe(201);
    const lastOf = async (stream: string) => (await service.typesIn(stream)).at(-1);
    expect(await Promise.all(streamsOf(admitted.data.clientId, episodeId).map(lastOf))).toEqual([
      'EpisodeEnded',
      'EpisodeDischarged',
      'PlanClosed',
    ]);
  });
});

describe("intake's safety hold (consumer): claim → the open episode", () => {
  it('refused by the claim (a hold without its screening): the episode unchanged', async () => {
    const { admitted, episodeId } = await service.admit();
    const before = await snapshot(streamsOf(admitted.data.clientId, episodeId));
    await expect(
      service.app.get(EpisodeLedger).noteSafetyHold(safetyHoldPlaced(admitted.data.clientId, { screeningId: '' })),
    ).rejects.toMatchObject({ code: 'invalid-safety-hold' });
    expect(await snapshot(streamsOf(admitted.data.clientId, episodeId))).toEqual(before);
  });

  it("refused by the episode (the claim names another client's episode): the claim unchanged", async () => {
    const other = await service.admit();
    const clientId = randomUUID();
    await seed(clientEpisodesStream(clientId), 'EpisodeStarted', { clientId, episodeId: other.episodeId, startDate: TODAY }, clientId);
    const before = await snapshot(streamsOf(clientId, other.episodeId));
    await expect(service.app.get(EpisodeLedger).noteSafetyHold(safetyHoldPlaced(clientId))).rejects.toMatchObject({
      code: 'not-the-clients-episode',
    });
    expect(await snapshot(streamsOf(clientId, other.episodeId))).toEqual(before);
  });

  it('accepted: the claim and the open episode written together', async () => {
    const { admitted, episodeId } = await service.admit();
    await service.app.get(EpisodeLedger).noteSafetyHold(safetyHoldPlaced(admitted.data.clientId));
    expect((await service.typesIn(clientEpisodesStream(admitted.data.clientId))).at(-1)).toBe('SafetyHoldNoted');
    expect((await service.typesIn(episodeStream(episodeId))).at(-1)).toBe('SafetyHoldNoted');
  });
});
