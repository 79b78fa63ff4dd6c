import { type InformationCategory, type RecordedBasis } from '@continuum/consent';
import { type Specialty, type Urgency } from './config.js';

// One referral to a mental-health specialist, stream `referral-<referralId>`
// (docs/domain/dual-diagnosis.md#lifecycle): what happened to it (what we know because of it is
// referral.ts). Events carry ids and codes; the only prose is an optional clinician's note,
// which stays in this stream (the relay publishes ids and codes only).

export const referralStream = (referralId: string) => `referral-${referralId}`;
export const REFERRAL_STREAM_PREFIX = 'referral-';

export type ReferralSource = 'intake-screening' | 'treatment-plan';
export type ProviderKind = 'internal' | 'external';

export type ReferralOpened = {
  type: 'ReferralOpened';
  data: {
    referralId: string;
    clientId: string;
    siteId: string;
    specialty: Specialty;
    urgency: Urgency;
    /** Why the urgency is higher than requested, e.g. `imminent-suicide-risk` (C-SSRS). */
    urgencyReasonCode?: string;
    conditionCode: string;
    source: ReferralSource;
    /** The integration event that asked for it: a redelivery names the same one. */
    sourceEventId: string;
    episodeId?: string;
    dueAt: string;
    openedAt: string;
  };
};
export type UrgencyRaised = {
  type: 'UrgencyRaised';
  data: { referralId: string; clientId: string; from: Urgency; to: Urgency; reasonCode: string; dueAt: string; raisedAt: string };
};
export type ProviderAssigned = {
  type: 'ProviderAssigned';
  data: { referralId: string; clientId: string; providerId: string; providerKind: ProviderKind; assignedAt: string };
};
export type ReferralAwaitingConsent = {
  type: 'ReferralAwaitingConsent';
  /** `citation`: the section the reason answers to (absent on events recorded before the one consent rule). */
  data: {
    referralId: string;
    clientId: string;
    providerId: string;
    reasonCode: string;
    explanation: string;
    citation?: string;
    since: string;
  };
};
/**
 * A disclosure of Part 2 records (the accounting of disclosures lists it, 42 CFR 2.25): what was
 * disclosed, to whom, why, on which legal basis, with the 2.32 notice. Fields added with the one
 * consent rule are optional, since events recorded before it do not have them. The basis of a
 * medical emergency holds free text (who received it, the nature of the emergency, 42 CFR
 * 2.51(c)): it stays in this stream, never on the bus.
 */
export type DisclosureRecorded = {
  type: 'DisclosureRecorded';
  data: {
    disclosureId: string;
    referralId: string;
    clientId: string;
    recipientId: string;
    /** What was disclosed, as codes: the referral, its condition, specialty and urgency. */
    information: string[];
    /** The purpose: an HL7 v3 PurposeOfUse code (`treatment` on events recorded before the one consent rule). */
    purpose: string;
    /** The consent relied on; absent for a disclosure under another legal basis. */
    consentId?: string;
    disclosedAt: string;
    /** The notice sent with it (42 CFR 2.32(a)). */
    redisclosureNotice: string;
    /** The categories of information sent (42 CFR 2.31(a)(3)). */
    categories?: InformationCategory[];
    /** The legal basis, with its citation: the consent, a medical emergency (2.51) or a court order (subpart E). */
    basis?: RecordedBasis;
    /** 42 CFR 2.32(b): the consent whose scope, explained, went with the disclosure. */
    consentCopy?: { consentId: string; scope: string };
    disclosedBy?: { userId: string; role: string };
  };
};
export type ReferralSent = {
  type: 'ReferralSent';
  data: { referralId: string; clientId: string; providerId: string; consentId?: string; disclosureId?: string; sentAt: string };
};
export type ReferralAccepted = {
  type: 'ReferralAccepted';
  data: { referralId: string; clientId: string; providerId: string; acceptedAt: string };
};
export type ReferralDeclined = {
  type: 'ReferralDeclined';
  data: { referralId: string; clientId: string; providerId: string; reasonCode: string; note?: string; declinedAt: string };
};
export type AppointmentScheduled = {
  type: 'AppointmentScheduled';
  data: { referralId: string; clientId: string; providerId: string; appointmentDate: string; scheduledAt: string };
};
export type AppointmentMissed = {
  type: 'AppointmentMissed';
  data: { referralId: string; clientId: string; providerId: string; appointmentDate: string; noShowCount: number; recordedAt: string };
};
export type ReferralFailed = {
  type: 'ReferralFailed';
  data: { referralId: string; clientId: string; reasonCode: string; failedAt: string };
};
/** The referring site's clinicians are told, so that someone decides what the client needs now. */
export type ClinicianNotified = {
  type: 'ClinicianNotified';
  data: { referralId: string; clientId: string; siteId: string; audienceRole: 'clinician'; reasonCode: string; notifiedAt: string };
};
export type ReferralCompleted = {
  type: 'ReferralCompleted';
  data: {
    referralId: string;
    clientId: string;
    episodeId?: string;
    specialty: Specialty;
    conditionCode: string;
    conditionConfirmed: boolean;
    recommendationCodes: string[];
    note?: string;
    completedAt: string;
  };
};
export type ReferralCancelled = {
  type: 'ReferralCancelled';
  data: { referralId: string; clientId: string; reasonCode: string; note?: string; cancelledAt: string };
};
export type ReferralOverdue = {
  type: 'ReferralOverdue';
  data: { referralId: string; clientId: string; siteId: string; dueAt: string; escalationLevel: number; raisedAt: string };
};

export type ReferralEvent =
  | ReferralOpened
  | UrgencyRaised
  | ProviderAssigned
  | ReferralAwaitingConsent
  | DisclosureRecorded
  | ReferralSent
  | ReferralAccepted
  | ReferralDeclined
  | AppointmentScheduled
  | AppointmentMissed
  | ReferralFailed
  | ClinicianNotified
  | ReferralCompleted
  | ReferralCancelled
  | ReferralOverdue;
