import { type LevelOfCare } from '@continuum/care-episode';
import { type RestrictionRequest } from '@continuum/consent';
import { type Assessment } from './assessment.js';
import { type ConsentForm, type RevocationChannel } from './consent.js';
import { type AdmissionTrack, type ReferralSource } from './events.js';
import { type Person } from './person.js';
import { type SuicideRiskAssessment } from './safety.js';
import { type SafetyFollowUpRecord } from './safety-follow-up.js';
import { type ScreeningAnswers } from './screening.js';

// What a coordinator or clinician asks intake to do. Scores and placement recommendations
// are never part of a command: intake computes them from the answers and the assessment.

export type ReceiveReferral = {
  type: 'ReceiveReferral';
  clientId: string;
  data: { referralId: string; source: ReferralSource; reasonCode: string; previousEpisodeId?: string };
};
export type RegisterClient = {
  type: 'RegisterClient';
  clientId: string;
  /** `possibleDuplicateOf`: clients with the same `duplicateKey`, found by the application's lookup. */
  data: { siteId: string; person: Person; possibleDuplicateOf: string[] };
};
/** The form as signed; its `clientId` is the command's. */
export type GrantConsent = { type: 'GrantConsent'; clientId: string; data: Omit<ConsentForm, 'clientId'> & { clientId?: string } };
export type RevokeConsent = {
  type: 'RevokeConsent';
  clientId: string;
  /** `receivedAt`: when the written revocation reached the programme (ISO instant); now when left out. */
  data: {
    consentId: string;
    receivedAt?: string;
    /** YYYY-MM-DD written on it, for the record */ revokedOn?: string;
    receivedVia: RevocationChannel;
  };
};
/**
 * The client's request to restrict disclosures (42 CFR 2.26(a); 45 CFR 164.522(a)), as written
 * down: what it covers, or the services the client paid for in full (agreed as it is recorded).
 */
export type RequestRestriction = {
  type: 'RequestRestriction';
  clientId: string;
  data: { restrictionId: string; request: RestrictionRequest };
};
/** The programme agrees to a requested restriction: from now on it binds every disclosure it covers. */
export type AgreeToRestriction = { type: 'AgreeToRestriction'; clientId: string; data: { restrictionId: string } };
/** The programme refuses a requested restriction, with the reason the client is told. */
export type RefuseRestriction = { type: 'RefuseRestriction'; clientId: string; data: { restrictionId: string; reason: string } };
export type RestrictionCommand = RequestRestriction | AgreeToRestriction | RefuseRestriction;
export type RecordScreening = {
  type: 'RecordScreening';
  clientId: string;
  /**
   * `followUpId`: the id a same-day safety follow-up takes if this screen opens one.
   * `administeredOn`: the day it was given (today at the client's site when left out); an
   * earlier day is a late entry and names its `lateEntryReason`.
   */
  data: { screeningId: string; answers: ScreeningAnswers; followUpId: string; administeredOn?: string; lateEntryReason?: string };
};
/** A clinician's suicide-risk assessment and the safety plan made with the client: together, the only way a safety hold ends. */
export type RecordSafetyPlan = {
  type: 'RecordSafetyPlan';
  clientId: string;
  data: { safetyPlanId: string; clinicianId: string; suicideRiskAssessment: SuicideRiskAssessment };
};
/** What a clinician did about a suicide-risk signal. */
export type RecordSafetyFollowUp = {
  type: 'RecordSafetyFollowUp';
  clientId: string;
  data: { followUpId: string; clinicianId: string } & SafetyFollowUpRecord;
};
/** Issued by the scheduler once a follow-up's due time has passed; safe to repeat. */
export type FlagOverdueSafetyFollowUp = { type: 'FlagOverdueSafetyFollowUp'; clientId: string; data: { followUpId: string } };
export type RecordAssessment = { type: 'RecordAssessment'; clientId: string; data: Assessment };
export type DecidePlacement = {
  type: 'DecidePlacement';
  clientId: string;
  data: { placementId: string; level: LevelOfCare; clinicianId: string; varianceReason?: string };
};
export type AdmitClient = {
  type: 'AdmitClient';
  clientId: string;
  data: { admissionId: string; level: LevelOfCare; siteId: string; track: AdmissionTrack; /** YYYY-MM-DD */ startDate: string };
};

/** A screening recorded in error: it stays in the history, and no rule reads it any more (screening-corrections.ts). */
export type MarkScreeningEnteredInError = {
  type: 'MarkScreeningEnteredInError';
  clientId: string;
  data: { screeningId: string; reasonCode: string; markedBy: string };
};

export type IntakeCommand =
  | ReceiveReferral
  | RegisterClient
  | GrantConsent
  | RevokeConsent
  | RequestRestriction
  | AgreeToRestriction
  | RefuseRestriction
  | RecordScreening
  | RecordSafetyPlan
  | RecordSafetyFollowUp
  | FlagOverdueSafetyFollowUp
  | RecordAssessment
  | DecidePlacement
  | AdmitClient
  | MarkScreeningEnteredInError;
