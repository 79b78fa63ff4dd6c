import { type EventContract } from './event-contract.js';
import { CODE_FIELD, DATE_FIELD, DATE_TIME_FIELD, ID_FIELD, UUID_FIELD } from './fields.js';
import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { type ObjectSchema } from './schema.js';
import {
  DUAL_DIAGNOSIS_SPECIALTIES,
  type DualDiagnosisSpecialtyV1,
  REFERRAL_URGENCIES,
  type ReferralUrgencyV1,
} from './treatment-plan-events.js';

// What the dual-diagnosis service tells the network about referrals to mental-health
// specialists, on `continuum.dual-diagnosis.events.v1`. Ids and codes only: the provider's
// name, clinicians' notes and the disclosure records (with their consent details) stay in
// the referral's stream, where the audit accounts for disclosures (42 CFR 2.25).

export const DUAL_DIAGNOSIS_SOURCE = 'dual-diagnosis';

const REFERRAL_SOURCES = ['intake-screening', 'treatment-plan'] as const;

export type ReferralOpenedV1 = {
  referralId: string;
  clientId: string;
  siteId: string;
  specialty: DualDiagnosisSpecialtyV1;
  urgency: ReferralUrgencyV1;
  /** The day it is due (UTC); `dueAt` is the instant. */
  dueDate: string;
  dueAt: string;
  source: (typeof REFERRAL_SOURCES)[number];
  /** The integration event that asked for it (intake's CoOccurringConditionIdentified or treatment-plan's DualDiagnosisReferralRequested). */
  sourceEventId: string;
  conditionCode: string;
  episodeId?: string;
};

export type ReferralSentV1 = {
  referralId: string;
  clientId: string;
  providerId: string;
  consentId?: string;
  disclosureId?: string;
  sentAt: string;
};
export type ReferralAnsweredV1 = { referralId: string; clientId: string; providerId: string; reasonCode?: string; at: string };
export type AppointmentScheduledV1 = { referralId: string; clientId: string; providerId: string; appointmentDate: string };
export type AppointmentMissedV1 = {
  referralId: string;
  clientId: string;
  providerId: string;
  appointmentDate: string;
  noShowCount: number;
};

/** The specialist's result: treatment-plan adds an integrated-care goal from it. */
export type ReferralCompletedV1 = {
  referralId: string;
  clientId: string;
  episodeId?: string;
  specialty: DualDiagnosisSpecialtyV1;
  conditionCode: string;
  conditionConfirmed: boolean;
  recommendationCodes: string[];
  completedAt: string;
};

export type ReferralOverdueV1 = {
  referralId: string;
  clientId: string;
  siteId: string;
  dueDate: string;
  escalationLevel: number;
  raisedAt: string;
};
export type ReferralClosedV1 = { referralId: string; clientId: string; siteId: string; reasonCode: string; at: string };
/** Someone at the site must act on a referral (e.g. it failed after a second no-show). */
export type ClinicianNotificationRaisedV1 = {
  referralId: string;
  clientId: string;
  siteId: string;
  audienceRole: 'clinician';
  reasonCode: string;
  raisedAt: string;
};

export type DualDiagnosisIntegrationEvent =
  | IntegrationEvent<'ReferralOpened', ReferralOpenedV1>
  | IntegrationEvent<'ReferralSent', ReferralSentV1>
  | IntegrationEvent<'ReferralAccepted', ReferralAnsweredV1>
  | IntegrationEvent<'ReferralDeclined', ReferralAnsweredV1>
  | IntegrationEvent<'AppointmentScheduled', AppointmentScheduledV1>
  | IntegrationEvent<'AppointmentMissed', AppointmentMissedV1>
  | IntegrationEvent<'ReferralCompleted', ReferralCompletedV1>
  | IntegrationEvent<'ReferralOverdue', ReferralOverdueV1>
  | IntegrationEvent<'ReferralCancelled', ReferralClosedV1>
  | IntegrationEvent<'ReferralFailed', ReferralClosedV1>
  | IntegrationEvent<'ClinicianNotificationRaised', ClinicianNotificationRaisedV1>;

export type DualDiagnosisIntegrationEventType = DualDiagnosisIntegrationEvent['type'];

const closed = (properties: ObjectSchema['properties'], optional: readonly string[] = []): ObjectSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  additionalProperties: false,
});

const contract = (
  type: DualDiagnosisIntegrationEventType,
  description: string,
  schema: EventContract['schema'],
): EventContract<DualDiagnosisIntegrationEventType> => ({
  type,
  schemaVersion: 1,
  source: DUAL_DIAGNOSIS_SOURCE,
  topic: TOPICS.dualDiagnosis,
  description,
  schema,
});

const answered = closed(
  { referralId: UUID_FIELD, clientId: UUID_FIELD, providerId: ID_FIELD, reasonCode: CODE_FIELD, at: DATE_TIME_FIELD },
  ['reasonCode'],
);
const closedReferral = closed({
  referralId: UUID_FIELD,
  clientId: UUID_FIELD,
  siteId: ID_FIELD,
  reasonCode: CODE_FIELD,
  at: DATE_TIME_FIELD,
});

export const DUAL_DIAGNOSIS_EVENT_CONTRACTS: readonly EventContract<DualDiagnosisIntegrationEventType>[] = [
  contract(
    'ReferralOpened',
    'A referral to a mental-health specialist was opened from a co-occurring screen at intake or a request in treatment; it is due by dueAt.',
    closed(
      {
        referralId: UUID_FIELD,
        clientId: UUID_FIELD,
        siteId: ID_FIELD,
        specialty: { type: 'string', enum: DUAL_DIAGNOSIS_SPECIALTIES },
        urgency: { type: 'string', enum: REFERRAL_URGENCIES },
        dueDate: DATE_FIELD,
        dueAt: DATE_TIME_FIELD,
        source: { type: 'string', enum: REFERRAL_SOURCES },
        sourceEventId: UUID_FIELD,
        conditionCode: CODE_FIELD,
        episodeId: ID_FIELD,
      },
      ['episodeId'],
    ),
  ),
  contract(
    'ReferralSent',
    'The referral went to its provider; to a provider outside the programme under the named consent, with the disclosure recorded.',
    closed(
      {
        referralId: UUID_FIELD,
        clientId: UUID_FIELD,
        providerId: ID_FIELD,
        consentId: UUID_FIELD,
        disclosureId: UUID_FIELD,
        sentAt: DATE_TIME_FIELD,
      },
      ['consentId', 'disclosureId'],
    ),
  ),
  contract('ReferralAccepted', 'The provider accepted the referral.', answered),
  contract('ReferralDeclined', 'The provider declined the referral (reasonCode); another provider may be assigned.', answered),
  contract(
    'AppointmentScheduled',
    'The provider gave the client an appointment.',
    closed({ referralId: UUID_FIELD, clientId: UUID_FIELD, providerId: ID_FIELD, appointmentDate: DATE_FIELD }),
  ),
  contract(
    'AppointmentMissed',
    'The client did not attend the appointment; a second no-show fails the referral.',
    closed({
      referralId: UUID_FIELD,
      clientId: UUID_FIELD,
      providerId: ID_FIELD,
      appointmentDate: DATE_FIELD,
      noShowCount: { type: 'integer', minimum: 1 },
    }),
  ),
  contract(
    'ReferralCompleted',
    'The specialist saw the client: whether the condition was confirmed and the recommendations as codes, for an integrated-care goal.',
    closed(
      {
        referralId: UUID_FIELD,
        clientId: UUID_FIELD,
        episodeId: ID_FIELD,
        specialty: { type: 'string', enum: DUAL_DIAGNOSIS_SPECIALTIES },
        conditionCode: CODE_FIELD,
        conditionConfirmed: { type: 'boolean' },
        recommendationCodes: { type: 'array', items: CODE_FIELD },
        completedAt: DATE_TIME_FIELD,
      },
      ['episodeId'],
    ),
  ),
  contract(
    'ReferralOverdue',
    'The referral passed its due date without acceptance or an appointment; escalationLevel rises each configured interval.',
    closed({
      referralId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      dueDate: DATE_FIELD,
      escalationLevel: { type: 'integer', minimum: 1 },
      raisedAt: DATE_TIME_FIELD,
    }),
  ),
  contract('ReferralCancelled', 'The referral was cancelled (reasonCode).', closedReferral),
  contract('ReferralFailed', 'The referral ended without an outcome, e.g. after a second no-show (reasonCode).', closedReferral),
  contract(
    'ClinicianNotificationRaised',
    "The referring site's clinicians must act on the referral (reasonCode).",
    closed({
      referralId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      audienceRole: { type: 'string', enum: ['clinician'] },
      reasonCode: CODE_FIELD,
      raisedAt: DATE_TIME_FIELD,
    }),
  ),
];
