// Example requests for one client's intake, in the order a coordinator and a clinician send
// them. The walkthrough tool and the service's end-to-end tests both use them, so the
// documented journey is the tested one. All personal data here is invented.
import { DEFAULT_CONSENT_POLICY } from '@continuum/consent';

export const exampleRegistration = (siteId: string) => ({
  siteId,
  referral: { source: 'self', reasonCode: 'alcohol-use' },
  person: { givenName: 'Alex', familyName: 'Example', dateOfBirth: '1988-03-14', contact: { phone: '+1 555 0100' } },
});

/** The network's default wording of the statements a Part 2 consent carries (@continuum/consent's DEFAULT_CONSENT_POLICY). */
const STATEMENTS = DEFAULT_CONSENT_POLICY.statementTexts;

/**
 * A single consent for all future treatment, payment and operations (42 CFR 2.31(a)(4)(i),
 * (a)(5)): to "my treating providers", until discharge, on the 2024 form with every statement.
 */
export const exampleTreatmentConsent = (signedOn: string) => ({
  clientName: 'Alex Example',
  disclosingParty: 'Continuum North IOP',
  information: {
    description: 'diagnosis, screening results, treatment plan and attendance',
    categories: ['diagnosis', 'screening-results', 'treatment-plan', 'attendance'],
  },
  recipients: [{ kind: 'general', designation: 'treating-providers' }],
  purposes: ['TREAT'],
  purposeDescription: 'to coordinate my care with the providers who treat me',
  expiry: { kind: 'event', event: 'discharge', description: 'my discharge from the programme' },
  signers: [{ role: 'client', name: 'Alex Example' }],
  clientIsMinor: false,
  signedOn,
  statements: {
    revocation: STATEMENTS.revocation,
    'treatment-not-conditioned': STATEMENTS['treatment-not-conditioned'],
    'hipaa-redisclosure': STATEMENTS['hipaa-redisclosure'],
    'redisclosure-potential': STATEMENTS['redisclosure-potential'],
  },
});

/** A consent naming one provider for a dual-diagnosis referral (42 CFR 2.31(a)(4)(i)), for treatment, until discharge. */
export const exampleReferralConsent = (signedOn: string, provider: { providerId: string; name: string }) => ({
  ...exampleTreatmentConsent(signedOn),
  information: { description: 'the referral: diagnosis and screening results', categories: ['diagnosis', 'screening-results'] },
  recipients: [{ kind: 'named', recipientId: provider.providerId, name: provider.name }],
  purposeDescription: `to refer me to ${provider.name}`,
  statements: {
    revocation: STATEMENTS.revocation,
    'treatment-not-conditioned': STATEMENTS['treatment-not-conditioned'],
    'redisclosure-potential': STATEMENTS['redisclosure-potential'],
  },
});

/** PHQ-9 with a total of 14 (band `moderate`: positive at the default cutoff of 10), item 9 answered 0. */
export const examplePhq9Of14 = { instrument: 'PHQ-9', items: [2, 2, 2, 2, 2, 2, 1, 1, 0] };

/** What `POST /clients/{id}/screenings` answers for examplePhq9Of14 (with the client's and the screening's ids and the events appended). */
export const exampleAnswerToPhq9Of14 = {
  instrument: 'PHQ-9',
  score: 14,
  positive: true,
  band: 'moderate',
  needsSameDayFollowUp: false,
  hasImminentSuicideRisk: false,
  reportsTraumaExposure: false,
  isOnSafetyHold: false,
  coOccurringConditionsIdentified: ['depression'],
};

/** What `GET /clients/{id}/screenings/trend?instrument=PHQ-9` answers: a baseline of 14 at intake, 6 at week four (a response), not yet in remission. */
export const exampleTrendOfPhq9 = {
  clientId: '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c',
  instrument: 'PHQ-9',
  points: [
    {
      screeningId: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      administeredOn: '2026-03-02',
      recordedAt: '2026-03-02T09:00:00.000Z',
      score: 14,
      band: 'moderate',
      positive: true,
    },
    {
      screeningId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      administeredOn: '2026-03-30',
      recordedAt: '2026-03-30T10:15:00.000Z',
      score: 6,
      band: 'mild',
      positive: false,
    },
  ],
  baseline: {
    screeningId: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    administeredOn: '2026-03-02',
    recordedAt: '2026-03-02T09:00:00.000Z',
    score: 14,
    band: 'moderate',
    positive: true,
  },
  latest: {
    screeningId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    administeredOn: '2026-03-30',
    recordedAt: '2026-03-30T10:15:00.000Z',
    score: 6,
    band: 'mild',
    positive: false,
  },
  changeFromBaseline: -8,
  isResponse: true,
  isRemission: false,
};

/** C-SSRS screener with no suicidal ideation or behaviour. */
export const exampleCssrsNegative = { instrument: 'C-SSRS', answers: { q1: false, q2: false, q6: false } };

/** C-SSRS screener with intent (Q4 yes): imminent risk, which puts the client on a safety hold. */
export const exampleCssrsImminentRisk = { instrument: 'C-SSRS', answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false } };

/** What ends a safety hold: a clinician's suicide-risk assessment (here SAMHSA's SAFE-T, finding moderate risk) with the safety plan. */
export const exampleSafetyPlan = { suicideRiskAssessment: { method: 'safe-t', riskLevel: 'moderate' } };

/** What `POST /clients/{id}/safety-plans` answers (ids shortened): the hold has ended. */
export const exampleAnswerToSafetyPlan = {
  clientId: '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c',
  safetyPlanId: '0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b',
  suicideRiskAssessmentId: '7c2d1e0f-9a8b-4c6d-8e5f-4a3b2c1d0e9f',
  isOnSafetyHold: false,
};

/** A PHQ-9 of 9 (band `mild`) with item 9 answered 1: no depression referral, but a same-day safety follow-up. */
export const examplePhq9WithSelfHarmThoughts = { instrument: 'PHQ-9', items: [1, 1, 1, 1, 1, 1, 1, 1, 1] };

/** What `GET /safety-follow-ups` answers: the open follow-ups, soonest due first (ids, codes and times only). */
export const exampleSafetyFollowUpQueue = {
  total: 1,
  items: [
    {
      followUpId: '5e7a1c2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d',
      clientId: '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c',
      siteId: 'site-north',
      screeningId: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      instrument: 'PHQ-9',
      signal: 'phq9-item-9',
      ownerRole: 'clinician',
      openedAt: '2026-03-02T09:00:00.000Z',
      dueAt: '2026-03-02T17:00:00.000Z',
      isOpen: true,
      isOverdue: false,
      overdueFlaggedAt: null,
      outcome: null,
      completedAt: null,
    },
  ],
};

/** Recording a follow-up that ended in an escalation: where to (published) and why (kept in intake). */
export const exampleEscalatedFollowUp = {
  outcome: 'escalated',
  escalation: { to: 'crisis-team', reason: 'Describes a plan; mobile crisis team attended.' },
};

/** An assessment for which Continuum's placement rules recommend IOP: ratings of 2, mild use, a stable home, a step down from residential. */
export const exampleAssessmentForIop = {
  ratings: { withdrawal: 1, biomedical: 0, emotionalBehavioural: 2, readiness: 1, relapseRisk: 2, recoveryEnvironment: 1 },
  substances: [{ substanceCode: 'alcohol', yearsOfUse: 3, severity: 'mild' }],
  hasPriorTreatment: true,
  relapsedAfterTreatment: false,
  withdrawalRisk: 'low',
  isHomeStableAndSafe: true,
  hasSupportNetwork: true,
  livesInSoberLiving: false,
  obligations: ['work'],
  isWillingToAttend: true,
  completedResidentialProgramme: true,
  coOccurringDisorder: 'stable',
  reportsTrauma: false,
};

/**
 * What Continuum recommends for exampleAssessmentForIop (placement rules v2, rule f): IOP, with
 * each reason, what would change it, no barrier and nothing further (`GET …/placement-recommendation`
 * answers this with the client's and the assessment's ids).
 */
export const exampleRecommendationForIop = {
  level: { edition: 3, code: '2.1' },
  rule: 'intensive-outpatient',
  reasons: [
    {
      code: 'dimension-rated-2',
      sentence: 'Emotional and behavioural (Dimension 3) and relapse risk (Dimension 5) are rated 2: sessions several days a week.',
    },
    { code: 'step-down', sentence: 'The client steps down from a completed residential programme.' },
    { code: 'home-stable-and-safe', sentence: "The client's home is stable and safe." },
    {
      code: 'obligations-favour-iop',
      sentence:
        "The ratings allow IOP or PHP; the client's obligations (work) are a reason for IOP, which leaves the rest of the day free.",
    },
  ],
  whatWouldChange: [
    {
      code: 'without-intensive-outpatient',
      sentence:
        'Every dimension rated below 2 and no step-down from residential or partial hospitalisation would make 1 (OP, 3rd ed.) appropriate.',
    },
  ],
  barriers: [],
  alsoRecommended: [],
};

export const IOP = { edition: 3, code: '2.1' } as const;

export const exampleAdmission = (siteId: string, startDate: string) => ({ level: IOP, siteId, track: 'evening', startDate });
