import { type ReadModelDefinition } from '@continuum/read-store';
import { type Referral, type ReferralStatus, UNANSWERED_STATUSES, CLOSED_STATUSES } from '../domain/index.js';

// The coordinators' referral lists: one row per referral, with each list's question as a
// boolean field of its own (an index, and so a filter, works on a scalar field in both
// adapters). The folded referral rides along, so the next event folds into it.

/** At the provider and taking up its capacity: sent and not yet answered, accepted, or with an appointment. */
const HOLDING_CAPACITY: readonly ReferralStatus[] = ['sent', 'accepted', 'scheduled', 'no-show'];

export type ReferralListItem = {
  referralId: string;
  clientId: string;
  siteId: string;
  status: ReferralStatus;
  specialty: Referral['specialty'];
  urgency: Referral['urgency'];
  conditionCode: string;
  source: Referral['source'];
  episodeId: string | null;
  openedAt: string;
  dueAt: string;
  providerId: string | null;
  isOpen: boolean;
  /** Waiting for a provider to take it on (requested, awaiting consent, sent, declined): the scheduler watches these. */
  isUnanswered: boolean;
  /** Past its due date without acceptance or an appointment, as the scheduler raised it. */
  isOverdue: boolean;
  escalationLevel: number;
  isAwaitingConsent: boolean;
  /** Why it waits (codes and a sentence naming the provider and purpose; no personal data). */
  awaitingConsent: { providerId: string; reasonCode: string; explanation: string; since: string } | null;
  holdsProviderCapacity: boolean;
  appointmentDate: string | null;
  referral: Referral;
};

export const REFERRAL_LIST: ReadModelDefinition = {
  name: 'dual_diagnosis_referrals',
  indexes: [
    { fields: ['siteId', 'isOpen', 'dueAt'] },
    { fields: ['siteId', 'isOverdue', 'dueAt'] },
    { fields: ['siteId', 'isAwaitingConsent', 'dueAt'] },
    { fields: ['siteId', 'status'] },
    { fields: ['providerId', 'holdsProviderCapacity'] },
    { fields: ['isUnanswered', 'dueAt'] },
    { fields: ['clientId', 'openedAt'] },
  ],
};

export function listItemOf(referral: Referral): ReferralListItem {
  const isUnanswered = UNANSWERED_STATUSES.includes(referral.status);
  return {
    referralId: referral.referralId,
    clientId: referral.clientId,
    siteId: referral.siteId,
    status: referral.status,
    specialty: referral.specialty,
    urgency: referral.urgency,
    conditionCode: referral.conditionCode,
    source: referral.source,
    episodeId: referral.episodeId ?? null,
    openedAt: referral.openedAt,
    dueAt: referral.dueAt,
    providerId: referral.provider?.providerId ?? null,
    isOpen: !CLOSED_STATUSES.includes(referral.status),
    isUnanswered,
    isOverdue: isUnanswered && referral.escalationLevel > 0,
    escalationLevel: referral.escalationLevel,
    isAwaitingConsent: referral.status === 'awaiting-consent',
    awaitingConsent: referral.awaitingConsent ?? null,
    holdsProviderCapacity: HOLDING_CAPACITY.includes(referral.status) && referral.provider !== undefined,
    appointmentDate: referral.appointmentDate ?? null,
    referral,
  };
}
