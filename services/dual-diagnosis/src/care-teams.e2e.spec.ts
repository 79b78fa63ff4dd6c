import { randomUUID } from 'node:crypto';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { clientFileStream } from './domain/index.js';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';
import { careTeamChanged, episodeDischarged } from './testing/integration-events.js';

// Who reads one referral's clinical detail (docs/domain/dual-diagnosis.md#who-reads-a-referral):
// before the client's episode the site's clinical staff; in an episode its care team (copied
// from treatment-plan's CareTeamChanged), the site's clinical supervisors, auditors, or a
// break-the-glass grant. Everyone else at the site is refused, writing nothing but the refusal.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const NOW = new Date('2026-03-02T09:00:00.000Z');
const TEAM = [
  { userId: 'clinician-7', teamRole: 'clinician' as const },
  { userId: 'nurse-3', teamRole: 'nurse' as const },
];

let service: DualDiagnosisTestApp;
const tokens: Record<string, string> = {};
const http = () => service.http();
const get = (who: string, path: string) => http().get(`/api/v1${path}`).set(as(tokens[who]!));

/** A client with an open referral at SITE (intake found a co-occurring condition). */
const clientWithReferral = () => service.clientWithReferral(SITE, NOW, tokens['clinician-7']!);

async function tellCareTeam(clientId: string, episodeId: string, members: typeof TEAM, at: string) {
  await service.publish(careTeamChanged(clientId, episodeId, members, SITE, at));
  await service.quiet();
}

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-care-teams-e2e', { now: NOW, env: { BREAK_THE_GLASS_MINUTES: '30' } });
  const staff: Array<[string, Parameters<typeof token>[0], string[]]> = [
    ['clinician-7', 'clinician', [SITE]],
    ['nurse-3', 'nurse', [SITE]],
    ['clinician-8', 'clinician', [SITE]],
    ['prescriber-2', 'prescriber', [SITE]],
    ['case-manager-4', 'case-manager', [SITE]],
    ['supervisor-1', 'clinical-supervisor', [SITE]],
    ['supervisor-9', 'clinical-supervisor', [OTHER_SITE]],
    ['site-admin-1', 'site-admin', [SITE]],
    ['intake-1', 'intake-coordinator', [SITE]],
    ['auditor-1', 'auditor', []],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

beforeEach(() => service.clock.set(NOW));
afterAll(() => service.close());

describe("a referral's clinical detail before the client's episode", () => {
  it("is read by the site's clinical staff, supervisors and auditors", async () => {
    const { referralId } = await clientWithReferral();
    for (const who of ['clinician-8', 'nurse-3', 'prescriber-2', 'case-manager-4', 'supervisor-1', 'auditor-1']) {
      const read = await get(who, `/referrals/${referralId}`);
      expect([who, read.status, read.body.conditionCode]).toEqual([who, 200, 'depression']);
    }
  });

  it("is refused to the site's intake coordinator and administrator, and to another site's supervisor, writing nothing", async () => {
    const { referralId } = await clientWithReferral();
    for (const who of ['intake-1', 'site-admin-1']) {
      const { response: refused } = await refusedWritingNothing(service, () => get(who, `/referrals/${referralId}`), 403);
      expect(refused.body.detail).toMatch(/identity and scheduling/);
    }
    await refusedWritingNothing(service, () => get('supervisor-9', `/referrals/${referralId}`), 403);
  });

  it('still leaves the queue rows to the intake coordinator', async () => {
    const { clientId } = await clientWithReferral();
    const rows = (await get('intake-1', `/sites/${SITE}/referrals`)).body.items as Array<Record<string, string>>;
    expect(rows.map((row) => row.clientId)).toContain(clientId);
  });
});

describe("a referral's clinical detail in an episode", () => {
  it('is read by the care team, the site supervisor and auditors; the rest of the clinical staff is refused', async () => {
    const { clientId, referralId } = await clientWithReferral();
    await tellCareTeam(clientId, randomUUID(), TEAM, '2026-03-02T08:00:00.000Z');
    for (const who of ['clinician-7', 'nurse-3', 'supervisor-1', 'auditor-1']) {
      expect([who, (await get(who, `/referrals/${referralId}`)).status]).toEqual([who, 200]);
    }
    for (const who of ['clinician-8', 'prescriber-2', 'case-manager-4']) {
      const { response: refused } = await refusedWritingNothing(service, () => get(who, `/referrals/${referralId}`), 403);
      expect(refused.body.detail).toContain(`POST /api/v1/clients/${clientId}/break-the-glass`);
    }
    for (const who of ['intake-1', 'site-admin-1']) await refusedWritingNothing(service, () => get(who, `/referrals/${referralId}`), 403);
  });

  it('follows the newest team told, ignores a late older one and a redelivery, and opens again after discharge', async () => {
    const { clientId, referralId } = await clientWithReferral();
    const episodeId = randomUUID();
    const newer = careTeamChanged(
      clientId,
      episodeId,
      [{ userId: 'clinician-8', teamRole: 'clinician' }],
      SITE,
      '2026-03-02T08:30:00.000Z',
    );
    await service.publish(newer);
    await service.publish(newer);
    await tellCareTeam(clientId, episodeId, TEAM, '2026-03-02T08:00:00.000Z');
    expect(await service.typesIn(clientFileStream(clientId))).toEqual(['ReferralLinked', 'CareTeamNoted']);
    expect((await get('clinician-8', `/referrals/${referralId}`)).status).toBe(200);
    await refusedWritingNothing(service, () => get('clinician-7', `/referrals/${referralId}`), 403);

    await service.publish(episodeDischarged(clientId, SITE, '2026-03-02T08:45:00.000Z', episodeId));
    await service.quiet();
    expect((await get('clinician-7', `/referrals/${referralId}`)).status).toBe(200);
  });
});

describe('break-the-glass', () => {
  const breakGlass = (who: string, clientId: string, body: object) =>
    http().post(`/api/v1/clients/${clientId}/break-the-glass`).set(as(tokens[who]!)).send(body);

  it('opens the referral to a clinician off the team for the configured minutes, listed for the supervisor', async () => {
    const { clientId, referralId } = await clientWithReferral();
    await tellCareTeam(clientId, randomUUID(), TEAM, '2026-03-02T08:00:00.000Z');
    const granted = await breakGlass('clinician-8', clientId, {
      siteId: SITE,
      reason: 'Covering on call; client in crisis, team unreachable',
    });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ clientId, siteId: SITE, userId: 'clinician-8', service: 'dual-diagnosis' });
    expect((await get('clinician-8', `/referrals/${referralId}`)).status).toBe(200);
    const review = await get('supervisor-1', `/break-the-glass?siteId=${SITE}`);
    expect(review.status).toBe(200);
    expect((review.body.grants as Array<{ grantId: string }>).map((grant) => grant.grantId)).toContain(granted.body.grantId);

    service.clock.set(new Date(NOW.getTime() + 30 * 60_000));
    await refusedWritingNothing(service, () => get('clinician-8', `/referrals/${referralId}`), 403);
  });

  it('is refused without a reason (400) and to an intake coordinator (403), granting nothing', async () => {
    const { clientId, referralId } = await clientWithReferral();
    await tellCareTeam(clientId, randomUUID(), TEAM, '2026-03-02T08:00:00.000Z');
    const before = await flushedSnapshot(service);
    await refusedWritingNothing(service, () => breakGlass('clinician-8', clientId, { siteId: SITE, reason: ' ' }), 400);
    expect(await appendedSinceFlushed(service, before)).toEqual([]);
    await refusedWritingNothing(
      service,
      () => breakGlass('intake-1', clientId, { siteId: SITE, reason: 'I need to schedule this client today' }),
      403,
    );
    await refusedWritingNothing(service, () => get('clinician-8', `/referrals/${referralId}`), 403);
  });
});
