import { BREAK_THE_GLASS_GRANTED, type BreakTheGlassGrant, ManualClock } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusalsSinceFlushed } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRegistration,
  exampleTreatmentConsent,
} from './api/examples.js';
import { tellCareTeam } from './testing/care-team.js';
import { type IntakeTestApp, bearer as as, inDays, startIntakeTestApp, tokenFor as token, today } from './testing/intake-app.js';

// Break-the-glass on intake's record (docs/domain/intake-record-views.md#break-the-glass): a
// clinician of the site off an admitted client's care team reads identity and scheduling and is
// refused the clinical routes, with how to break the glass; with a stated reason they read the
// clinical detail for BREAK_THE_GLASS_MINUTES, the grant is listed for the site's clinical
// supervisor, and it covers no one else, no other client and no later time.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const CLINICAL_ROUTES = ['/placement-recommendation', '/screenings/trend?instrument=PHQ-9'];
const REASON = 'Covering the on-call shift; client arrived in crisis and the team is unreachable';

let intake: IntakeTestApp;
let clock: ManualClock;
const tokens: Record<string, string> = {};
const http = () => intake.http();
const read = (clientId: string, who: string, path = '') => http().get(`/api/v1/clients/${clientId}${path}`).set(as(tokens[who]!));
const breakGlass = (clientId: string, who: string, body: object) =>
  http().post(`/api/v1/clients/${clientId}/break-the-glass`).set(as(tokens[who]!)).send(body);

beforeAll(async () => {
  clock = new ManualClock(new Date());
  intake = await startIntakeTestApp('intake-break-the-glass-e2e', { clock, env: { BREAK_THE_GLASS_MINUTES: '30' } });
  tokens.coordinator = await token('intake-coordinator', [SITE], 'coordinator-1');
  tokens.siteAdmin = await token('site-admin', [SITE], 'site-admin-1');
  tokens.teamClinician = await token('clinician', [SITE], 'clinician-on-team');
  tokens.offTeam = await token('clinician', [SITE], 'clinician-off-team');
  tokens.otherOffTeam = await token('prescriber', [SITE], 'prescriber-off-team');
  tokens.supervisor = await token('clinical-supervisor', [SITE], 'supervisor-1');
  tokens.otherSupervisor = await token('clinical-supervisor', [OTHER_SITE], 'supervisor-9');
  tokens.elsewhere = await token('clinician', [OTHER_SITE], 'clinician-elsewhere');
}, 30_000);

afterAll(() => intake.close());

/** A client assessed, placed and admitted at SITE, whose care team treatment-plan has told intake. */
async function admittedClient(): Promise<string> {
  const post = (path: string, who: string, body: object) =>
    http().post(`/api/v1/clients${path}`).set(as(tokens[who]!)).send(body).expect(201);
  const clientId = (await post('', 'coordinator', exampleRegistration(SITE))).body.clientId as string;
  await post(`/${clientId}/consents`, 'coordinator', exampleTreatmentConsent(today()));
  await post(`/${clientId}/screenings`, 'teamClinician', examplePhq9Of14);
  await post(`/${clientId}/screenings`, 'teamClinician', exampleCssrsNegative);
  await post(`/${clientId}/assessments`, 'teamClinician', exampleAssessmentForIop);
  await post(`/${clientId}/placement`, 'teamClinician', { level: IOP });
  await post(`/${clientId}/admissions`, 'coordinator', exampleAdmission(SITE, inDays(1)));
  await tellCareTeam(intake, clientId, SITE, [{ userId: 'clinician-on-team', teamRole: 'clinician' }]);
  return clientId;
}

/** A refused request writes nothing but its security event. */
async function refused(send: () => PromiseLike<{ status: number; body: { detail?: string } }>, status: number) {
  const before = await flushedSnapshot(intake);
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  if (status === 403) expect(await refusalsSinceFlushed(intake, before)).toHaveLength(1);
  return answer;
}

describe('break-the-glass on an admitted client’s intake record', () => {
  let clientId: string;
  let otherClientId: string;
  let grantedAt: Date;

  beforeAll(async () => {
    clientId = await admittedClient();
    otherClientId = await admittedClient();
  });

  it('off the care team, a clinician reads identity and scheduling and is told how to break the glass on the clinical routes', async () => {
    expect((await read(clientId, 'offTeam').expect(200)).body).toMatchObject({ view: 'identity', status: 'admitted' });
    for (const path of CLINICAL_ROUTES) {
      const answer = await refused(() => read(clientId, 'offTeam', path), 403);
      expect(answer.body.detail).toContain(`POST /api/v1/clients/${clientId}/break-the-glass`);
      expect(answer.body.detail).toContain('30 minutes');
    }
  });

  it('needs a reason (400) and the client’s site, writing nothing', async () => {
    for (const body of [{ siteId: SITE }, { siteId: SITE, reason: '   ' }, { siteId: SITE, reason: 'because' }]) {
      await refused(() => breakGlass(clientId, 'offTeam', body), 400);
    }
    await refused(() => breakGlass(clientId, 'offTeam', { siteId: OTHER_SITE, reason: REASON }), 403);
  });

  it('is not for an intake coordinator, a site administrator or a clinician of another site', async () => {
    for (const who of ['coordinator', 'siteAdmin', 'elsewhere']) {
      await refused(() => breakGlass(clientId, who, { siteId: SITE, reason: REASON }), 403);
    }
  });

  it('with a reason, the grant is recorded in intake’s access log before it is answered', async () => {
    const before = await flushedSnapshot(intake);
    const granted = await breakGlass(clientId, 'offTeam', { siteId: SITE, reason: REASON });
    expect(granted.status).toBe(201);
    grantedAt = clock.now();
    expect(granted.body).toMatchObject({
      clientId,
      siteId: SITE,
      userId: 'clinician-off-team',
      role: 'clinician',
      reason: REASON,
      service: 'intake',
      grantedAt: grantedAt.toISOString(),
      expiresAt: new Date(grantedAt.getTime() + 30 * 60_000).toISOString(),
    });
    const grants = (await appendedSinceFlushed(intake, before)).filter((event) => event.type === BREAK_THE_GLASS_GRANTED);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.streamId).toMatch(/^access-log-intake-/);
  });

  it('then the clinician reads the clinical view and the clinical routes', async () => {
    const answer = await read(clientId, 'offTeam').expect(200);
    expect(answer.body).toMatchObject({ view: 'clinical', status: 'admitted', isOnSafetyHold: false });
    expect(answer.body.screenings).toHaveLength(2);
    expect((await read(clientId, 'offTeam', '/placement-recommendation').expect(200)).body.level).toEqual(IOP);
    await read(clientId, 'offTeam', '/screenings/trend?instrument=PHQ-9').expect(200);
  });

  it('the grant covers no one else and no other client', async () => {
    expect((await read(clientId, 'otherOffTeam').expect(200)).body.view).toBe('identity');
    await refused(() => read(clientId, 'otherOffTeam', '/placement-recommendation'), 403);
    expect((await read(otherClientId, 'offTeam').expect(200)).body.view).toBe('identity');
    await refused(() => read(otherClientId, 'offTeam', '/screenings/trend?instrument=PHQ-9'), 403);
  });

  it('is listed for the site’s clinical supervisor to review, and not for another site’s', async () => {
    const listed = await http().get(`/api/v1/break-the-glass?siteId=${SITE}`).set(as(tokens.supervisor!)).expect(200);
    const ours = (listed.body.grants as BreakTheGlassGrant[]).filter((grant) => grant.clientId === clientId);
    expect(ours.map((grant) => [grant.userId, grant.reason, grant.service])).toEqual([['clinician-off-team', REASON, 'intake']]);
    const elsewhere = await http().get(`/api/v1/break-the-glass?siteId=${OTHER_SITE}`).set(as(tokens.otherSupervisor!)).expect(200);
    expect(elsewhere.body.grants).toEqual([]);
    await refused(() => http().get(`/api/v1/break-the-glass?siteId=${SITE}`).set(as(tokens.offTeam!)), 403);
  });

  it('ends when the grant expires: identity and scheduling again, and the 403', async () => {
    clock.set(new Date(grantedAt.getTime() + 30 * 60_000 - 1_000));
    expect((await read(clientId, 'offTeam').expect(200)).body.view).toBe('clinical');
    clock.set(new Date(grantedAt.getTime() + 30 * 60_000));
    expect((await read(clientId, 'offTeam').expect(200)).body.view).toBe('identity');
    await refused(() => read(clientId, 'offTeam', '/placement-recommendation'), 403);
  });
});
