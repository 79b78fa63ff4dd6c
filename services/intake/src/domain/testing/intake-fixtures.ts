import { DEFAULT_CONSENT_POLICY, type RestrictionRequest } from '@continuum/consent';
// Builders for intake's commands and histories, shared by the domain specs and the
// application's tests. Excluded from the build (`**/testing/**`).
import { fold } from '@continuum/decider';
import { type LevelOfCare } from '@continuum/care-episode';
import { type Assessment } from '../assessment.js';
import { evolve, initialState } from '../client.js';
import {
  type AdmitClient,
  type AgreeToRestriction,
  type DecidePlacement,
  type GrantConsent,
  type IntakeCommand,
  type ReceiveReferral,
  type RecordAssessment,
  type RecordSafetyPlan,
  type RecordScreening,
  type RefuseRestriction,
  type RegisterClient,
  type RequestRestriction,
  type RevokeConsent,
} from '../commands.js';
import { type IntakeConfig, defaultIntakeConfig } from '../config.js';
import { type ConsentForm } from '../consent.js';
import { decide } from '../decide.js';
import { type IntakeEvent } from '../events.js';
import { type CssrsAnswers, type ScreeningAnswers } from '../screening.js';

export const CLIENT_ID = 'client-1';
/** The instant every fixture history is decided at; same as the test kit's DEFAULT_NOW. */
export const FIXTURE_NOW = new Date('2026-01-15T09:00:00.000Z');

export const IOP: LevelOfCare = { edition: 3, code: '2.1' };
export const PHP: LevelOfCare = { edition: 3, code: '2.5' };
export const OP: LevelOfCare = { edition: 3, code: '1' };
export const RESIDENTIAL: LevelOfCare = { edition: 3, code: '3.5' };
export const MEDICALLY_MONITORED: LevelOfCare = { edition: 3, code: '3.7' };

export const referral = (data: Partial<ReceiveReferral['data']> = {}): ReceiveReferral => ({
  type: 'ReceiveReferral',
  clientId: CLIENT_ID,
  data: { referralId: 'referral-1', source: 'hospital', reasonCode: 'alcohol-use', ...data },
});

export const registration = (data: Partial<RegisterClient['data']> = {}): RegisterClient => ({
  type: 'RegisterClient',
  clientId: CLIENT_ID,
  data: {
    siteId: 'site-north',
    person: { givenName: 'Ana', familyName: 'Núñez', dateOfBirth: '1988-03-14', contact: { phone: '+1 555 0100' } },
    possibleDuplicateOf: [],
    ...data,
  },
});

const STATEMENTS = DEFAULT_CONSENT_POLICY.statementTexts;

/** A consent on the 2024 form naming one provider for treatment, with every element and statement (@continuum/consent). */
export const consentForm = (overrides: Partial<ConsentForm> = {}): ConsentForm => ({
  consentId: 'consent-1',
  clientId: CLIENT_ID,
  clientName: 'Ana Núñez',
  disclosingParty: 'Continuum North IOP',
  information: { description: 'diagnosis, medications and attendance', categories: ['diagnosis', 'medications', 'attendance'] },
  recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7', name: 'Riverside Psychiatry' }],
  purposes: ['TREAT'],
  purposeDescription: 'psychiatric evaluation and medication management',
  expiry: { kind: 'date', expiresOn: '2027-01-15' },
  signers: [{ role: 'client', name: 'Ana Núñez' }],
  clientIsMinor: false,
  signedOn: '2026-01-15',
  statements: {
    revocation: STATEMENTS.revocation,
    'treatment-not-conditioned': STATEMENTS['treatment-not-conditioned'],
    'redisclosure-potential': STATEMENTS['redisclosure-potential'],
  },
  ...overrides,
});

export const grantConsent = (overrides: Partial<ConsentForm> = {}): GrantConsent => ({
  type: 'GrantConsent',
  clientId: CLIENT_ID,
  data: consentForm(overrides),
});

export const revokeConsent = (data: Partial<RevokeConsent['data']> = {}): RevokeConsent => ({
  type: 'RevokeConsent',
  clientId: CLIENT_ID,
  data: { consentId: 'consent-1', receivedAt: '2026-01-15T08:30:00.000Z', receivedVia: 'letter', ...data },
});

/** A client's request to restrict disclosures (42 CFR 2.26): here, nothing to their health plan for payment. */
export const requestRestriction = (
  request: RestrictionRequest = { kind: 'requested', scope: { recipientKinds: ['health-plan'], purposes: ['HPAYMT'] } },
  restrictionId = 'restriction-1',
): RequestRestriction => ({ type: 'RequestRestriction', clientId: CLIENT_ID, data: { restrictionId, request } });

export const agreeToRestriction = (restrictionId = 'restriction-1'): AgreeToRestriction => ({
  type: 'AgreeToRestriction',
  clientId: CLIENT_ID,
  data: { restrictionId },
});

export const refuseRestriction = (reason: string, restrictionId = 'restriction-1'): RefuseRestriction => ({
  type: 'RefuseRestriction',
  clientId: CLIENT_ID,
  data: { restrictionId, reason },
});

let screeningCounter = 0;
export const screening = (
  answers: ScreeningAnswers,
  screeningId = `screening-${++screeningCounter}`,
  followUpId = `follow-up-of-${screeningId}`,
): RecordScreening => ({
  type: 'RecordScreening',
  clientId: CLIENT_ID,
  data: { screeningId, answers, followUpId },
});

export const phq9 = (items: number[]): ScreeningAnswers => ({ instrument: 'PHQ-9', items });
export const gad7 = (items: number[]): ScreeningAnswers => ({ instrument: 'GAD-7', items });
/** Answers summing to `total`, filled from the first item, each at most `max`; the last item stays 0. */
export function itemsSummingTo(total: number, count: number, max: number): number[] {
  const items = new Array<number>(count).fill(0);
  let left = total;
  for (let i = 0; i < count - 1 && left > 0; i++) {
    items[i] = Math.min(max, left);
    left -= items[i];
  }
  if (left > 0) throw new Error(`cannot spread ${total} over ${count - 1} items of at most ${max}`);
  return items;
}
/** `yes` yes answers out of `count`, from the first item. */
export const yesAnswers = (yes: number, count: number): boolean[] => Array.from({ length: count }, (_, i) => i < yes);

export const cssrs = (answers: Partial<CssrsAnswers> = {}): ScreeningAnswers => ({
  instrument: 'C-SSRS',
  answers: { q1: false, q2: false, q6: false, ...answers },
});
export const noSuicideRisk = cssrs();
export const imminentSuicideRisk = cssrs({ q1: true, q2: true, q3: true, q4: true, q5: false });

export const assessmentFacts = (overrides: Partial<Assessment> = {}): Assessment => ({
  assessmentId: 'assessment-1',
  clinicianId: 'clinician-1',
  ratings: { withdrawal: 1, biomedical: 0, emotionalBehavioural: 1, readiness: 1, relapseRisk: 2, recoveryEnvironment: 1 },
  substances: [{ substanceCode: 'alcohol', yearsOfUse: 2, severity: 'mild' }],
  hasPriorTreatment: true,
  relapsedAfterTreatment: false,
  withdrawalRisk: 'low',
  isHomeStableAndSafe: true,
  hasSupportNetwork: true,
  livesInSoberLiving: false,
  obligations: ['work'],
  isWillingToAttend: true,
  completedResidentialProgramme: true,
  coOccurringDisorder: 'none',
  reportsTrauma: false,
  ...overrides,
});

export const assessment = (overrides: Partial<Assessment> = {}): RecordAssessment => ({
  type: 'RecordAssessment',
  clientId: CLIENT_ID,
  data: assessmentFacts(overrides),
});

export const placementDecision = (data: Partial<DecidePlacement['data']> = {}): DecidePlacement => ({
  type: 'DecidePlacement',
  clientId: CLIENT_ID,
  data: { placementId: 'placement-1', level: IOP, clinicianId: 'clinician-1', ...data },
});

export const safetyPlan = (data: Partial<RecordSafetyPlan['data']> = {}): RecordSafetyPlan => ({
  type: 'RecordSafetyPlan',
  clientId: CLIENT_ID,
  data: {
    safetyPlanId: 'safety-plan-1',
    clinicianId: 'clinician-1',
    suicideRiskAssessment: { assessmentId: 'risk-assessment-1', method: 'safe-t', riskLevel: 'moderate' },
    ...data,
  },
});

export const admission = (data: Partial<AdmitClient['data']> = {}): AdmitClient => ({
  type: 'AdmitClient',
  clientId: CLIENT_ID,
  data: { admissionId: 'admission-1', level: IOP, siteId: 'site-north', track: 'evening', startDate: '2026-01-19', ...data },
});

/**
 * The events the given commands produce, one after the other, so a spec's `given` can say
 * what happened in the coordinator's words ("referred, registered, screened…").
 */
export function historyOf(
  commands: IntakeCommand[],
  config: IntakeConfig = defaultIntakeConfig,
  now: Date = FIXTURE_NOW,
  before: readonly IntakeEvent[] = [],
): IntakeEvent[] {
  const events: IntakeEvent[] = [];
  for (const command of commands) {
    events.push(...decide(command, fold(evolve, initialState, [...before, ...events]), now, config));
  }
  return events;
}

/** A history in legs, each decided at its own instant after the ones before: `[[when, commands], …]`. */
export function historyInLegs(
  legs: ReadonlyArray<readonly [Date, IntakeCommand[]]>,
  config: IntakeConfig = defaultIntakeConfig,
): IntakeEvent[] {
  const events: IntakeEvent[] = [];
  for (const [now, commands] of legs) events.push(...historyOf(commands, config, now, events));
  return events;
}

/** A client referred, registered and screened with no findings: ready for assessment. */
export const screenedClient = () => [referral(), registration(), screening(noSuicideRisk, 'screening-cssrs')];
/** …assessed with facts that recommend IOP. */
export const assessedClient = () => [...screenedClient(), assessment()];
/** …and placed at IOP as recommended. */
export const placedClient = () => [...assessedClient(), placementDecision()];
