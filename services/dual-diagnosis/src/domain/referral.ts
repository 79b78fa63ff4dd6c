import { type Specialty, type Urgency } from './config.js';

// One referral to a mental-health specialist, stream `referral-<referralId>`
// (docs/domain/dual-diagnosis.md#lifecycle): what happened to it, and what we know because of it. Events
// carry ids and codes; the only prose is an optional clinician's note, which stays in this
// stream (the relay publishes ids and codes only).

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
  data: { referralId: string; clientId: string; providerId: string; reasonCode: string; explanation: string; since: string };
};
/** 42 CFR 2.24 / 2.32: what was disclosed, to whom, why, under which consent, with the redisclosure notice. */
export type DisclosureRecorded = {
  type: 'DisclosureRecorded';
  data: {
    disclosureId: string;
    referralId: string;
    clientId: string;
    recipientId: string;
    /** What was disclosed, as codes: the referral, its condition, specialty and urgency. */
    information: string[];
    purpose: string;
    consentId: string;
    disclosedAt: string;
    redisclosureNotice: string;
  };
};
export type ReferralSent = {
  type: 'ReferralSent';
  data: { referralId: string; clientId: string; providerId: string; consentId?: string; disclosureId?: string; sentAt: string };
};
export type ReferralAccepted = { type: 'ReferralAccepted'; data: { referralId: string; clientId: string; providerId: string; acceptedAt: string } };
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
export type ReferralFailed = { type: 'ReferralFailed'; data: { referralId: string; clientId: string; reasonCode: string; failedAt: string } };
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
export type ReferralCancelled = { type: 'ReferralCancelled'; data: { referralId: string; clientId: string; reasonCode: string; note?: string; cancelledAt: string } };
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

export const REFERRAL_STATUSES = [
  'requested',
  'awaiting-consent',
  'sent',
  'accepted',
  'declined',
  'scheduled',
  'no-show',
  'completed',
  'cancelled',
  'failed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Waiting for a provider to take the referral on: the due date and escalation apply. */
export const UNANSWERED_STATUSES: readonly ReferralStatus[] = ['requested', 'awaiting-consent', 'sent', 'declined'];
export const CLOSED_STATUSES: readonly ReferralStatus[] = ['completed', 'cancelled', 'failed'];

export type Referral = {
  status: ReferralStatus;
  referralId: string;
  clientId: string;
  siteId: string;
  specialty: Specialty;
  urgency: Urgency;
  conditionCode: string;
  source: ReferralSource;
  sourceEventId: string;
  episodeId?: string;
  openedAt: string;
  dueAt: string;
  provider?: { providerId: string; kind: ProviderKind };
  awaitingConsent?: { providerId: string; reasonCode: string; explanation: string; since: string };
  appointmentDate?: string;
  noShowCount: number;
  escalationLevel: number;
  disclosureIds: string[];
  outcome?: { conditionConfirmed: boolean; recommendationCodes: string[]; completedAt: string };
  closedReasonCode?: string;
};

export type ReferralState = { status: 'none' } | Referral;

export const initialReferralState: ReferralState = { status: 'none' };

export const referralStream = (referralId: string) => `referral-${referralId}`;
export const REFERRAL_STREAM_PREFIX = 'referral-';

export function isOpened(state: ReferralState): state is Referral {
  return state.status !== 'none';
}

export function isClosed(state: ReferralState): boolean {
  return isOpened(state) && CLOSED_STATUSES.includes(state.status);
}

export function evolveReferral(state: ReferralState, event: ReferralEvent): ReferralState {
  if (event.type === 'ReferralOpened') {
    const { referralId, clientId, siteId, specialty, urgency, conditionCode, source, sourceEventId, episodeId, dueAt, openedAt } = event.data;
    return {
      status: 'requested',
      referralId,
      clientId,
      siteId,
      specialty,
      urgency,
      conditionCode,
      source,
      sourceEventId,
      ...(episodeId === undefined ? {} : { episodeId }),
      openedAt,
      dueAt,
      noShowCount: 0,
      escalationLevel: 0,
      disclosureIds: [],
    };
  }
  if (!isOpened(state)) return state;
  switch (event.type) {
    case 'UrgencyRaised':
      return { ...state, urgency: event.data.to, dueAt: event.data.dueAt };
    case 'ProviderAssigned': {
      const { awaitingConsent: _cleared, ...rest } = state;
      return { ...rest, status: 'requested', provider: { providerId: event.data.providerId, kind: event.data.providerKind } };
    }
    case 'ReferralAwaitingConsent': {
      const { providerId, reasonCode, explanation, since } = event.data;
      return { ...state, status: 'awaiting-consent', awaitingConsent: { providerId, reasonCode, explanation, since } };
    }
    case 'DisclosureRecorded':
      return { ...state, disclosureIds: [...state.disclosureIds, event.data.disclosureId] };
    case 'ReferralSent': {
      const { awaitingConsent: _cleared, ...rest } = state;
      return { ...rest, status: 'sent' };
    }
    case 'ReferralAccepted':
      return { ...state, status: 'accepted' };
    case 'ReferralDeclined': {
      // The provider who declined is no longer the recipient: another must be assigned.
      const { provider: _declined, ...rest } = state;
      return { ...rest, status: 'declined' };
    }
    case 'AppointmentScheduled':
      return { ...state, status: 'scheduled', appointmentDate: event.data.appointmentDate };
    case 'AppointmentMissed':
      return { ...state, status: 'no-show', noShowCount: event.data.noShowCount };
    case 'ReferralFailed':
      return { ...state, status: 'failed', closedReasonCode: event.data.reasonCode };
    case 'ClinicianNotified':
      return state;
    case 'ReferralCompleted': {
      const { conditionConfirmed, recommendationCodes, completedAt } = event.data;
      return { ...state, status: 'completed', outcome: { conditionConfirmed, recommendationCodes: [...recommendationCodes], completedAt } };
    }
    case 'ReferralCancelled':
      return { ...state, status: 'cancelled', closedReasonCode: event.data.reasonCode };
    case 'ReferralOverdue':
      return { ...state, escalationLevel: event.data.escalationLevel };
    default:
      return state;
  }
}
