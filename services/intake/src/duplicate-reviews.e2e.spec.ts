import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { eventually } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed } from '@continuum/service-testing';
import { exampleRegistration } from './api/examples.js';
import { ClientIndex } from './application/client-index.js';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// A possible duplicate across the network (docs/domain/intake-record-views.md#possible-duplicates):
// a coordinator outside the other client's site learns only that a match exists; a network
// administrator resolves it.

const NORTH = 'site-north';
const SOUTH = 'site-south';

let intake: IntakeTestApp;
let northCoordinator: string;
let southCoordinator: string;
let bothSitesCoordinator: string;
let networkAdmin: string;
const http = () => intake.http();

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-duplicate-reviews-e2e');
  northCoordinator = await token('intake-coordinator', [NORTH], 'coordinator-north');
  southCoordinator = await token('intake-coordinator', [SOUTH], 'coordinator-south');
  bothSitesCoordinator = await token('intake-coordinator', [NORTH, SOUTH], 'coordinator-both');
  networkAdmin = await token('network-admin', [], 'network-admin-1');
}, 30_000);

afterAll(() => intake.close());

/** One person, not met elsewhere in this file. */
const newPerson = () => ({ givenName: 'Sam', familyName: `Duplicate-${randomUUID().slice(0, 8)}`, dateOfBirth: '1979-06-02', contact: {} });

async function registerAt(siteId: string, who: string, person: ReturnType<typeof newPerson>) {
  const answer = await http()
    .post('/api/v1/clients')
    .set(as(who))
    .send({ ...exampleRegistration(siteId), person });
  expect(answer.status).toBe(201);
  return answer.body as { clientId: string; possibleDuplicateOf: string[]; possibleMatchInNetwork: boolean };
}

type Review = { reviewId: string; clientId: string; siteId: string; possibleDuplicateOf: string; otherSiteId: string };

async function openReviewFor(clientId: string): Promise<Review> {
  return eventually(async () => {
    const page = await http().get('/api/v1/duplicate-reviews').set(as(networkAdmin)).expect(200);
    return (page.body.items as Review[]).find((review) => review.clientId === clientId);
  }, 'the open duplicate review');
}

describe('registering a person already registered at another site', () => {
  it('tells a coordinator of the other site only that a possible match exists in the network', async () => {
    const person = newPerson();
    const north = await registerAt(NORTH, northCoordinator, person);
    const south = await registerAt(SOUTH, southCoordinator, { ...person, givenName: ' SAM ' });
    expect(south).toMatchObject({ possibleDuplicateOf: [], possibleMatchInNetwork: true });
    expect(JSON.stringify(south)).not.toContain(north.clientId);

    const record = await http().get(`/api/v1/clients/${south.clientId}`).set(as(southCoordinator)).expect(200);
    expect(record.body).toMatchObject({ possibleDuplicateOf: [], possibleMatchInNetwork: true });
    expect(JSON.stringify(record.body)).not.toContain(north.clientId);
  });

  it('flags a registration of the same person that lands between reading the index and appending', async () => {
    const person = newPerson();
    const index = intake.app.get(ClientIndex);
    const read = index.possibleDuplicatesOf.bind(index);
    let concurrent: { clientId: string } | undefined;
    // The first read finds no one; before this registration appends, another coordinator
    // registers the same person (its own read runs unhindered).
    const spy = jest.spyOn(index, 'possibleDuplicatesOf').mockImplementationOnce(async (who) => {
      const before = await read(who);
      concurrent = await registerAt(SOUTH, bothSitesCoordinator, person);
      return before;
    });
    try {
      const late = await registerAt(NORTH, bothSitesCoordinator, person);
      expect(concurrent).toBeDefined();
      expect(late).toMatchObject({ possibleDuplicateOf: [concurrent!.clientId], possibleMatchInNetwork: false });
      expect((await openReviewFor(late.clientId)).possibleDuplicateOf).toBe(concurrent!.clientId);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers 409, writing nothing, when registrations of the same person keep landing in that gap', async () => {
    const person = newPerson();
    const index = intake.app.get(ClientIndex);
    const read = index.possibleDuplicatesOf.bind(index);
    let before: Awaited<ReturnType<typeof flushedSnapshot>> | undefined;
    // Every attempt (three) reads the index, then another registration of the person lands.
    const spy = jest.spyOn(index, 'possibleDuplicatesOf').mockImplementation(async (who) => {
      spy.mockImplementation(read);
      const seen = await read(who);
      await registerAt(SOUTH, bothSitesCoordinator, person);
      before = await flushedSnapshot(intake);
      spy.mockImplementation(racing);
      return seen;
    });
    const racing = spy.getMockImplementation()!;
    try {
      const answer = await http()
        .post('/api/v1/clients')
        .set(as(bothSitesCoordinator))
        .send({ ...exampleRegistration(NORTH), person });
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toMatch(/same name and date of birth at the same moment/);
      expect(await appendedSinceFlushed(intake, before!)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('names the other client to a coordinator who works at both sites', async () => {
    const person = newPerson();
    const north = await registerAt(NORTH, northCoordinator, person);
    const again = await registerAt(SOUTH, bothSitesCoordinator, person);
    expect(again).toMatchObject({ possibleDuplicateOf: [north.clientId], possibleMatchInNetwork: false });
  });

  it('names a duplicate at the coordinator’s own site', async () => {
    const person = newPerson();
    const first = await registerAt(NORTH, northCoordinator, person);
    expect(first).toMatchObject({ possibleDuplicateOf: [], possibleMatchInNetwork: false });
    const second = await registerAt(NORTH, northCoordinator, person);
    expect(second).toMatchObject({ possibleDuplicateOf: [first.clientId], possibleMatchInNetwork: false });
  });

  it('raises a review for the network administrator, with ids and sites only, resolved once', async () => {
    const person = newPerson();
    const north = await registerAt(NORTH, northCoordinator, person);
    const south = await registerAt(SOUTH, southCoordinator, person);

    const review = await openReviewFor(south.clientId);
    expect(review).toMatchObject({ clientId: south.clientId, siteId: SOUTH, possibleDuplicateOf: north.clientId, otherSiteId: NORTH });
    expect(JSON.stringify(review)).not.toMatch(new RegExp(person.familyName));

    const resolved = await http()
      .post(`/api/v1/duplicate-reviews/${review.reviewId}/resolution`)
      .set(as(networkAdmin))
      .send({ outcome: 'same-person' })
      .expect(200);
    expect(resolved.body).toMatchObject({ reviewId: review.reviewId, outcome: 'same-person', possibleDuplicateOf: north.clientId });
    await eventually(async () => {
      const page = await http().get('/api/v1/duplicate-reviews').set(as(networkAdmin)).expect(200);
      return (page.body.items as Review[]).every((open) => open.reviewId !== review.reviewId) ? true : undefined;
    }, 'the review off the open list');

    // Asked again the same: already done, nothing more written. Asked otherwise: 422, nothing written.
    const before = await flushedSnapshot(intake);
    await http()
      .post(`/api/v1/duplicate-reviews/${review.reviewId}/resolution`)
      .set(as(networkAdmin))
      .send({ outcome: 'same-person' })
      .expect(200);
    const changed = await http()
      .post(`/api/v1/duplicate-reviews/${review.reviewId}/resolution`)
      .set(as(networkAdmin))
      .send({ outcome: 'different-people' });
    expect(changed.status).toBe(422);
    expect(changed.body.detail).toMatch(/already resolved as same-person/);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it('refuses an outcome it does not know, and a review that does not exist, writing nothing', async () => {
    const person = newPerson();
    await registerAt(NORTH, northCoordinator, person);
    const south = await registerAt(SOUTH, southCoordinator, person);
    const review = await openReviewFor(south.clientId);
    const before = await flushedSnapshot(intake);
    const unknown = await http()
      .post(`/api/v1/duplicate-reviews/${review.reviewId}/resolution`)
      .set(as(networkAdmin))
      .send({ outcome: 'maybe' });
    expect(unknown.status).toBe(422);
    const missing = await http()
      .post(`/api/v1/duplicate-reviews/${randomUUID()}/resolution`)
      .set(as(networkAdmin))
      .send({ outcome: 'same-person' });
    expect(missing.status).toBe(404);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });

  it.each([
    ['a coordinator', () => southCoordinator],
    ['a clinician', () => token('clinician', [NORTH])],
    ['an auditor', () => token('auditor', [])],
  ])('refuses %s the reviews (list and resolution), leaving only the security events', async (_who, tokenOf) => {
    const who = await tokenOf();
    const before = await flushedSnapshot(intake);
    await http().get('/api/v1/duplicate-reviews').set(as(who)).expect(403);
    await http().post(`/api/v1/duplicate-reviews/${randomUUID()}/resolution`).set(as(who)).send({ outcome: 'same-person' }).expect(403);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
    expect((await refusalsSinceFlushed(intake, before)).map((event) => (event.data as { status: number }).status)).toEqual([403, 403]);
  });
});
