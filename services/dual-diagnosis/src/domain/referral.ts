import { type Specialty, type Urgency } from './config.js';
import { type ProviderKind, type ReferralEvent, type ReferralSource } from './events.js';

// One referral to a mental-health specialist, stream `referral-<referralId>`
// (docs/domain/dual-diagnosis.md#lifecycle): what we know because of what happened to it (events.ts).

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
  awaitingConsent?: { providerId: string; reasonCode: string; explanation: string; citation?: string; since: string };
  appointmentDate?: string;
  noShowCount: number;
  escalationLevel: number;
  disclosureIds: string[];
  outcome?: { conditionConfirmed: boolean; recommendationCodes: string[]; completedAt: string };
  closedReasonCode?: string;
};

export type ReferralState = { status: 'none' } | Referral;

export const initialReferralState: ReferralState = { status: 'none' };

export function isOpened(state: ReferralState): state is Referral {
  return state.status !== 'none';
}

export function isClosed(state: ReferralState): boolean {
  return isOpened(state) && CLOSED_STATUSES.includes(state.status);
}

export function evolveReferral(state: ReferralState, event: ReferralEvent): ReferralState {
  if (event.type === 'ReferralOpened') {
    const { referralId, clientId, siteId, specialty, urgency, conditionCode, source, sourceEventId, episodeId, dueAt, openedAt } =
      event.data;
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
      const { providerId, reasonCode, explanation, citation, since } = event.data;
      return {
        ...state,
        status: 'awaiting-consent',
        awaitingConsent: { providerId, reasonCode, explanation, ...(citation === undefined ? {} : { citation }), since },
      };
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
