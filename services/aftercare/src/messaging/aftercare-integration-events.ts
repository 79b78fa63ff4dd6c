import { AFTERCARE_SOURCE, type AftercareIntegrationEvent, type PublishingService, TOPICS, integrationEventOf } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { AFTERCARE_STREAM_PREFIX, type AftercareEvent, isAftercarePlanStream } from '../domain/index.js';

// The relay's mapping from aftercare's domain events to the five integration events of
// libs/contracts (aftercare-events.ts). Payloads are built field by field from ids, dates and
// codes: the relapse-prevention plan (the client's own words), support contacts and the
// BARC-10 answers stay in the aftercare stream (docs/domain/compliance.md#what-stays-inside-a-service).

export const AFTERCARE_TOPIC = TOPICS.aftercare;
export const AFTERCARE_STREAM_PREFIXES: string[] = [AFTERCARE_STREAM_PREFIX];

/** The relay publishes as aftercare, reading domain events of schema version 1. */
const PUBLISHING: PublishingService = {
  source: AFTERCARE_SOURCE,
  readsDomainVersion: 1,
  mappingFile: 'services/aftercare/src/messaging/aftercare-integration-events.ts',
};

type Published = Pick<AftercareIntegrationEvent, 'type' | 'data'>;

/**
 * The integration event a recorded aftercare event publishes, with the same event id (so
 * consumers deduplicate a redelivery), or undefined for what stays inside the service.
 * Throws when the result would break its contract: the relay stops rather than publish it.
 */
export function toIntegrationEvent(recorded: RecordedEvent): AftercareIntegrationEvent | undefined {
  // The consent files (aftercare-client-…) hold copies of other services' events: nothing of them is published.
  if (!isAftercarePlanStream(recorded.streamId)) return undefined;
  const published = payloadOf({ type: recorded.type, data: recorded.data } as AftercareEvent);
  if (!published) return undefined;
  return integrationEventOf<AftercareIntegrationEvent>(recorded, { ...published, clientId: published.data.clientId }, PUBLISHING);
}

function payloadOf(event: AftercareEvent): Published | undefined {
  switch (event.type) {
    case 'AftercarePlanCreated': {
      const { planId, episodeId, clientId, siteId, dischargeLevel, dischargeDate, checkIns } = event.data;
      return {
        type: 'AftercarePlanCreated',
        data: {
          planId,
          episodeId,
          clientId,
          siteId,
          dischargeLevel: { edition: dischargeLevel.edition, code: dischargeLevel.code },
          dischargeDate,
          checkInDueDates: checkIns.map((checkIn) => checkIn.dueDate),
        },
      };
    }
    case 'CheckInRecorded': {
      const { planId, clientId, dueDate, date, outcome, barc10 } = event.data;
      return {
        type: 'CheckInRecorded',
        data: {
          planId,
          clientId,
          dueDate,
          date,
          outcome,
          barc10Total: barc10?.total ?? null,
          strongRecoveryCapital: barc10?.isStrongRecoveryCapital ?? null,
        },
      };
    }
    case 'CheckInMissed': {
      const { planId, clientId, dueDate, consecutiveMisses } = event.data;
      return { type: 'CheckInMissed', data: { planId, clientId, dueDate, consecutiveMisses } };
    }
    case 'ReadmissionRecommended': {
      const { planId, clientId, siteId, episodeId, reasons, recommendedAt } = event.data;
      return {
        type: 'ReadmissionRecommended',
        data: { planId, clientId, siteId, episodeId, reasonCodes: reasons.map((reason) => reason.code), recommendedAt },
      };
    }
    case 'ContinuingCareEnded': {
      const { planId, clientId, reason, endedAt } = event.data;
      return { type: 'ContinuingCareEnded', data: { planId, clientId, reasonCode: reason, endedAt } };
    }
    // The plan's content (relapse prevention, residence, peer support, therapy, case
    // management) and the outreach tasks are the care team's working record.
    default:
      return undefined;
  }
}
