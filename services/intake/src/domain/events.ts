import { type RestrictionRequest } from '@continuum/consent';
import { type LateEntryReason, type LevelOfCare, type Population } from '@continuum/care-episode';
import { type Assessment } from './assessment.js';
import { type ConsentForm, type LegacyConsentForm, type RevocationChannel } from './consent.js';
import { type WorseningReason } from './measurement.js';
import { type Person } from './person.js';
import { type AssessedSuicideRiskLevel, type SuicideRiskAssessmentMethod } from './safety.js';
import { type Escalation, type SafetyFollowUpOutcome, type SuicideRiskSignal } from './safety-follow-up.js';
import { type PlacementReason, type PlacementRule } from './placement.js';
import {
  type CoOccurringCondition,
  type Instrument,
  type ScreeningAnswers,
  type ScreeningOutcome,
  type SeverityBand,
} from './screening.js';

// One stream per client: everything intake knows about a person, from the first referral
// to each admission. What happened (events); what we know because of it is client.ts.

export const CLIENT_STREAM_PREFIX = 'intake-client-';
export const clientStream = (clientId: string) => `${CLIENT_STREAM_PREFIX}${clientId}`;

export const REFERRAL_SOURCES = ['self', 'family', 'court', 'hospital', 'provider', 'aftercare-re-entry'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const ADMISSION_TRACKS = ['morning', 'evening', 'other'] as const;
export type AdmissionTrack = (typeof ADMISSION_TRACKS)[number];

export type SafetyHoldRelease =
  | {
      reason: 'safety-plan-recorded';
      safetyPlanId: string;
      clinicianId: string;
      /** The clinician's suicide-risk assessment that came with the plan; absent from releases recorded before it was required. */
      suicideRiskAssessmentId?: string;
      assessmentMethod?: SuicideRiskAssessmentMethod;
      assessedRiskLevel?: Exclude<AssessedSuicideRiskLevel, 'high'>;
    }
  /** No longer decided: an admission never ends a hold. Kept so that streams recorded before still fold. */
  | { reason: 'placed-at-24-hour-level'; admissionId: string; level: LevelOfCare };

export type ReferralReceived = {
  type: 'ReferralReceived';
  data: {
    clientId: string;
    referralId: string;
    source: ReferralSource;
    reasonCode: string;
    previousEpisodeId?: string;
    receivedAt: string;
  };
};
export type ClientRegistered = {
  type: 'ClientRegistered';
  data: { clientId: string; siteId: string; person: Person; possibleDuplicateOf: string[]; registeredAt: string };
};
/** The form as signed (the lib's ConsentForm); events stored before the 2024 form hold a LegacyConsentForm, read by upgradeLegacyForm. */
export type ConsentGranted = {
  type: 'ConsentGranted';
  data: { clientId: string; consent: ConsentForm | LegacyConsentForm; grantedAt: string };
};
/**
 * A written revocation, effective on receipt (42 CFR 2.31(a)(6)): `receivedAt`. Events stored
 * before it was recorded hold only `revokedOn` (the date written on it), read by upgradeLegacyRevocation.
 */
export type ConsentRevoked = {
  type: 'ConsentRevoked';
  data: {
    clientId: string;
    consentId: string;
    receivedAt?: string;
    revokedOn?: string;
    receivedVia: RevocationChannel;
    recordedAt: string;
  };
};
/** A request to restrict disclosures (42 CFR 2.26(a)), as the client made it; `requestedAt` is when it was recorded. */
export type RestrictionRequested = {
  type: 'RestrictionRequested';
  data: { clientId: string; restrictionId: string; request: RestrictionRequest; requestedAt: string };
};
/**
 * The programme agreed to the restriction, or it is the required paid-in-full one (`required`),
 * agreed as it was recorded. It binds disclosures from `agreedAt`. Carries the request, so that
 * what intake publishes (RestrictionAgreed) comes from this one event.
 */
export type RestrictionAgreed = {
  type: 'RestrictionAgreed';
  data: { clientId: string; restrictionId: string; request: RestrictionRequest; required: boolean; agreedAt: string };
};
/** The programme refused the restriction; the reason is the client's to read, and stays in intake. */
export type RestrictionRefused = {
  type: 'RestrictionRefused';
  data: { clientId: string; restrictionId: string; reason: string; refusedAt: string };
};
export type ScreeningRecorded = {
  type: 'ScreeningRecorded';
  data: {
    clientId: string;
    screeningId: string;
    answers: ScreeningAnswers;
    outcome: ScreeningOutcome;
    /** YYYY-MM-DD, the day it was given; absent from screenings recorded before dates were kept (their day is recordedAt's). */
    administeredOn?: string;
    /** Given before the day it was recorded: why (libs/care-episode's late-entry reasons). */
    lateEntryReason?: LateEntryReason;
    recordedAt: string;
  };
};
/** A screening during treatment scored worse than the one before it: for the treatment plan's review (never a level change by itself). */
export type ScreeningWorsened = {
  type: 'ScreeningWorsened';
  data: {
    clientId: string;
    siteId: string;
    screeningId: string;
    instrument: Instrument;
    score: number;
    band?: string;
    previousScore?: number;
    previousBand?: string;
    reasons: WorseningReason[];
    recordedAt: string;
  };
};
export type SafetyHoldPlaced = {
  type: 'SafetyHoldPlaced';
  data: { clientId: string; screeningId: string; instrument: 'C-SSRS'; riskCategory: 'high'; placedAt: string };
};
/** A suicide-risk signal at a screen: a clinician follows it up the same day (docs/domain/screening.md#same-day-safety-follow-up). */
export type SafetyFollowUpOpened = {
  type: 'SafetyFollowUpOpened';
  data: {
    clientId: string;
    followUpId: string;
    /** The client's site: the follow-up is that site's work. */
    siteId: string;
    /** The screen that raised it. */
    screeningId: string;
    instrument: 'PHQ-9' | 'C-SSRS';
    signal: SuicideRiskSignal;
    ownerRole: string;
    dueAt: string;
    openedAt: string;
  };
};
/** Raised once, by the scheduler, when the follow-up's due time passed with nothing recorded. */
export type SafetyFollowUpOverdue = {
  type: 'SafetyFollowUpOverdue';
  data: { clientId: string; followUpId: string; siteId: string; dueAt: string; flaggedAt: string };
};
export type SafetyFollowUpCompleted = {
  type: 'SafetyFollowUpCompleted';
  data: {
    clientId: string;
    followUpId: string;
    outcome: SafetyFollowUpOutcome;
    /** `cssrs-completed`: the C-SSRS screener recorded since the follow-up opened. */
    cssrsScreeningId?: string;
    /** `safety-plan-made`. */
    safetyPlanId?: string;
    /** `escalated`: where to, and the clinician's reason (which stays in intake). */
    escalation?: Escalation;
    clinicianId: string;
    completedAt: string;
  };
};
export type SafetyHoldReleased = { type: 'SafetyHoldReleased'; data: { clientId: string; releasedAt: string } & SafetyHoldRelease };
export type CoOccurringConditionIdentified = {
  type: 'CoOccurringConditionIdentified';
  data: {
    clientId: string;
    condition: CoOccurringCondition;
    /** The instrument that found it, or `assessment` for trauma reported to the clinician. */
    instrument: Instrument | 'assessment';
    /** The instrument's score; null when found in the assessment. */
    score: number | null;
    /** The PHQ-9 or GAD-7 severity band of that score: the dual-diagnosis referral's urgency follows it. Absent for other evidence and before bands were recorded. */
    band?: SeverityBand;
    /** The screening or assessment id: the evidence. */
    evidenceId: string;
    identifiedAt: string;
  };
};
export type AssessmentRecorded = { type: 'AssessmentRecorded'; data: { clientId: string; assessment: Assessment; recordedAt: string } };
export type PlacementRecommended = {
  type: 'PlacementRecommended';
  data: {
    clientId: string;
    assessmentId: string;
    level: LevelOfCare;
    reasons: PlacementReason[];
    /** Placement rules v2: the deciding rule, what would change the level, barriers and further recommendations. Absent from recommendations made before. */
    rule?: PlacementRule;
    whatWouldChange?: PlacementReason[];
    barriers?: PlacementReason[];
    alsoRecommended?: PlacementReason[];
    recommendedAt: string;
  };
};
export type PlacementDecided = {
  type: 'PlacementDecided';
  data: {
    clientId: string;
    placementId: string;
    assessmentId: string;
    level: LevelOfCare;
    recommendedLevel: LevelOfCare;
    clinicianId: string;
    /** Present when the decision differs from the recommendation: the clinician's reason is kept. */
    variance?: { reason: string };
    decidedAt: string;
  };
};
export type ClientAdmitted = {
  type: 'ClientAdmitted';
  data: {
    clientId: string;
    admissionId: string;
    level: LevelOfCare;
    siteId: string;
    track: AdmissionTrack;
    /** YYYY-MM-DD */
    startDate: string;
    assessmentId: string;
    placementId: string;
    referralId: string;
    /**
     * Whose weekly-hour minimums apply, from the date of birth on the start date (`populationOn`).
     * Absent from admissions recorded before intake derived it.
     */
    population?: Population;
    /** For a readmission: the care episode the re-entry referral follows, and intake's previous admission. */
    previousEpisodeId?: string;
    previousAdmissionId?: string;
    admittedAt: string;
  };
};

/** A correction: the screening stays in the stream; the folded client no longer lists it. */
export type ScreeningMarkedInError = {
  type: 'ScreeningMarkedInError';
  data: { clientId: string; screeningId: string; reasonCode: string; markedBy: string; markedAt: string };
};

export type IntakeEvent =
  | ReferralReceived
  | ClientRegistered
  | ConsentGranted
  | ConsentRevoked
  | RestrictionRequested
  | RestrictionAgreed
  | RestrictionRefused
  | ScreeningRecorded
  | ScreeningWorsened
  | SafetyHoldPlaced
  | SafetyHoldReleased
  | SafetyFollowUpOpened
  | SafetyFollowUpOverdue
  | SafetyFollowUpCompleted
  | CoOccurringConditionIdentified
  | AssessmentRecorded
  | PlacementRecommended
  | PlacementDecided
  | ClientAdmitted
  | ScreeningMarkedInError;
