import { BREAK_THE_GLASS_GRANTED, type BreakTheGlassGrant } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { consentFileStream } from './domain/index.js';
import { careTeamChanged, episodeDischarged } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// Minimum necessary in aftercare (docs/domain/aftercare.md#who-reads-a-plan): a plan's clinical
// detail is for the discharged episode's care team, the site's clinical supervisors and auditors;
// the rest of the site's staff are refused unless they break the glass, and read the scheduling
// views (the lists) only.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const NOW = '2026-03-03T09:00:00.000Z';
const TEAM = [
  { userId: 'clinician-7', teamRole: 'clinician' as const },
  { userId: 'case-manager-3', teamRole: 'case-manager' as const },
];

let service: AftercareTestApp;
const tokens: Record<string, string> = {};
const http = () => service.http();
const get = (who: string, path: string) => http().get(`/api/v1${path}`).set(as(tokens[who]!));

/** A client discharged with the care team treatment-plan told for the episode; planId = the episode id. */
async function discharged(team = TEAM) {
  const discharge = episodeDischarged({ dischargeDate: '2026-03-02', dischargedAt: '2026-03-02T16:00:00.000Z' });
  if (team.length > 0) await service.tellCareTeam(careTeamChanged(discharge.data, team));
  await service.publish(discharge);
  const planId = discharge.data.episodeId;
  await service.waitFor(planId, 'AftercarePlanCreated');
  await service.settled();
  return { discharge, planId, clientId: discharge.data.clientId };
}

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-care-teams-e2e', { now: new Date(NOW), env: { BREAK_THE_GLASS_MINUTES: '30' } });
  const staff: Array<[string, Parameters<typeof token>[0], string[]]> = [
    ['clinician-7', 'clinician', [SITE]],
    ['case-manager-3', 'case-manager', [SITE]],
    ['clinician-8', 'clinician', [SITE]],
    ['nurse-4', 'nurse', [SITE]],
    ['prescriber-2', 'prescriber', [SITE]],
    ['case-manager-5', 'case-manager', [SITE]],
    ['supervisor-1', 'clinical-supervisor', [SITE]],
    ['supervisor-9', 'clinical-supervisor', [OTHER_SITE]],
    ['site-admin-1', 'site-admin', [SITE]],
    ['intake-1', 'intake-coordinator', [SITE]],
    ['auditor-1', 'auditor', []],
  ];
  for (const [userId, role, sites] of staff) tokens[userId] = await token(role, sites, userId);
}, 30_000);

beforeEach(() => service.clock.set(new Date(NOW)));
afterAll(() => service.close());

describe("aftercare's copy of the care team", () => {
  it("is noted in the client's file once per CareTeamChanged, and a change older than the one held is ignored", async () => {
    const discharge = episodeDischarged();
    const changed = careTeamChanged(discharge.data, TEAM, '2026-02-01T09:00:00.000Z');
    await service.tellCareTeam(changed);
    await service.publish(changed);
    await service.publish(
      careTeamChanged(discharge.data, [{ userId: 'clinician-old', teamRole: 'clinician' }], '2026-01-31T09:00:00.000Z'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const file = await service.store().readStream(consentFileStream(discharge.data.clientId));
    expect(file.map((event) => event.type)).toEqual(['CareTeamNoted']);
    expect(file[0]!.data).toMatchObject({ episodeId: discharge.data.episodeId, members: TEAM, sourceEventId: changed.eventId });
    expect(file[0]!.metadata).toMatchObject({ causationId: changed.eventId, clientId: discharge.data.clientId, siteId: SITE });
  });

  it('opens the plan to the new team when the supervisor changes it, and closes it to whoever left', async () => {
    const { discharge, planId } = await discharged();
    // Read first, so the change is met by a process that has the earlier team in hand.
    expect((await get('clinician-7', `/aftercare-plans/${planId}`)).status).toBe(200);
    await refusedWritingNothing(service, () => get('clinician-8', `/aftercare-plans/${planId}`), 403);
    await service.tellCareTeam(
      careTeamChanged(discharge.data, [{ userId: 'clinician-8', teamRole: 'clinician' }], '2026-03-03T08:00:00.000Z'),
    );
    expect((await get('clinician-8', `/aftercare-plans/${planId}`)).status).toBe(200);
    await refusedWritingNothing(service, () => get('clinician-7', `/aftercare-plans/${planId}`), 403);
    await refusedWritingNothing(service, () => get('case-manager-3', `/aftercare-plans/${planId}`), 403);

    await service.tellCareTeam(careTeamChanged(discharge.data, TEAM, '2026-03-03T08:30:00.000Z'));
    expect((await get('clinician-7', `/aftercare-plans/${planId}`)).status).toBe(200);
    await refusedWritingNothing(service, () => get('clinician-8', `/aftercare-plans/${planId}`), 403);
  });

  it("keeps the discharged episode's team: a readmission's new team does not read the earlier plan", async () => {
    const { discharge, planId } = await discharged();
    const readmission = { ...discharge.data, episodeId: '0b7e3c1a-5d4f-4e6a-9c2b-1f0e9d8c7b6a' };
    await service.tellCareTeam(
      careTeamChanged(readmission, [{ userId: 'clinician-8', teamRole: 'clinician' }], '2026-03-03T08:00:00.000Z'),
    );
    await refusedWritingNothing(service, () => get('clinician-8', `/aftercare-plans/${planId}`), 403);
    expect((await get('clinician-7', `/aftercare-plans/${planId}`)).status).toBe(200);
  });
});

describe("a plan's clinical detail", () => {
  it('is for the care team (its case manager included), the site supervisor and auditors; the rest of the site is refused with its security event', async () => {
    const { planId } = await discharged();
    for (const who of ['clinician-7', 'case-manager-3', 'supervisor-1', 'auditor-1']) {
      const read = await get(who, `/aftercare-plans/${planId}`);
      expect([who, read.status]).toEqual([who, 200]);
      expect(read.body.plan.checkIns.length).toBeGreaterThan(0);
    }
    // Admitted by the route's roles at the site, but not on the team.
    for (const who of ['clinician-8', 'nurse-4', 'prescriber-2', 'case-manager-5', 'site-admin-1']) {
      const { refusals } = await refusedWritingNothing(service, () => get(who, `/aftercare-plans/${planId}`), 403);
      expect(refusals).toHaveLength(1);
      expect(refusals[0]!.metadata.actor).toMatchObject({ userId: who });
    }
    // Off the route's roles altogether, or at another site.
    for (const who of ['intake-1', 'supervisor-9']) {
      await refusedWritingNothing(service, () => get(who, `/aftercare-plans/${planId}`), 403);
    }
  });

  it('tells a clinician off the team how to break the glass, and a site administrator to use the scheduling views', async () => {
    const { clientId, planId } = await discharged();
    const clinician = await get('clinician-8', `/aftercare-plans/${planId}`);
    expect(clinician.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(clinician.body.detail).toContain(`POST /api/v1/clients/${clientId}/break-the-glass`);
    expect((await get('site-admin-1', `/aftercare-plans/${planId}`)).body.detail).toMatch(/identity and scheduling/);
  });

  it('is closed to everyone but the site supervisor and auditors while no team was told', async () => {
    const { planId } = await discharged([]);
    await refusedWritingNothing(service, () => get('clinician-7', `/aftercare-plans/${planId}`), 403);
    expect((await get('supervisor-1', `/aftercare-plans/${planId}`)).status).toBe(200);
    expect((await get('auditor-1', `/aftercare-plans/${planId}`)).status).toBe(200);
  });

  it('leaves the scheduling views (the lists) to the site: a site administrator sees dates and statuses, no clinical content', async () => {
    const { clientId, planId } = await discharged();
    const plans = await get('site-admin-1', `/aftercare/clients/${clientId}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body.items).toEqual([expect.objectContaining({ planId, status: 'active', nextScheduledDue: '2026-03-09' })]);
    expect(plans.body.items[0]).not.toHaveProperty('state');
    expect(JSON.stringify(plans.body)).not.toMatch(/relapsePrevention|barc10/i);
    expect((await get('site-admin-1', `/aftercare/check-ins/due?siteId=${SITE}&week=2026-03-09`)).status).toBe(200);
  });
});

describe('break-the-glass', () => {
  const breakGlass = (who: string, clientId: string, body: object) =>
    http().post(`/api/v1/clients/${clientId}/break-the-glass`).set(as(tokens[who]!)).send(body);

  it('grants a clinician off the team the plan for the configured minutes, recorded in the access log before it is answered', async () => {
    const { clientId, planId } = await discharged();
    const other = await discharged();
    const reason = 'Client called the crisis line; the care team is unreachable';
    const before = await flushedSnapshot(service);
    const granted = await breakGlass('clinician-8', clientId, { siteId: SITE, reason });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      clientId,
      siteId: SITE,
      userId: 'clinician-8',
      reason,
      grantedAt: NOW,
      expiresAt: '2026-03-03T09:30:00.000Z',
    });
    const grants = (await appendedSinceFlushed(service, before)).filter((event) => event.type === BREAK_THE_GLASS_GRANTED);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.streamId).toMatch(/^access-log-aftercare-2026-03-03-/);

    expect((await get('clinician-8', `/aftercare-plans/${planId}`)).status).toBe(200);
    // Only for them, only for that client.
    await refusedWritingNothing(service, () => get('nurse-4', `/aftercare-plans/${planId}`), 403);
    await refusedWritingNothing(service, () => get('clinician-8', `/aftercare-plans/${other.planId}`), 403);
    service.clock.set(new Date('2026-03-03T09:29:59.000Z'));
    expect((await get('clinician-8', `/aftercare-plans/${planId}`)).status).toBe(200);
    service.clock.set(new Date('2026-03-03T09:30:00.000Z'));
    await refusedWritingNothing(service, () => get('clinician-8', `/aftercare-plans/${planId}`), 403);

    const listed = await get('supervisor-1', `/break-the-glass?siteId=${SITE}`);
    expect(
      (listed.body.grants as BreakTheGlassGrant[]).filter((grant) => grant.clientId === clientId).map((grant) => grant.userId),
    ).toEqual(['clinician-8']);
  });

  it('needs a reason (400) and is for the site clinical staff only (403), writing nothing', async () => {
    const { clientId } = await discharged();
    for (const body of [{ siteId: SITE }, { siteId: SITE, reason: 'because' }]) {
      await refusedWritingNothing(service, () => breakGlass('clinician-8', clientId, body), 400);
    }
    const body = { siteId: SITE, reason: 'client arrived in crisis, team unreachable' };
    for (const who of ['site-admin-1', 'intake-1', 'auditor-1', 'supervisor-9']) {
      await refusedWritingNothing(service, () => breakGlass(who, clientId, body), 403);
    }
  });
});
