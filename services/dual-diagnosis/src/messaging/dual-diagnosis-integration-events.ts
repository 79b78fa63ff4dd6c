import {
  type DualDiagnosisIntegrationEvent,
  DUAL_DIAGNOSIS_SOURCE,
  type PublishingService,
  TOPICS,
  integrationEventOf,
} from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { REFERRAL_STREAM_PREFIX, type ReferralEvent } from '../domain/index.js';

// The relay's mapping from referral events to the integration events of libs/contracts,
// field by field: clinicians' notes, the awaiting-consent explanation and the disclosure
// records (consent details, redisclosure notice) stay in the referral's stream, where the
// audit reads them for the accounting of disclosures.

export const DUAL_DIAGNOSIS_TOPIC = TOPICS.dualDiagnosis;
/** Only referral streams publish; the client copies and the provider directory stay inside the service. */
export const DUAL_DIAGNOSIS_STREAM_PREFIXES: string[] = [REFERRAL_STREAM_PREFIX];

/** The relay publishes as dual-diagnosis, reading domain events of schema version 1. */
const PUBLISHING: PublishingService = {
  source: DUAL_DIAGNOSIS_SOURCE,
  readsDomainVersion: 1,
  mappingFile: 'services/dual-diagnosis/src/messaging/dual-diagnosis-integration-events.ts',
};

/** The integration event a recorded referral event publishes (same event id), or undefined for what stays inside. Throws rather than publish a contract breach. */
export function toIntegrationEvent(recorded: RecordedEvent): DualDiagnosisIntegrationEvent | undefined {
  if (!DUAL_DIAGNOSIS_STREAM_PREFIXES.some((prefix) => recorded.streamId.startsWith(prefix))) return undefined;
  const { metadata } = recorded;
  const published = payloadOf({ type: recorded.type, data: recorded.data } as ReferralEvent, metadata.siteId);
  if (!published) return undefined;
  return integrationEventOf<DualDiagnosisIntegrationEvent>(
    recorded,
    { ...published, clientId: recorded.metadata.clientId ?? (recorded.data as { clientId: string }).clientId },
    PUBLISHING,
  );
}

type Published = Pick<DualDiagnosisIntegrationEvent, 'type' | 'data'>;

const dateOf = (instant: string) => instant.slice(0, 10);

function payloadOf(event: ReferralEvent, siteId: string): Published | undefined {
  switch (event.type) {
    case 'ReferralOpened': {
      const { referralId, clientId, specialty, urgency, dueAt, source, sourceEventId, conditionCode, episodeId } = event.data;
      return {
        type: 'ReferralOpened',
        data: {
          referralId,
          clientId,
          siteId: event.data.siteId,
          specialty,
          urgency,
          dueDate: dateOf(dueAt),
          dueAt,
          source,
          sourceEventId,
          conditionCode,
          ...(episodeId === undefined ? {} : { episodeId }),
        },
      };
    }
    case 'ReferralSent': {
      const { referralId, clientId, providerId, consentId, disclosureId, sentAt } = event.data;
      return {
        type: 'ReferralSent',
        data: {
          referralId,
          clientId,
          providerId,
          ...(consentId === undefined ? {} : { consentId }),
          ...(disclosureId === undefined ? {} : { disclosureId }),
          sentAt,
        },
      };
    }
    case 'ReferralAccepted': {
      const { referralId, clientId, providerId, acceptedAt } = event.data;
      return { type: 'ReferralAccepted', data: { referralId, clientId, providerId, at: acceptedAt } };
    }
    case 'ReferralDeclined': {
      const { referralId, clientId, providerId, reasonCode, declinedAt } = event.data;
      return { type: 'ReferralDeclined', data: { referralId, clientId, providerId, reasonCode, at: declinedAt } };
    }
    case 'AppointmentScheduled': {
      const { referralId, clientId, providerId, appointmentDate } = event.data;
      return { type: 'AppointmentScheduled', data: { referralId, clientId, providerId, appointmentDate } };
    }
    case 'AppointmentMissed': {
      const { referralId, clientId, providerId, appointmentDate, noShowCount } = event.data;
      return { type: 'AppointmentMissed', data: { referralId, clientId, providerId, appointmentDate, noShowCount } };
    }
    case 'ReferralCompleted': {
      const { referralId, clientId, episodeId, specialty, conditionCode, conditionConfirmed, recommendationCodes, completedAt } =
        event.data;
      return {
        type: 'ReferralCompleted',
        data: {
          referralId,
          clientId,
          ...(episodeId === undefined ? {} : { episodeId }),
          specialty,
          conditionCode,
          conditionConfirmed,
          recommendationCodes: [...recommendationCodes],
          completedAt,
        },
      };
    }
    case 'ReferralOverdue': {
      const { referralId, clientId, dueAt, escalationLevel, raisedAt } = event.data;
      return {
        type: 'ReferralOverdue',
        data: { referralId, clientId, siteId: event.data.siteId, dueDate: dateOf(dueAt), escalationLevel, raisedAt },
      };
    }
    case 'ReferralCancelled': {
      const { referralId, clientId, reasonCode, cancelledAt } = event.data;
      return { type: 'ReferralCancelled', data: { referralId, clientId, siteId, reasonCode, at: cancelledAt } };
    }
    case 'ReferralFailed': {
      const { referralId, clientId, reasonCode, failedAt } = event.data;
      return { type: 'ReferralFailed', data: { referralId, clientId, siteId, reasonCode, at: failedAt } };
    }
    case 'ClinicianNotified': {
      const { referralId, clientId, audienceRole, reasonCode, notifiedAt } = event.data;
      return {
        type: 'ClinicianNotificationRaised',
        data: { referralId, clientId, siteId: event.data.siteId, audienceRole, reasonCode, raisedAt: notifiedAt },
      };
    }
    // The service's working record: a provider's assignment and the consent wait are visible in
    // its API; disclosures are accounted for by the audit from this stream, not over Kafka.
    case 'UrgencyRaised':
    case 'ProviderAssigned':
    case 'ReferralAwaitingConsent':
    case 'DisclosureRecorded':
      return undefined;
    default: {
      const _notAReferralEvent: never = event;
      return undefined;
    }
  }
}
