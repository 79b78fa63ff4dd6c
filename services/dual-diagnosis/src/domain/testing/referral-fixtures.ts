import { type ClientEvent as ConsentClientEvent } from '@continuum/consent';
// Builders for the referral specs: one client, one referral, one internal and one external
// provider, and consents that do or do not cover a disclosure to the external one.
import { type ConsentCopy, type ConsentCopyV2 } from '@continuum/consent';
import { type OpenReferral, type ReferralCommand } from '../decide.js';
import { type ReferralEvent } from '../events.js';

export const CLIENT = '7d1c3e55-2b4a-4c6d-8e9f-0a1b2c3d4e5f';
export const REFERRAL = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
export const SITE = 'site-north';
export const SOURCE_EVENT = '11111111-2222-4333-8444-555555555555';
export const OPENED_AT = '2026-01-15T09:00:00.000Z';
export const INTERNAL = {
  providerId: 'psychiatry-in-house',
  siteId: SITE,
  kind: 'internal',
  specialties: ['psychiatric-evaluation', 'medication-management'],
} as const;
export const EXTERNAL = {
  providerId: 'riverside-trauma',
  siteId: SITE,
  kind: 'external',
  specialties: ['trauma-therapy', 'psychiatric-evaluation'],
} as const;
export const DISCLOSURE = 'd15c1050-0000-4000-8000-000000000001';

export const at = (iso: string) => new Date(iso);

export const openReferral = (overrides: Partial<OpenReferral['data']> = {}): OpenReferral => ({
  type: 'OpenReferral',
  data: {
    referralId: REFERRAL,
    clientId: CLIENT,
    siteId: SITE,
    specialty: 'psychiatric-evaluation',
    urgency: 'routine',
    conditionCode: 'depression',
    source: 'intake-screening',
    sourceEventId: SOURCE_EVENT,
    hasImminentSuicideRisk: false,
    ...overrides,
  },
});

export const opened = (overrides: Partial<Extract<ReferralEvent, { type: 'ReferralOpened' }>['data']> = {}): ReferralEvent => ({
  type: 'ReferralOpened',
  data: {
    referralId: REFERRAL,
    clientId: CLIENT,
    siteId: SITE,
    specialty: 'psychiatric-evaluation',
    urgency: 'routine',
    conditionCode: 'depression',
    source: 'intake-screening',
    sourceEventId: SOURCE_EVENT,
    dueAt: '2026-01-29T09:00:00.000Z',
    openedAt: OPENED_AT,
    ...overrides,
  },
});

export const assigned = (provider: { providerId: string; kind: 'internal' | 'external' } = INTERNAL): ReferralEvent => ({
  type: 'ProviderAssigned',
  data: { referralId: REFERRAL, clientId: CLIENT, providerId: provider.providerId, providerKind: provider.kind, assignedAt: OPENED_AT },
});
export const sent = (providerId: string = INTERNAL.providerId): ReferralEvent => ({
  type: 'ReferralSent',
  data: { referralId: REFERRAL, clientId: CLIENT, providerId, sentAt: OPENED_AT },
});
export const accepted = (providerId: string = INTERNAL.providerId): ReferralEvent => ({
  type: 'ReferralAccepted',
  data: { referralId: REFERRAL, clientId: CLIENT, providerId, acceptedAt: OPENED_AT },
});
export const scheduled = (appointmentDate = '2026-01-20', providerId: string = INTERNAL.providerId): ReferralEvent => ({
  type: 'AppointmentScheduled',
  data: { referralId: REFERRAL, clientId: CLIENT, providerId, appointmentDate, scheduledAt: OPENED_AT },
});
export const missed = (noShowCount: number, appointmentDate = '2026-01-20'): ReferralEvent => ({
  type: 'AppointmentMissed',
  data: { referralId: REFERRAL, clientId: CLIENT, providerId: INTERNAL.providerId, appointmentDate, noShowCount, recordedAt: OPENED_AT },
});
export const overdue = (escalationLevel: number): ReferralEvent => ({
  type: 'ReferralOverdue',
  data: { referralId: REFERRAL, clientId: CLIENT, siteId: SITE, dueAt: '2026-01-29T09:00:00.000Z', escalationLevel, raisedAt: OPENED_AT },
});

export const assignProvider = (
  provider: {
    providerId: string;
    siteId: string;
    kind: 'internal' | 'external';
    specialties: readonly string[];
    capacity?: number;
    openReferrals?: number;
  } = INTERNAL,
): ReferralCommand => ({ type: 'AssignProvider', data: { provider } }) as ReferralCommand;
export const send = (
  consents: ConsentCopy[] = [],
  more: { events?: ConsentClientEvent[]; treatingRelationship?: boolean } = {},
): ReferralCommand => ({
  type: 'SendReferral',
  data: { consents, disclosureId: DISCLOSURE, disclosedBy: CLINICIAN, ...more },
});
export const CLINICIAN = { userId: 'clinician-4', role: 'clinician' };
export const accept: ReferralCommand = { type: 'AcceptReferral', data: {} };
export const decline = (reasonCode = 'no-capacity'): ReferralCommand => ({ type: 'DeclineReferral', data: { reasonCode } });
export const schedule = (appointmentDate = '2026-01-20'): ReferralCommand => ({ type: 'ScheduleAppointment', data: { appointmentDate } });
export const noShow: ReferralCommand = { type: 'RecordNoShow', data: {} };
export const complete = (conditionConfirmed = true, recommendationCodes = ['start-ssri', 'weekly-psychotherapy']): ReferralCommand => ({
  type: 'CompleteReferral',
  data: { conditionConfirmed, recommendationCodes },
});
export const cancel = (reasonCode = 'client-withdrew'): ReferralCommand => ({ type: 'CancelReferral', data: { reasonCode } });
export const markOverdue: ReferralCommand = { type: 'MarkOverdue', data: {} };

/** A Part 2 consent (intake's v2 copy) naming the external trauma provider for treatment, for a referral's categories, through 2026. */
export const consentFor = (overrides: Partial<ConsentCopyV2 & { revokedFrom: string }> = {}): ConsentCopy => ({
  consentId: 'c0a5e470-0000-4000-8000-000000000001',
  recipients: [{ kind: 'named', recipientId: EXTERNAL.providerId }],
  purposes: ['TREAT'],
  categories: ['diagnosis', 'screening-results'],
  expiry: { kind: 'date', expiresOn: '2027-01-01' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  grantedAt: '2026-01-10T10:00:00.000Z',
  ...overrides,
});
