import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import {
  IOP,
  exampleAdmission,
  exampleAnswerToPhq9Of14,
  exampleAssessmentForIop,
  exampleCssrsImminentRisk,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRecommendationForIop,
  exampleRegistration,
  exampleSafetyPlan,
  exampleTreatmentConsent,
} from './api/examples.js';
import { clientStream } from './domain/index.js';
import { toIntegrationEvent } from './messaging/intake-integration-events.js';
import { tellCareTeam } from './testing/care-team.js';
import { type IntakeTestApp, bearer as as, inDays, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// The intake service over HTTP, on the embedded SQLite store, built exactly as main.ts builds it.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const today = new Date().toISOString().slice(0, 10);

let intake: IntakeTestApp;
let coordinator: string;
let clinician: string;
let clinicianElsewhere: string;
let auditor: string;

const http = () => intake.http();
const store = () => intake.app.get<EventStore>(EVENT_STORE);

async function register(body = exampleRegistration(SITE), headers: Record<string, string> = {}) {
  const response = await http().post('/api/v1/clients').set(as(coordinator)).set(headers).send(body);
  expect(response.status).toBe(201);
  return response.body as { clientId: string; status: string; possibleDuplicateOf: string[] };
}

async function revisionOf(clientId: string): Promise<number> {
  const events = await store().readStream(clientStream(clientId));
  return events.length;
}

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-e2e');
  coordinator = await token('intake-coordinator', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  clinicianElsewhere = await token('clinician', [OTHER_SITE]);
  auditor = await token('auditor', []);
});

afterAll(() => intake.close());

describe('a client walks through intake', () => {
  it('goes from referral to IOP admission, with the PHQ-9 scored by Continuum and the recommendation explained', async () => {
    const { clientId, status } = await register();
    expect(status).toBe('registered');

    const consent = await http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).send(exampleTreatmentConsent(today));
    expect(consent.status).toBe(201);

    const phq9 = await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(examplePhq9Of14);
    expect(phq9.status).toBe(201);
    expect(phq9.body).toMatchObject({
      instrument: 'PHQ-9',
      score: 14,
      positive: true,
      band: 'moderate',
      coOccurringConditionsIdentified: ['depression'],
    });
    // The documented answer is the real one.
    expect(phq9.body).toMatchObject(exampleAnswerToPhq9Of14);

    const cssrs = await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsNegative);
    expect(cssrs.body).toMatchObject({ instrument: 'C-SSRS', hasImminentSuicideRisk: false, isOnSafetyHold: false });

    const assessment = await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop);
    expect(assessment.status).toBe(201);

    const recommendation = await http().get(`/api/v1/clients/${clientId}/placement-recommendation`).set(as(clinician));
    expect(recommendation.status).toBe(200);
    expect(recommendation.body.level).toEqual(IOP);
    expect(recommendation.body.reasons.map((r: { code: string }) => r.code)).toEqual([
      'dimension-rated-2',
      'step-down',
      'home-stable-and-safe',
      'obligations-favour-iop',
    ]);
    // The documented answer is the real one.
    expect(recommendation.body).toMatchObject(exampleRecommendationForIop);

    const placement = await http().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level: IOP });
    expect(placement.status).toBe(201);

    const admission = await http()
      .post(`/api/v1/clients/${clientId}/admissions`)
      .set(as(coordinator))
      .send(exampleAdmission(SITE, inDays(3)));
    expect(admission.status).toBe(201);
    expect(admission.body).toMatchObject({ status: 'admitted', admission: { level: IOP, siteId: SITE, track: 'evening' } });
    // Admitted, the client's clinical detail is the care team's (record-views.e2e.spec.ts).
    await tellCareTeam(intake, clientId, SITE, [{ userId: 'clinician-7', teamRole: 'clinician' }]);

    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(clinician));
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ status: 'admitted', siteId: SITE, coOccurringConditions: ['depression'] });
    expect(record.body.screenings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ screeningId: phq9.body.screeningId, outcome: expect.objectContaining({ score: 14, band: 'moderate' }) }),
      ]),
    );
    expect(record.body.consents).toEqual([expect.objectContaining({ status: 'active' })]);
  });

  it('records who acted, where and why on every event', async () => {
    const { clientId } = await register(exampleRegistration(SITE), { 'X-Correlation-Id': 'corr-register-1' });
    const events = await store().readStream(clientStream(clientId));
    expect(events.map((e) => e.type)).toEqual(['ReferralReceived', 'ClientRegistered']);
    for (const event of events) {
      expect(event.metadata).toMatchObject({
        clientId,
        siteId: SITE,
        actor: { userId: 'user-intake-coordinator', role: 'intake-coordinator' },
        correlationId: 'corr-register-1',
      });
    }
    expect((await store().verifyStream(clientStream(clientId))).ok).toBe(true);
  });
});

describe('registration', () => {
  it('flags a possible duplicate at another site of the network, never naming it there, and never merges it', async () => {
    const first = await register(exampleRegistration(SITE));
    const otherSiteCoordinator = await token('intake-coordinator', [OTHER_SITE]);
    const sameClientElsewhere = {
      ...exampleRegistration(OTHER_SITE),
      person: { givenName: ' ALEX ', familyName: 'Exámple', dateOfBirth: '1988-03-14', contact: {} },
    };
    const second = await http().post('/api/v1/clients').set(as(otherSiteCoordinator)).send(sameClientElsewhere);
    expect(second.status).toBe(201);
    expect(second.body.clientId).not.toBe(first.clientId);
    // The coordinator of site-south learns that a match exists, not who it is (duplicate-reviews.e2e.spec.ts).
    expect(second.body).toMatchObject({ possibleDuplicateOf: [], possibleMatchInNetwork: true });
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, and appends nothing', async () => {
    const key = `register-${Date.now()}`;
    const first = await register(exampleRegistration(SITE), { 'Idempotency-Key': key });
    const again = await register(exampleRegistration(SITE), { 'Idempotency-Key': key });
    expect(again).toEqual(first);
    expect(await revisionOf(first.clientId)).toBe(2);
  });
});

describe('bad input is refused with problem+json and writes nothing', () => {
  it('names each unknown and mistyped field (400)', async () => {
    const { response } = await refusedWritingNothing(
      intake,
      () =>
        http()
          .post('/api/v1/clients')
          .set(as(coordinator))
          .send({
            ...exampleRegistration(SITE),
            favouriteColour: 'blue',
            person: { ...exampleRegistration(SITE).person, dateOfBirth: 14 },
          }),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['favouriteColour', 'person.dateOfBirth']));
  });

  it('names each screening answer out of the instrument range (422), and records no screening', async () => {
    const { clientId } = await register();
    const before = await revisionOf(clientId);
    const snapshot = await flushedSnapshot(intake);
    const { response } = await refusedWritingNothing(
      intake,
      () =>
        http()
          .post(`/api/v1/clients/${clientId}/screenings`)
          .set(as(clinician))
          .send({ instrument: 'PHQ-9', items: [0, 1, 2, 3, 4, 0, 0, 0, -1] }),
      422,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['items[4]', 'items[8]']);
    expect(await revisionOf(clientId)).toBe(before);
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);
  });

  it('refuses an assessment whose withdrawal rating and risk disagree, naming both (422), and records nothing', async () => {
    const { clientId } = await register();
    await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsNegative).expect(201);
    const before = await revisionOf(clientId);
    const snapshot = await flushedSnapshot(intake);
    const disagreeing = {
      ...exampleAssessmentForIop,
      ratings: { ...exampleAssessmentForIop.ratings, withdrawal: 4 },
      withdrawalRisk: 'low',
    };
    const { response } = await refusedWritingNothing(
      intake,
      () => http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(disagreeing),
      422,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['ratings.withdrawal', 'withdrawalRisk']);
    const countAndSeverity = {
      ...exampleAssessmentForIop,
      substances: [{ substanceCode: 'alcohol', yearsOfUse: 3, severity: 'mild', criteriaCount: 7 }],
    };
    const { response: second } = await refusedWritingNothing(
      intake,
      () => http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(countAndSeverity),
      422,
    );
    expect(second.body.errors.map((e: { field: string }) => e.field)).toEqual(['substances[0].severity', 'substances[0].criteriaCount']);
    expect(await revisionOf(clientId)).toBe(before);
    // Nor anywhere else in the store.
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);
  });

  // Each element and statement of 42 CFR 2.31 as amended in 2024 (@continuum/consent's validateConsent):
  // a form without it is refused with its name and section, and nothing is written.
  it.each<[string, (form: Record<string, unknown>) => void, string, RegExp]>([
    ["the client's name", (form) => delete form.clientName, 'client-name', /2\.31\(a\)\(1\)/],
    ['who may disclose', (form) => delete form.disclosingParty, 'disclosing-party', /2\.31\(a\)\(2\)/],
    ['what information', (form) => delete form.information, 'information', /2\.31\(a\)\(3\)/],
    ['the recipients', (form) => (form.recipients = []), 'recipients', /2\.31\(a\)\(4\)/],
    ['the purpose', (form) => delete form.purposes, 'purpose', /2\.31\(a\)\(5\)/],
    ['the expiry', (form) => delete form.expiry, 'expiry', /2\.31\(a\)\(7\)/],
    ['the signature', (form) => (form.signers = []), 'signature', /2\.31\(a\)\(8\)/],
    ['the date signed', (form) => delete form.signedOn, 'signature-date', /2\.31\(a\)\(9\)/],
    ['how to revoke', (form) => delete (form.statements as Record<string, string>).revocation, 'revocation', /2\.31\(a\)\(6\)/],
    [
      'the statement that treatment is not conditioned on signing',
      (form) => delete (form.statements as Record<string, string>)['treatment-not-conditioned'],
      'treatment-not-conditioned',
      /2\.31\(a\)\(10\)\(ii\)/,
    ],
    [
      'the HIPAA redisclosure statement of a TPO consent',
      (form) => delete (form.statements as Record<string, string>)['hipaa-redisclosure'],
      'hipaa-redisclosure',
      /2\.31\(a\)\(4\)/,
    ],
    [
      'the statement that redisclosed records may lose protection',
      (form) => delete (form.statements as Record<string, string>)['redisclosure-potential'],
      'redisclosure-potential',
      /2\.31\(a\)\(10\)\(i\)/,
    ],
  ])(
    'refuses a Part 2 consent without %s (422), naming it with its section, and writes nothing',
    async (_what, remove, element, citation) => {
      const { clientId } = await register();
      const form = structuredClone(exampleTreatmentConsent(today)) as Record<string, unknown>;
      remove(form);
      const snapshot = await flushedSnapshot(intake);
      const { response } = await refusedWritingNothing(
        intake,
        () => http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).send(form),
        422,
      );
      const problems = response.body.errors as Array<{ field: string; problem: string }>;
      expect(problems.map((problem) => problem.field)).toContain(element);
      expect(problems.find((problem) => problem.field === element)!.problem).toMatch(citation);
      expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);
    },
  );

  it('names every missing element of a Part 2 consent at once (422)', async () => {
    const { clientId } = await register();
    const before = await revisionOf(clientId);
    const snapshot = await flushedSnapshot(intake);
    const { disclosingParty: _p, signers: _s, signedOn: _d, statements: _statements, ...incomplete } = exampleTreatmentConsent(today);
    const { response } = await refusedWritingNothing(
      intake,
      () => http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).send(incomplete),
      422,
    );
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'disclosing-party',
      'signature',
      'signature-date',
      'revocation',
      'treatment-not-conditioned',
      'hipaa-redisclosure',
      'redisclosure-potential',
    ]);
    expect(await revisionOf(clientId)).toBe(before);
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);
  });

  it('refuses an outpatient admission while the client is on a safety hold, and says what to do', async () => {
    const { clientId } = await register();
    await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsImminentRisk).expect(201);
    await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop).expect(201);
    await http()
      .post(`/api/v1/clients/${clientId}/placement`)
      .set(as(clinician))
      .send({ level: IOP, varianceReason: 'hold expected to end before the start date' })
      .expect(201);
    const before = await revisionOf(clientId);
    const snapshot = await flushedSnapshot(intake);
    const { response } = await refusedWritingNothing(
      intake,
      () =>
        http()
          .post(`/api/v1/clients/${clientId}/admissions`)
          .set(as(coordinator))
          .send(exampleAdmission(SITE, inDays(1))),
      422,
    );
    expect(response.body.detail).toMatch(/safety (hold|plan)/);
    expect(await revisionOf(clientId)).toBe(before);
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);

    await http().post(`/api/v1/clients/${clientId}/safety-plans`).set(as(clinician)).send(exampleSafetyPlan).expect(201);
    await http()
      .post(`/api/v1/clients/${clientId}/admissions`)
      .set(as(coordinator))
      .send(exampleAdmission(SITE, inDays(1)))
      .expect(201);
  });
});

describe('the population an admission names', () => {
  // A start date a few days ahead that is not 29 February, so that "18 years before" is a real date.
  const startDate = [3, 4].map(inDays).find((date) => !date.endsWith('-02-29'))!;
  const eighteenYearsBefore = (date: string) => `${Number(date.slice(0, 4)) - 18}${date.slice(4)}`;
  const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

  async function admitClientBornOn(givenName: string, dateOfBirth: string) {
    const registration = exampleRegistration(SITE);
    const { clientId } = await register({ ...registration, person: { ...registration.person, givenName, dateOfBirth } });
    await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsNegative).expect(201);
    await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop).expect(201);
    await http().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level: IOP }).expect(201);
    const admission = await http()
      .post(`/api/v1/clients/${clientId}/admissions`)
      .set(as(coordinator))
      .send(exampleAdmission(SITE, startDate));
    expect(admission.status).toBe(201);
    const admitted = (await store().readStream(clientStream(clientId))).find((event) => event.type === 'ClientAdmitted')!;
    return { admission: admission.body.admission as { population: string }, published: toIntegrationEvent(admitted)! };
  }

  it('is adolescent for a client who is 17 years and 364 days old on the start date, and adult for one whose 18th birthday it is', async () => {
    const adolescent = await admitClientBornOn('Robin', dayAfter(eighteenYearsBefore(startDate)));
    const adult = await admitClientBornOn('Sasha', eighteenYearsBefore(startDate));

    expect(adolescent.admission.population).toBe('adolescent');
    expect(adolescent.published.data).toMatchObject({ startDate, population: 'adolescent' });
    expect(adult.admission.population).toBe('adult');
    expect(adult.published.data).toMatchObject({ startDate, population: 'adult' });
    // What crosses to treatment-plan is the category, never the date of birth it comes from.
    expect(JSON.stringify(adolescent.published)).not.toContain(dayAfter(eighteenYearsBefore(startDate)));
  });
});

describe('access', () => {
  it('asks for a token (401) and keeps other sites out (403)', async () => {
    const { clientId } = await register();
    await refusedWritingNothing(intake, () => http().get(`/api/v1/clients/${clientId}`), 401);
    const { response: elsewhere } = await refusedWritingNothing(
      intake,
      () => http().get(`/api/v1/clients/${clientId}`).set(as(clinicianElsewhere)),
      403,
    );
    expect(elsewhere.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('lets an auditor read any site but not write', async () => {
    const { clientId } = await register();
    await http().get(`/api/v1/clients/${clientId}`).set(as(auditor)).expect(200);
    await refusedWritingNothing(
      intake,
      () => http().post(`/api/v1/clients/${clientId}/screenings`).set(as(auditor)).send(examplePhq9Of14),
      403,
    );
  });
});

describe('consents', () => {
  it('stops a consent when its written revocation is recorded', async () => {
    const { clientId } = await register();
    const granted = await http()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(as(coordinator))
      .send(exampleTreatmentConsent(today))
      .expect(201);
    const revoked = await http()
      .post(`/api/v1/consents/${granted.body.consentId}/revocation`)
      .set(as(coordinator))
      .send({ receivedVia: 'letter' });
    expect(revoked.status).toBe(200);
    // Effective on receipt (42 CFR 2.31(a)(6)): received now when no time is given.
    expect(Date.parse(revoked.body.revocation.receivedAt)).toBeGreaterThanOrEqual(Date.parse(granted.body.grantedAt));
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.consents).toEqual([expect.objectContaining({ consentId: granted.body.consentId, status: 'revoked' })]);
  });

  it('refuses a revocation received in the future (422) and writes nothing', async () => {
    const { clientId } = await register();
    const granted = await http()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(as(coordinator))
      .send(exampleTreatmentConsent(today))
      .expect(201);
    const snapshot = await flushedSnapshot(intake);
    const { response: refused } = await refusedWritingNothing(
      intake,
      () =>
        http()
          .post(`/api/v1/consents/${granted.body.consentId}/revocation`)
          .set(as(coordinator))
          .send({ receivedAt: new Date(Date.now() + 3_600_000).toISOString(), receivedVia: 'letter' }),
      422,
    );
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['receivedAt']);
    expect(await appendedSinceFlushed(intake, snapshot)).toEqual([]);
  });
});

describe('health and restart', () => {
  it('answers /health/ready with the event store up', async () => {
    const response = await http().get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.checks['event-store'].status).toBe('up');
  });

  it('still knows every client after a restart', async () => {
    const { clientId } = await register();
    await intake.restart();
    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.status).toBe(200);
    expect(record.body.status).toBe('registered');
  });
});
