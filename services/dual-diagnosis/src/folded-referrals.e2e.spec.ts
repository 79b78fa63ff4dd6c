import { randomUUID } from 'node:crypto';
import { revisionsReadDuring } from '@continuum/service-testing';
import { referralStream } from './domain/index.js';
import { INTERNAL as INTERNAL_PROVIDER, SITE } from './domain/testing/referral-fixtures.js';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';

// A referral read or changed by this process is not folded from its first event again: its next
// command and its next read start from the state the last one left (FoldedReferrals), reading
// only what the stream holds after it, and still see every event, another process's too.

const START = new Date('2026-03-02T09:00:00.000Z');
// The referral specs' internal provider, with what its registration also asks for.
const INTERNAL = { ...INTERNAL_PROVIDER, name: 'North Psychiatry Service', capacity: 5 };

let service: DualDiagnosisTestApp;
let clinician: string;

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-folded-referrals', { now: START });
  clinician = await token('clinician', [SITE], 'clinician-7');
  await service
    .http()
    .post('/api/v1/providers')
    .set(as(await token('site-admin', [SITE])))
    .send(INTERNAL)
    .expect(201);
}, 30_000);
afterAll(() => service.close());

const readsOf = (stream: string, act: () => Promise<void>) => revisionsReadDuring(service.store(), stream, act);

it('assigns a provider, and reads the referral after, reading nothing the last read of it already folded', async () => {
  const { referralId } = await service.clientWithReferral(SITE, START, clinician);
  const path = `/api/v1/referrals/${referralId}`;
  await service.http().get(path).set(as(clinician)).expect(200);

  const starts = await readsOf(referralStream(referralId), async () => {
    const assigned = await service.http().post(`${path}/provider`).set(as(clinician)).send({ providerId: INTERNAL.providerId }).expect(200);
    expect(assigned.body).toMatchObject({ events: [{ type: 'ProviderAssigned', revision: 1 }] });
    const read = await service.http().get(path).set(as(clinician)).expect(200);
    expect(read.body).toMatchObject({ provider: { providerId: INTERNAL.providerId } });
  });
  expect(starts.length).toBeGreaterThan(0);
  // The opening is revision 0, read by the first GET: the command reads from 1, the read after it from 2.
  expect(starts.filter((from) => from < 1)).toEqual([]);
  expect(starts.at(-1)).toBe(2);
});

it('still sees what another process wrote after the kept fold, in the command and in the read after it', async () => {
  const { referralId, clientId } = await service.clientWithReferral(SITE, START, clinician);
  const path = `/api/v1/referrals/${referralId}`;
  const before = await service.http().get(path).set(as(clinician)).expect(200);
  expect(before.body.urgency).not.toBe('emergent');

  // Another process sharing the store raises the urgency: this one's kept fold is now behind.
  const raisedAt = START.toISOString();
  await service.store().appendToStream(
    referralStream(referralId),
    [
      {
        eventId: randomUUID(),
        type: 'UrgencyRaised',
        data: { referralId, clientId, from: before.body.urgency, to: 'emergent', reasonCode: 'other-process', dueAt: raisedAt, raisedAt },
        metadata: {
          schemaVersion: 1,
          clientId,
          siteId: SITE,
          actor: { userId: 'clinician-8', role: 'clinician' },
          occurredAt: raisedAt,
          correlationId: randomUUID(),
          causationId: randomUUID(),
        },
      },
    ],
    { expectedRevision: 0 },
  );

  const assigned = await service.http().post(`${path}/provider`).set(as(clinician)).send({ providerId: INTERNAL.providerId }).expect(200);
  expect(assigned.body).toMatchObject({ events: [{ type: 'ProviderAssigned', revision: 2 }], referral: { urgency: 'emergent' } });
  const after = await service.http().get(path).set(as(clinician)).expect(200);
  expect(after.body).toMatchObject({ urgency: 'emergent', provider: { providerId: INTERNAL.providerId } });
});
