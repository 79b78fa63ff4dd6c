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

// Minimum necessary on intake's reads, per role (docs/domain/intake-record-views.md): what each
// role reads of a client record before and during an episode, and the refusals, which write
// nothing but their security event.

const SITE = 'site-north';
const CLINICAL_FIELDS = [
  'screenings',
  'isOnSafetyHold',
  'safetyFollowUps',
  'coOccurringConditions',
  'assessment',
  'recommendation',
  'placement',
];

let intake: IntakeTestApp;
const tokens: Record<string, string> = {};
const http = () => intake.http();
const read = (clientId: string, who: string, path = '') => http().get(`/api/v1/clients/${clientId}${path}`).set(as(tokens[who]!));

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-record-views-e2e');
  tokens.coordinator = await token('intake-coordinator', [SITE], 'coordinator-1');
  tokens.siteAdmin = await token('site-admin', [SITE], 'site-admin-1');
  tokens.teamClinician = await token('clinician', [SITE], 'clinician-on-team');
  tokens.otherClinician = await token('clinician', [SITE], 'clinician-off-team');
  tokens.teamNurse = await token('nurse', [SITE], 'nurse-on-team');
  tokens.otherPrescriber = await token('prescriber', [SITE], 'prescriber-off-team');
  tokens.supervisor = await token('clinical-supervisor', [SITE], 'supervisor-1');
  tokens.auditor = await token('auditor', [], 'auditor-1');
  tokens.networkAdmin = await token('network-admin', [], 'network-admin-1');
}, 30_000);

afterAll(() => intake.close());

async function assessedClient(): Promise<string> {
  const registered = await http().post('/api/v1/clients').set(as(tokens.coordinator!)).send(exampleRegistration(SITE)).expect(201);
  const clientId = registered.body.clientId as string;
  await http().post(`/api/v1/clients/${clientId}/consents`).set(as(tokens.coordinator!)).send(exampleTreatmentConsent(today())).expect(201);
  await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(tokens.teamClinician!)).send(examplePhq9Of14).expect(201);
  await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(tokens.teamClinician!)).send(exampleCssrsNegative).expect(201);
  await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(tokens.teamClinician!)).send(exampleAssessmentForIop).expect(201);
  await http().post(`/api/v1/clients/${clientId}/placement`).set(as(tokens.teamClinician!)).send({ level: IOP }).expect(201);
  return clientId;
}

async function admit(clientId: string) {
  await http()
    .post(`/api/v1/clients/${clientId}/admissions`)
    .set(as(tokens.coordinator!))
    .send(exampleAdmission(SITE, inDays(1)))
    .expect(201);
}

/** A refusal: 403, nothing written, its security event left. */
async function expectRefused(clientId: string, who: string, path = '') {
  const before = await flushedSnapshot(intake);
  const answer = await read(clientId, who, path);
  expect(answer.status).toBe(403);
  expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  const refusals = await refusalsSinceFlushed(intake, before);
  expect(refusals).toHaveLength(1);
  expect(refusals[0]!.data).toMatchObject({ status: 403 });
  return answer;
}

describe('a client record before an episode (no care team yet)', () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = await assessedClient();
  });

  it.each(['otherClinician', 'teamNurse', 'otherPrescriber', 'auditor'])('the %s reads the clinical detail', async (who) => {
    const answer = await read(clientId, who).expect(200);
    expect(answer.body.view).toBe('clinical');
    expect(answer.body.screenings.map((s: { outcome: { instrument: string } }) => s.outcome.instrument)).toEqual(['PHQ-9', 'C-SSRS']);
    expect(answer.body.recommendation.level).toEqual(IOP);
  });

  it.each(['coordinator', 'siteAdmin'])(
    'the %s reads identity and scheduling, not the screenings or the placement reasons',
    async (who) => {
      const answer = await read(clientId, who).expect(200);
      expect(answer.body).toMatchObject({
        view: 'identity',
        status: 'placed',
        person: { familyName: exampleRegistration(SITE).person.familyName },
        placedLevel: IOP,
      });
      expect(answer.body.consents).toHaveLength(1);
      for (const field of CLINICAL_FIELDS) expect(answer.body).not.toHaveProperty(field);
    },
  );

  it('the site’s clinicians read the placement recommendation and the screening trend', async () => {
    await read(clientId, 'otherClinician', '/placement-recommendation').expect(200);
    await read(clientId, 'teamNurse', '/screenings/trend?instrument=PHQ-9').expect(200);
  });

  it.each([
    ['coordinator', '/placement-recommendation'],
    ['coordinator', '/screenings/trend?instrument=PHQ-9'],
    ['siteAdmin', '/placement-recommendation'],
    ['networkAdmin', ''],
  ])('the %s is refused %s, writing nothing but the refusal', async (who, path) => {
    await expectRefused(clientId, who, path);
  });
});

describe('a client record in an episode', () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = await assessedClient();
    await admit(clientId);
  });

  it('before treatment-plan tells the care team, a clinician of the site reads identity and scheduling', async () => {
    const answer = await read(clientId, 'teamClinician').expect(200);
    expect(answer.body.view).toBe('identity');
  });

  describe('once the care team is told', () => {
    beforeAll(async () => {
      await tellCareTeam(intake, clientId, SITE, [
        { userId: 'clinician-on-team', teamRole: 'clinician' },
        { userId: 'nurse-on-team', teamRole: 'nurse' },
      ]);
    });

    it.each(['teamClinician', 'teamNurse', 'supervisor', 'auditor'])('the %s reads the clinical detail', async (who) => {
      const answer = await read(clientId, who).expect(200);
      expect(answer.body).toMatchObject({ view: 'clinical', status: 'admitted', isOnSafetyHold: false });
      await read(clientId, who, '/placement-recommendation').expect(200);
    });

    it.each(['otherClinician', 'otherPrescriber', 'coordinator', 'siteAdmin'])('the %s reads identity and scheduling', async (who) => {
      const answer = await read(clientId, who).expect(200);
      expect(answer.body).toMatchObject({ view: 'identity', status: 'admitted' });
      expect(answer.body.admissions).toHaveLength(1);
      for (const field of CLINICAL_FIELDS) expect(answer.body).not.toHaveProperty(field);
    });

    it.each([
      ['otherClinician', '/placement-recommendation'],
      ['otherPrescriber', '/screenings/trend?instrument=PHQ-9'],
    ])('the %s, off the care team, is refused %s, writing nothing but the refusal', async (who, path) => {
      const answer = await expectRefused(clientId, who, path);
      expect(answer.body.detail).toMatch(/care team you are not on/);
      expect(answer.body.detail).toContain(`POST /api/v1/clients/${clientId}/break-the-glass`);
    });

    it('a change of team moves the clinical read with it', async () => {
      await tellCareTeam(intake, clientId, SITE, [{ userId: 'clinician-off-team', teamRole: 'clinician' }]);
      expect((await read(clientId, 'otherClinician').expect(200)).body.view).toBe('clinical');
      expect((await read(clientId, 'teamClinician').expect(200)).body.view).toBe('identity');
    });
  });
});
