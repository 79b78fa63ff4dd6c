import { randomUUID } from 'node:crypto';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';
import { careTeamChanged } from './testing/integration-events.js';

// A client's referrals with their disclosures, for the console's chart, read under the rule of
// one referral (docs/domain/dual-diagnosis.md#who-reads-a-referral).

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const NOW = new Date('2026-03-02T09:00:00.000Z');

let service: DualDiagnosisTestApp;
const tokens: Record<string, string> = {};
const get = (who: string, path: string) => service.http().get(`/api/v1${path}`).set(as(tokens[who]!));

/** A read answered leaves exactly one access record: who read which client's referrals. */
async function loggedRead(send: () => Promise<{ status: number }>, clientId: string) {
  const before = await flushedSnapshot(service);
  expect((await send()).status).toBe(200);
  expect((await appendedSinceFlushed(service, before)).map((event) => [event.type, event.data])).toEqual([
    ['ClientRecordAccessed', expect.objectContaining({ clientId, what: expect.objectContaining({ resourceKind: 'referrals' }) })],
  ]);
}

/** A client with an open referral at SITE (intake found a co-occurring condition). */
const clientWithReferral = () => service.clientWithReferral(SITE, NOW, tokens['clinician-7']!);

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-client-referrals-e2e', { now: NOW });
  const staff: Array<[string, Parameters<typeof token>[0], string[]]> = [
    ['clinician-7', 'clinician', [SITE]],
    ['clinician-8', 'clinician', [SITE]],
    ['supervisor-9', 'clinical-supervisor', [OTHER_SITE]],
    ['site-admin-1', 'site-admin', [SITE]],
    ['auditor-1', 'auditor', []],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

afterAll(() => service.close());

it("answers the client's referrals at the caller's sites with their disclosure records", async () => {
  const { clientId, referralId } = await clientWithReferral();
  const emergency = {
    recipientName: 'Dr. R. Osei',
    affiliation: 'Mercy Hospital emergency department',
    natureOfEmergency: 'imminent suicide risk: client brought to the emergency department',
    consentObtainable: false,
  };
  const disclosed = await service
    .http()
    .post(`/api/v1/referrals/${referralId}/emergency-disclosure`)
    .set(as(tokens['clinician-7']!))
    .send(emergency);
  expect(disclosed.status).toBe(200);

  const referrals = await get('clinician-8', `/clients/${clientId}/referrals`);
  expect(referrals.status).toBe(200);
  expect(referrals.body).toEqual({
    clientId,
    items: [
      expect.objectContaining({
        referralId,
        clientId,
        siteId: SITE,
        conditionCode: 'depression',
        disclosures: [expect.objectContaining({ purpose: 'ETREAT', basis: expect.objectContaining({ citation: '42 CFR 2.51' }) })],
      }),
    ],
  });
  expect((await get('auditor-1', `/clients/${clientId}/referrals`)).body.items).toHaveLength(1);
  await loggedRead(() => get('clinician-8', `/clients/${clientId}/referrals`), clientId);
  // Another site's supervisor is not told the referral exists.
  expect((await get('supervisor-9', `/clients/${clientId}/referrals`)).body).toEqual({ clientId, items: [] });
}, 30_000);

it("in the client's episode is for its care team: anyone else at the site is refused (403), as is a malformed id (400), writing nothing", async () => {
  const { clientId } = await clientWithReferral();
  await service.publish(
    careTeamChanged(clientId, randomUUID(), [{ userId: 'clinician-7', teamRole: 'clinician' }], SITE, '2026-03-02T08:00:00.000Z'),
  );
  await service.quiet();
  expect((await get('clinician-7', `/clients/${clientId}/referrals`)).body.items).toHaveLength(1);
  for (const who of ['clinician-8', 'site-admin-1']) {
    const { refusals } = await refusedWritingNothing(service, () => get(who, `/clients/${clientId}/referrals`), 403);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  }
  await refusedWritingNothing(service, () => get('clinician-7', '/clients/not-a-uuid/referrals'), 400);
}, 30_000);
