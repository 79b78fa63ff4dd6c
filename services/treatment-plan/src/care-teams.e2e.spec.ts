import {
  BREAK_THE_GLASS_GRANTED,
  BREAK_THE_GLASS_REVIEWED,
  type BreakTheGlassGrant,
  DEV_JWT_SECRET,
  mintDevToken,
} from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { planStream } from './domain/index.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// Minimum necessary in treatment-plan (docs/domain/roles-and-sites.md#what-each-role-sees):
// the episode's care team, the site's clinical supervisors and auditors read the plan and the
// episode; the rest of the site's staff are refused unless they break the glass, and the
// lists show them identity and scheduling columns only.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const NOW = '2026-01-12T09:00:00.000Z';

let service: TreatmentPlanTestApp;
const tokens: Record<string, string> = {};
const http = () => service.http();
const get = (who: string, path: string) => http().get(`/api/v1${path}`).set(as(tokens[who]!));
const TEAM = [
  { userId: 'clinician-7', teamRole: 'clinician' as const },
  { userId: 'nurse-3', teamRole: 'nurse' as const },
];

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('care-teams-e2e', { now: new Date(NOW), env: { BREAK_THE_GLASS_MINUTES: '30' } });
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
    ['network-admin-1', 'network-admin', []],
    ['auditor-1', 'auditor', []],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

beforeEach(() => service.clock.set(NOW));
afterAll(() => service.close());

describe('the care team', () => {
  it("is assigned by the site's clinical supervisor, stated whole, and kept on the plan's stream", async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    const assigned = await http()
      .put(`/api/v1/episodes/${episodeId}/care-team`)
      .set(as(tokens['supervisor-1']!))
      .send({ members: [...TEAM].reverse() });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ episodeId, members: TEAM, events: [{ type: 'CareTeamChanged' }] });
    expect(await service.typesIn(planStream(episodeId))).toEqual(['PlanDrafted', 'CareTeamChanged']);
    const plan = await get('clinician-7', `/plans/${episodeId}`);
    expect(plan.status).toBe(200);
    expect(plan.body.plan.careTeam).toEqual(TEAM);
  });

  it('is refused to everyone else who could reach the route, writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    for (const who of ['clinician-7', 'site-admin-1', 'auditor-1', 'network-admin-1', 'supervisor-9']) {
      const { refusals } = await refusedWritingNothing(
        service,
        () => http().put(`/api/v1/episodes/${episodeId}/care-team`).set(as(tokens[who]!)).send({ members: TEAM }),
        403,
      );
      expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
    }
  });

  it('refuses two clinicians (422) and a role that is not a team role (400), writing nothing', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    const send = (members: object[]) => () =>
      http().put(`/api/v1/episodes/${episodeId}/care-team`).set(as(tokens['supervisor-1']!)).send({ members });
    await refusedWritingNothing(
      service,
      send([
        { userId: 'clinician-7', teamRole: 'clinician' },
        { userId: 'clinician-8', teamRole: 'clinician' },
      ]),
      422,
    );
    await refusedWritingNothing(service, send([{ userId: 'site-admin-1', teamRole: 'site-admin' }]), 400);
  });
});

describe('clinical reads', () => {
  it('are for the care team, the site supervisor and auditors; the rest of the site is refused with its security event', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    for (const who of ['clinician-7', 'nurse-3', 'supervisor-1', 'auditor-1']) {
      expect([who, (await get(who, `/plans/${episodeId}`)).status]).toEqual([who, 200]);
      expect([who, (await get(who, `/episodes/${episodeId}`)).status]).toEqual([who, 200]);
    }
    // Admitted by the routes' @Roles at the site, but not on the team: a clinician, a prescriber, a case manager, the site's administrator.
    for (const who of ['clinician-8', 'prescriber-2', 'case-manager-4', 'site-admin-1']) {
      for (const path of [`/plans/${episodeId}`, `/episodes/${episodeId}`]) {
        const { refusals } = await refusedWritingNothing(service, () => get(who, path), 403);
        expect(refusals).toHaveLength(1);
        expect(refusals[0]!.metadata.actor).toMatchObject({ userId: who });
      }
    }
    // Off the routes' roles altogether, or at another site.
    for (const who of ['intake-1', 'network-admin-1', 'supervisor-9']) {
      expect([who, (await get(who, `/plans/${episodeId}`)).status]).toEqual([who, 403]);
    }
  });

  it('tell a clinician off the team how to break the glass, and a site administrator that the view is not theirs', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const clinician = await get('clinician-8', `/plans/${episodeId}`);
    expect(clinician.body.detail).toContain(`POST /api/v1/clients/${admitted.data.clientId}/break-the-glass`);
    const admin = await get('site-admin-1', `/episodes/${episodeId}`);
    expect(admin.body.detail).toMatch(/identity and scheduling/);
  });

  it('open to the new team when the supervisor changes it, and close to whoever left it', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    await service.assignCareTeam(episodeId, SITE, [{ userId: 'clinician-8', teamRole: 'clinician' }]);
    expect((await get('clinician-8', `/plans/${episodeId}`)).status).toBe(200);
    await refusedWritingNothing(service, () => get('clinician-7', `/plans/${episodeId}`), 403);
    await refusedWritingNothing(service, () => get('nurse-3', `/episodes/${episodeId}`), 403);
  });

  it('are closed to everyone but the site supervisor and auditors while no team is assigned', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' });
    await refusedWritingNothing(service, () => get('clinician-7', `/plans/${episodeId}`), 403);
    expect((await get('supervisor-1', `/plans/${episodeId}`)).status).toBe(200);
    expect((await get('auditor-1', `/episodes/${episodeId}`)).status).toBe(200);
  });
});

describe('break-the-glass', () => {
  const breakGlass = (who: string, clientId: string, body: object) =>
    http().post(`/api/v1/clients/${clientId}/break-the-glass`).set(as(tokens[who]!)).send(body);

  it('grants a clinician off the team the record for the configured minutes, recorded before it is answered', async () => {
    const { admitted, episodeId } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const { clientId } = admitted.data;
    const reason = 'Covering the on-call shift; client arrived in crisis';
    const before = await flushedSnapshot(service);
    const grantsInStore = await recordedGrants();
    const granted = await breakGlass('clinician-8', clientId, { siteId: SITE, reason });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      clientId,
      siteId: SITE,
      userId: 'clinician-8',
      role: 'clinician',
      reason,
      grantedAt: NOW,
      expiresAt: '2026-01-12T09:30:00.000Z',
    });
    // In the store when the answer came, with no flush in between.
    expect(await recordedGrants()).toHaveLength(grantsInStore.length + 1);
    const grants = (await appendedSinceFlushed(service, before)).filter((event) => event.type === BREAK_THE_GLASS_GRANTED);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.streamId).toMatch(/^access-log-treatment-plan-2026-01-12-/);
    expect(grants[0]!.metadata).toMatchObject({ clientId, siteId: SITE, actor: { userId: 'clinician-8', role: 'clinician' } });

    expect((await get('clinician-8', `/plans/${episodeId}`)).status).toBe(200);
    expect((await get('clinician-8', `/episodes/${episodeId}`)).status).toBe(200);
    // Only for them, only for that client.
    await refusedWritingNothing(service, () => get('prescriber-2', `/plans/${episodeId}`), 403);
    const other = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    await refusedWritingNothing(service, () => get('clinician-8', `/plans/${other.episodeId}`), 403);

    service.clock.set('2026-01-12T09:29:59.000Z');
    expect((await get('clinician-8', `/plans/${episodeId}`)).status).toBe(200);
    service.clock.set('2026-01-12T09:30:00.000Z');
    await refusedWritingNothing(service, () => get('clinician-8', `/plans/${episodeId}`), 403);
  });

  it('needs a reason (400), writing nothing', async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    for (const body of [{ siteId: SITE }, { siteId: SITE, reason: '          ' }, { siteId: SITE, reason: 'because' }]) {
      await refusedWritingNothing(service, () => breakGlass('clinician-8', admitted.data.clientId, body), 400);
    }
  });

  it('is for the site clinical staff only: not a site administrator, an intake coordinator, an auditor or another site', async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const body = { siteId: SITE, reason: 'client arrived in crisis, team unreachable' };
    for (const who of ['site-admin-1', 'intake-1', 'auditor-1', 'network-admin-1', 'supervisor-1']) {
      await refusedWritingNothing(service, () => breakGlass(who, admitted.data.clientId, body), 403);
    }
    const elsewhere = await token('clinician', [OTHER_SITE], 'clinician-9');
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/clients/${admitted.data.clientId}/break-the-glass`).set(as(elsewhere)).send(body),
      403,
    );
  });

  it("lists the site's grants, newest first, for its clinical supervisors and auditors to review", async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const { clientId } = admitted.data;
    await breakGlass('case-manager-4', clientId, { siteId: SITE, reason: 'utilisation review due today, team away' });
    service.clock.set('2026-01-12T09:05:00.000Z');
    await breakGlass('prescriber-2', clientId, { siteId: SITE, reason: 'withdrawal symptoms; on-call prescriber' });
    const listed = await get('supervisor-1', `/break-the-glass?siteId=${SITE}`);
    expect(listed.status).toBe(200);
    const ours = (listed.body.grants as BreakTheGlassGrant[]).filter((grant) => grant.clientId === clientId);
    expect(ours.map((grant) => [grant.userId, grant.reason])).toEqual([
      ['prescriber-2', 'withdrawal symptoms; on-call prescriber'],
      ['case-manager-4', 'utilisation review due today, team away'],
    ]);
    expect((await get('auditor-1', `/break-the-glass?siteId=${SITE}`)).status).toBe(200);
    for (const who of ['clinician-7', 'site-admin-1', 'supervisor-9']) {
      expect([who, (await get(who, `/break-the-glass?siteId=${SITE}`)).status]).toEqual([who, 403]);
    }
    expect((await get('supervisor-9', `/break-the-glass?siteId=${OTHER_SITE}`)).body.grants).toEqual([]);
  });

  it("is reviewed once by another of the site's clinical supervisors, and then leaves the review queue", async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const { clientId } = admitted.data;
    const granted = await breakGlass('nurse-3', clientId, { siteId: SITE, reason: 'client arrived in crisis, team unreachable' });
    expect(granted.status).toBe(201);
    const { grantId } = granted.body as BreakTheGlassGrant;
    const queue = async () => (await get('supervisor-1', `/break-the-glass?siteId=${SITE}&status=to-review`)).body;
    const waiting = await queue();
    expect(waiting.grants.map((grant: BreakTheGlassGrant) => grant.grantId)).toContain(grantId);
    expect(waiting.total).toBe(waiting.grants.length);
    const review = (who: string, body: object, id = grantId) =>
      http().post(`/api/v1/break-the-glass/${id}/review`).set(as(tokens[who]!)).send(body);

    // Not an auditor (never writes), not another site's supervisor, not a bad outcome, not an unknown grant.
    for (const who of ['auditor-1', 'supervisor-9', 'clinician-7'])
      await refusedWritingNothing(service, () => review(who, { outcome: 'justified' }), 403);
    await refusedWritingNothing(service, () => review('supervisor-1', { outcome: 'fine by me' }), 400);
    await refusedWritingNothing(
      service,
      () => review('supervisor-1', { outcome: 'justified' }, '00000000-0000-4000-8000-000000000000'),
      404,
    );

    service.clock.set('2026-01-13T08:00:00.000Z');
    const before = await flushedSnapshot(service);
    const reviewed = await review('supervisor-1', { outcome: 'not-justified' });
    expect(reviewed.status).toBe(201);
    expect(reviewed.body).toMatchObject({
      grantId,
      clientId,
      siteId: SITE,
      outcome: 'not-justified',
      reviewedBy: 'supervisor-1',
      reviewedAt: '2026-01-13T08:00:00.000Z',
    });
    const recorded = (await appendedSinceFlushed(service, before)).filter((event) => event.type === BREAK_THE_GLASS_REVIEWED);
    expect(recorded.map((event) => [event.streamId.slice(0, 'access-log-treatment-plan-2026-01-13'.length), event.metadata.actor])).toEqual(
      [['access-log-treatment-plan-2026-01-13', { userId: 'supervisor-1', role: 'clinical-supervisor' }]],
    );

    expect((await queue()).grants.map((grant: BreakTheGlassGrant) => grant.grantId)).not.toContain(grantId);
    const done = await get('auditor-1', `/break-the-glass?siteId=${SITE}&status=reviewed`);
    expect(done.body.grants.find((grant: BreakTheGlassGrant) => grant.grantId === grantId).review).toMatchObject({
      outcome: 'not-justified',
    });
    // Once: a second review is refused and the first stands.
    await refusedWritingNothing(service, () => review('supervisor-1', { outcome: 'justified' }), 409);
  });

  it('is never reviewed by whoever broke the glass, even when they also supervise the site', async () => {
    const { admitted } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const both = await mintDevToken(
      { userId: 'clinician-supervisor-5', roles: ['clinician', 'clinical-supervisor'], sites: [SITE], ttl: '1h' },
      { secret: DEV_JWT_SECRET },
    );
    const granted = await http()
      .post(`/api/v1/clients/${admitted.data.clientId}/break-the-glass`)
      .set(as(both))
      .send({ siteId: SITE, reason: 'covering the on-call shift tonight' });
    expect(granted.status).toBe(201);
    const { refusals } = await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/break-the-glass/${granted.body.grantId}/review`).set(as(both)).send({ outcome: 'justified' }),
      403,
    );
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  });
});

describe('the lists', () => {
  it('show the care team and the supervisor whole rows, anyone else the route admits identity and scheduling columns only', async () => {
    const { episodeId } = await service.admit({ startDate: '2026-01-05' }, { careTeam: TEAM });
    const post = (path: string, body: object) =>
      http().post(`/api/v1/plans/${episodeId}${path}`).set(as(tokens['clinician-7']!)).send(body);
    // Written and signed by the team's clinician: the plan is on their caseload.
    const problem = await post('/problems', { code: 'opioid-use-disorder', dimension: 5 });
    await post('/goals', { problemId: problem.body.problemId, code: 'abstinence', targetDate: '2026-03-31' });
    expect((await post('/signatures', { signer: 'clinician' })).status).toBe(201);
    await service.settled();
    const rowOf = async (who: string) => {
      const caseload = await get(who, `/caseload?clinicianId=clinician-7&siteId=${SITE}&limit=100`);
      expect(caseload.status).toBe(200);
      return (caseload.body.items as Array<Record<string, unknown>>).find((row) => row.planId === episodeId);
    };
    for (const who of ['clinician-7', 'nurse-3', 'supervisor-1', 'auditor-1']) {
      expect(await rowOf(who)).toMatchObject({
        view: 'clinical',
        level: { code: '2.1' },
        soberSince: '2026-01-05',
        careTeam: ['clinician-7', 'nurse-3'],
      });
    }
    for (const who of ['site-admin-1', 'clinician-8']) {
      expect(await rowOf(who)).toEqual({
        planId: episodeId,
        episodeId,
        clientId: expect.any(String),
        siteId: SITE,
        clinicianId: 'clinician-7',
        careTeam: ['clinician-7', 'nurse-3'],
        startDate: '2026-01-05',
        plannedEndDate: expect.any(String),
        nextReviewDue: null,
        view: 'scheduling',
      });
    }
    // Counts per site and level are for every reader at the site.
    expect((await get('site-admin-1', `/census?siteId=${SITE}`)).body.sites[0]).toMatchObject({ siteId: SITE });
  });
});

async function recordedGrants() {
  const found = [];
  for await (const event of service.store().readAll({ filter: { eventTypes: [BREAK_THE_GLASS_GRANTED] } })) found.push(event);
  return found;
}
