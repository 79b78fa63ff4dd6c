import { randomUUID } from 'node:crypto';
import { clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { type RecordedEvent } from '@continuum/event-store';
import { eventually } from '@continuum/platform';
import { appendedSince, storeSnapshot, type StoreSnapshot } from '@continuum/service-testing';
import { CareEpisodes } from './application/care-episodes.js';
import { EpisodeLedger } from './application/episode-ledger.js';
import { episodeIdForAdmission } from './application/ids.js';
import { planStream } from './domain/index.js';
import { INPATIENT, IOP, clientAdmitted, safetyHoldPlaced, safetyHoldReleased } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// Intake's safety hold in the care-episode ledger (docs/domain/levels-of-care.md#the-safety-level):
// consumed from intake's topic, noted on the client's ledger whether or not an episode is open,
// and while it lasts every level change and transfer keeps the client at or above the network's
// safety level (3.7). Each refusal is a 422 that says why and what ends the hold, and writes
// nothing anywhere.

const SITE = 'site-north';
const TODAY = '2026-01-12';
const third = (code: string) => ({ edition: 3 as const, code });
const fourth = (code: string) => ({ edition: 4 as const, code });

let service: TreatmentPlanTestApp;
let clinician: string;

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('safety-hold-e2e', {
    now: new Date(`${TODAY}T15:00:00.000Z`),
    careTeam: [{ userId: 'clinician-7', teamRole: 'clinician' }],
  });
  clinician = await token('clinician', [SITE], 'clinician-7');
}, 30_000);

afterAll(() => service.close());

const streamsOf = (clientId: string, episodeId: string) => [
  clientEpisodesStream(clientId),
  episodeStream(episodeId),
  planStream(episodeId),
];
const snapshot = (clientId: string, episodeId: string) => storeSnapshot(service.store(), streamsOf(clientId, episodeId));
const changeLevel = (episodeId: string, from: object, to: object) =>
  service
    .http()
    .post(`/api/v1/episodes/${episodeId}/level-changes`)
    .set(as(clinician))
    .send({ from, to, reason: { code: 'clinical-progress' }, evidence: [{ kind: 'review', id: 'review-1' }] });
const episodeView = async (episodeId: string) => (await service.http().get(`/api/v1/episodes/${episodeId}`).set(as(clinician))).body;
const waitFor = (stream: string, type: string) =>
  eventually(async () => ((await service.typesIn(stream)).includes(type) ? true : undefined), `${type} on ${stream}`);

/** Nothing was appended to the named streams, nor anywhere else but the access log (the reads in between). */
async function expectNothingWritten(clientId: string, episodeId: string, before: StoreSnapshot) {
  const after = await snapshot(clientId, episodeId);
  expect(after.streams).toEqual(before.streams);
  const appended = (await appendedSince(service.store(), before)).filter(
    (event: RecordedEvent) => !event.streamId.startsWith('access-log-'),
  );
  expect(appended).toEqual([]);
}

/** A client held before admission, admitted at `level`: the hold opens with the episode. */
async function heldAndAdmitted(level: { edition: 3 | 4; code: string }) {
  const clientId = randomUUID();
  const placed = safetyHoldPlaced(clientId);
  await service.publish(placed);
  await waitFor(clientEpisodesStream(clientId), 'SafetyHoldNoted');
  const { episodeId, admitted } = await service.admit({ clientId, level });
  return { clientId, episodeId, placed, admitted };
}

describe('a hold placed before the admission', () => {
  it('opens with the episode, and the step-down to IOP is refused with a 422 that says why and what ends the hold, writing nothing', async () => {
    const { clientId, episodeId, placed } = await heldAndAdmitted(INPATIENT);
    expect(await service.typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened', 'SafetyHoldNoted']);

    const before = await snapshot(clientId, episodeId);
    const refused = await changeLevel(episodeId, INPATIENT, IOP);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'urn:continuum:problem:rule-broken:below-safety-level',
      code: 'below-safety-level',
      details: {
        level: IOP,
        safetyLevel: INPATIENT,
        safetyHold: { screeningId: placed.data.screeningId },
        endsWhen: 'safety-plan-recorded',
      },
    });
    expect(refused.body.detail).toMatch(
      /on a safety hold .* at or above the network's safety level, 3\.7 .* have a clinician record a suicide-risk assessment and a safety plan for the client in intake/,
    );
    await expectNothingWritten(clientId, episodeId, before);

    expect((await episodeView(episodeId)).safetyHold).toEqual({
      isOnSafetyHold: true,
      safetyLevel: INPATIENT,
      hold: { screeningId: placed.data.screeningId, instrument: 'C-SSRS', riskCategory: 'high', placedAt: placed.data.placedAt },
      isBelowSafetyLevel: false,
    });
  });

  it('applies when intake publishes the hold and the admission back to back (one topic, keyed by the client)', async () => {
    const clientId = randomUUID();
    const admitted = clientAdmitted({ clientId, level: INPATIENT });
    await service.publish(safetyHoldPlaced(clientId));
    await service.publish(admitted);
    await service.quiet();
    const { episodeId } = await service.admit({ clientId, admissionId: admitted.data.admissionId, level: INPATIENT });
    expect(await service.typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened', 'SafetyHoldNoted']);
    const before = await snapshot(clientId, episodeId);
    expect((await changeLevel(episodeId, INPATIENT, IOP)).status).toBe(422);
    await expectNothingWritten(clientId, episodeId, before);
  });
});

describe('a hold and an admission handled at the same moment', () => {
  it('leave the episode held, whichever is written first', async () => {
    const ledger = service.app.get(EpisodeLedger);
    const episodes = service.app.get(CareEpisodes);
    const pairs = Array.from({ length: 6 }, () => {
      const clientId = randomUUID();
      return { placed: safetyHoldPlaced(clientId), admitted: clientAdmitted({ clientId, level: INPATIENT }) };
    });
    await Promise.all(
      pairs.flatMap(({ placed, admitted }, index) =>
        index % 2 === 0
          ? [ledger.noteSafetyHold(placed), episodes.admit(admitted)]
          : [episodes.admit(admitted), ledger.noteSafetyHold(placed)],
      ),
    );
    for (const { admitted } of pairs) {
      const episodeId = episodeIdForAdmission(admitted.data.admissionId);
      expect((await service.typesIn(episodeStream(episodeId))).filter((type) => type === 'SafetyHoldNoted')).toHaveLength(1);
      expect(await service.typesIn(clientEpisodesStream(admitted.data.clientId))).toEqual(
        expect.arrayContaining(['SafetyHoldNoted', 'EpisodeStarted']),
      );
    }
  });
});

describe('the boundary, in both ASAM editions', () => {
  it("allows the step-down from 4 to the 4th edition's 3.7 and refuses 3.5 in either edition", async () => {
    const { clientId, episodeId } = await heldAndAdmitted(third('4'));
    for (const below of [third('3.5'), fourth('3.5')]) {
      const before = await snapshot(clientId, episodeId);
      const refused = await changeLevel(episodeId, third('4'), below);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('below-safety-level');
      await expectNothingWritten(clientId, episodeId, before);
    }
    const allowed = await changeLevel(episodeId, third('4'), fourth('3.7'));
    expect(allowed.status).toBe(201);
    expect(allowed.body.events.map((event: { type: string }) => event.type)).toEqual(['LevelOfCareChanged', 'PlanLevelUpdated']);
  });

  it("allows the 3rd edition's 3.7 itself", async () => {
    const { episodeId } = await heldAndAdmitted(fourth('4.0'));
    expect((await changeLevel(episodeId, fourth('4.0'), third('3.7'))).status).toBe(201);
  });
});

describe('a hold placed during the episode', () => {
  it('is noted on the claim and the open episode; the step-down waits for the safety plan, then goes through', async () => {
    const { admitted, episodeId } = await service.admit({ level: INPATIENT });
    const { clientId } = admitted.data;
    await service.publish(safetyHoldPlaced(clientId));
    await waitFor(episodeStream(episodeId), 'SafetyHoldNoted');
    expect(await service.typesIn(clientEpisodesStream(clientId))).toEqual(['EpisodeStarted', 'SafetyHoldNoted']);

    const before = await snapshot(clientId, episodeId);
    expect((await changeLevel(episodeId, INPATIENT, IOP)).status).toBe(422);
    await expectNothingWritten(clientId, episodeId, before);

    await service.publish(safetyHoldReleased(clientId));
    await waitFor(episodeStream(episodeId), 'SafetyHoldLifted');
    expect(await service.typesIn(clientEpisodesStream(clientId))).toEqual(['EpisodeStarted', 'SafetyHoldNoted', 'SafetyHoldLifted']);
    expect((await episodeView(episodeId)).safetyHold).toEqual({ isOnSafetyHold: false, safetyLevel: INPATIENT });

    const allowed = await changeLevel(episodeId, INPATIENT, IOP);
    expect(allowed.status).toBe(201);
    expect(allowed.body.level).toEqual(IOP);
  });
});

describe('a release because the client was admitted at a 24-hour level', () => {
  it('keeps the hold in the ledger: the client admitted at 3.5 shows below the safety level, and a later step-down to IOP is refused', async () => {
    const { clientId, episodeId, admitted } = await heldAndAdmitted(third('3.5'));
    await service.publish(
      safetyHoldReleased(clientId, { reason: 'placed-at-24-hour-level', admissionId: admitted.data.admissionId, level: third('3.5') }),
    );
    await service.quiet();
    expect(await service.typesIn(clientEpisodesStream(clientId))).toEqual(['SafetyHoldNoted', 'EpisodeStarted']);
    expect((await episodeView(episodeId)).safetyHold).toMatchObject({ isOnSafetyHold: true, isBelowSafetyLevel: true });

    const before = await snapshot(clientId, episodeId);
    const refused = await changeLevel(episodeId, third('3.5'), IOP);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('below-safety-level');
    await expectNothingWritten(clientId, episodeId, before);

    // What would allow it: up to the safety level first.
    expect((await changeLevel(episodeId, third('3.5'), INPATIENT)).status).toBe(201);
  });
});

describe('a transfer while held', () => {
  it('is refused for a client below the safety level, writing nothing, and allowed once the hold is lifted', async () => {
    const { clientId, episodeId } = await heldAndAdmitted(IOP);
    const transfer = () =>
      service
        .http()
        .post(`/api/v1/episodes/${episodeId}/site-transfers`)
        .set(as(clinician))
        .send({ toSiteId: 'site-south', reason: { code: 'clinical-need' } });
    const before = await snapshot(clientId, episodeId);
    const refused = await transfer();
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('below-safety-level');
    expect(refused.body.detail).toMatch(/a transfer would place them at the new site below it/);
    await expectNothingWritten(clientId, episodeId, before);

    await service.publish(safetyHoldReleased(clientId));
    await waitFor(episodeStream(episodeId), 'SafetyHoldLifted');
    expect((await transfer()).status).toBe(201);
  });
});

describe('redelivered events', () => {
  it('change nothing: a hold and its release delivered again, through the inbox or around it', async () => {
    const { admitted, episodeId } = await service.admit({ level: INPATIENT });
    const { clientId } = admitted.data;
    const placed = safetyHoldPlaced(clientId);
    const released = safetyHoldReleased(clientId);
    const ledger = service.app.get(EpisodeLedger);

    await service.publish(placed);
    await waitFor(episodeStream(episodeId), 'SafetyHoldNoted');
    let before = await snapshot(clientId, episodeId);
    await service.publish(placed);
    await service.quiet();
    await ledger.noteSafetyHold(placed);
    await expectNothingWritten(clientId, episodeId, before);

    await service.publish(released);
    await waitFor(episodeStream(episodeId), 'SafetyHoldLifted');
    before = await snapshot(clientId, episodeId);
    await ledger.liftSafetyHold(released);
    // The old placement heard again after the release does not place the hold again.
    await ledger.noteSafetyHold(placed);
    await service.publish(placed);
    await service.quiet();
    await expectNothingWritten(clientId, episodeId, before);
    expect(await service.typesIn(episodeStream(episodeId))).toEqual(['EpisodeOpened', 'SafetyHoldNoted', 'SafetyHoldLifted']);
  });
});
