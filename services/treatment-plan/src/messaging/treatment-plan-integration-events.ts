import {
  CLIENT_EPISODES_STREAM_PREFIX,
  EPISODE_STREAM_PREFIX,
  type EpisodeEvent,
  evolveEpisode,
  initialEpisode,
} from '@continuum/care-episode';
import {
  type PublishingService,
  TOPICS,
  TREATMENT_PLAN_SOURCE,
  type TreatmentPlanIntegrationEvent,
  integrationEventOf,
} from '@continuum/contracts';
import { fold } from '@continuum/decider';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { PLAN_STREAM_PREFIX, type PlanEvent } from '../domain/index.js';

// The relay's mapping from treatment-plan's domain events (the care-episode ledger and the
// plans) to the integration events of libs/contracts. Payloads are built field by field from
// ids, codes and dates: the references to notes and summaries (reason.reference,
// dischargeSummaryRef, payerReference) and who decided stay in the ledger, where the auditors
// read them under their access rules.

export const TREATMENT_PLAN_TOPIC = TOPICS.treatmentPlan;
/** The ledger's episode streams and the plans. The per-client claim streams share the ledger's prefix and are skipped below. */
export const TREATMENT_PLAN_STREAM_PREFIXES: string[] = [EPISODE_STREAM_PREFIX, PLAN_STREAM_PREFIX];

/** The relay publishes as treatment-plan, reading domain events of schema version 1. */
const PUBLISHING: PublishingService = {
  source: TREATMENT_PLAN_SOURCE,
  readsDomainVersion: 1,
  mappingFile: 'services/treatment-plan/src/messaging/treatment-plan-integration-events.ts',
};

type Published = Pick<TreatmentPlanIntegrationEvent, 'type' | 'data'>;

/**
 * The integration event a recorded event publishes, with the same event id, or undefined for
 * what stays inside the service. Throws when the result would break its contract, so the
 * relay stops rather than publish it. Reads the store only for a discharge, whose level and
 * site the ledger event does not repeat.
 */
export async function toIntegrationEvent(recorded: RecordedEvent, store: EventStore): Promise<TreatmentPlanIntegrationEvent | undefined> {
  const published = await payloadOf(recorded, store);
  if (!published) return undefined;
  return integrationEventOf<TreatmentPlanIntegrationEvent>(
    recorded,
    { ...published, clientId: (published.data as { clientId: string }).clientId },
    PUBLISHING,
  );
}

async function payloadOf(recorded: RecordedEvent, store: EventStore): Promise<Published | undefined> {
  if (recorded.streamId.startsWith(CLIENT_EPISODES_STREAM_PREFIX)) return undefined;
  if (recorded.streamId.startsWith(EPISODE_STREAM_PREFIX)) return episodePayloadOf(recorded, store);
  if (recorded.streamId.startsWith(PLAN_STREAM_PREFIX)) return planPayloadOf(recorded);
  return undefined;
}

async function episodePayloadOf(recorded: RecordedEvent, store: EventStore): Promise<Published | undefined> {
  const event = { type: recorded.type, data: recorded.data } as EpisodeEvent;
  const clientId = recorded.metadata.clientId ?? '';
  switch (event.type) {
    case 'EpisodeOpened': {
      const opened = event.data;
      return {
        type: 'EpisodeOpened',
        data: {
          episodeId: opened.episodeId,
          clientId: opened.clientId,
          siteId: opened.siteId,
          level: { edition: opened.level.edition, code: opened.level.code },
          programmeId: opened.programmeId,
          ...(opened.track === undefined ? {} : { track: opened.track }),
          startDate: opened.startDate,
          admissionId: opened.admissionId,
          ...(opened.previousEpisodeId === undefined ? {} : { previousEpisodeId: opened.previousEpisodeId }),
          openedAt: recorded.metadata.occurredAt,
        },
      };
    }
    case 'LevelOfCareChanged': {
      const { episodeId, from, to, direction, reason, evidence, effectiveDate } = event.data;
      return {
        type: 'LevelOfCareChanged',
        data: {
          episodeId,
          clientId,
          from: { edition: from.edition, code: from.code },
          to: { edition: to.edition, code: to.code },
          direction,
          reasonCode: reason.code,
          evidence: evidence.map(({ kind, id }) => ({ kind, id })),
          effectiveDate,
        },
      };
    }
    case 'AuthorizedLevelRecorded': {
      const { episodeId, level, amount, throughDate } = event.data;
      return {
        type: 'AuthorizedLevelRecorded',
        data: {
          episodeId,
          clientId,
          level: { edition: level.edition, code: level.code },
          amount: { quantity: amount.quantity, unit: amount.unit },
          throughDate,
        },
      };
    }
    case 'SiteTransferred': {
      const { episodeId, fromSiteId, toSiteId, reason, effectiveDate } = event.data;
      return { type: 'SiteTransferred', data: { episodeId, clientId, fromSiteId, toSiteId, reasonCode: reason.code, effectiveDate } };
    }
    case 'EpisodeDischarged': {
      const { episodeId, disposition, date } = event.data;
      const before = await store.readStream(recorded.streamId, { maxCount: recorded.revision });
      const episode = fold(
        evolveEpisode,
        initialEpisode,
        before.map((earlier) => ({ type: earlier.type, data: earlier.data }) as EpisodeEvent),
      );
      if (episode.status === 'not-opened') {
        throw new Error(
          `treatment-plan cannot publish EpisodeDischarged ${recorded.eventId}: stream ${recorded.streamId} holds no EpisodeOpened before it`,
        );
      }
      return {
        type: 'EpisodeDischarged',
        data: {
          episodeId,
          clientId: episode.clientId,
          siteId: episode.siteId,
          level: { edition: episode.level.edition, code: episode.level.code },
          disposition,
          dischargeDate: date,
          dischargedAt: recorded.metadata.occurredAt,
        },
      };
    }
    default:
      return undefined;
  }
}

function planPayloadOf(recorded: RecordedEvent): Published | undefined {
  const event = { type: recorded.type, data: recorded.data } as PlanEvent;
  switch (event.type) {
    case 'RelapseRecorded': {
      const { planId, episodeId, clientId, relapseId, date, substanceCodes, evidence } = event.data;
      return {
        type: 'RelapseRecorded',
        data: {
          episodeId,
          planId,
          clientId,
          relapseId,
          date,
          substanceCodes: [...substanceCodes],
          evidence: evidence.map(({ kind, id }) => ({ kind, id })),
        },
      };
    }
    case 'DualDiagnosisReferralRequested': {
      const { requestId, episodeId, planId, clientId, siteId, specialty, urgency, conditionCode, requestedAt } = event.data;
      return {
        type: 'DualDiagnosisReferralRequested',
        data: { requestId, episodeId, planId, clientId, siteId, specialty, urgency, conditionCode, requestedAt },
      };
    }
    case 'MedicationOrdered':
    case 'ExternalMedicationRecorded': {
      const { planId, episodeId, clientId, medicationId, code, rxnorm } = event.data;
      const [source, startDate] =
        event.type === 'MedicationOrdered'
          ? (['ordered', event.data.startDate] as const)
          : ([event.data.source, event.data.since] as const);
      return { type: 'MedicationStarted', data: { episodeId, planId, clientId, medicationId, code, rxnorm, source, startDate } };
    }
    case 'MedicationStopped': {
      const { planId, episodeId, clientId, medicationId, code, stopDate, reasonCode } = event.data;
      return { type: 'MedicationStopped', data: { episodeId, planId, clientId, medicationId, code, stopDate, reasonCode } };
    }
    case 'NaloxoneRecorded': {
      const { planId, episodeId, clientId, naloxoneId, date, action } = event.data;
      return { type: 'NaloxoneRecorded', data: { episodeId, planId, clientId, naloxoneId, date, action } };
    }
    case 'CareTeamChanged': {
      // Staff user ids and team roles only: the other services keep a copy to decide who reads clinical detail.
      const { episodeId, clientId, siteId, members, changedAt } = event.data;
      return {
        type: 'CareTeamChanged',
        data: { episodeId, clientId, siteId, members: members.map(({ userId, teamRole }) => ({ userId, teamRole })), changedAt },
      };
    }
    // The plan's working record (problems, goals, sessions, tests, reviews, corrections) concerns
    // the programme; other services learn what they act on from the events above. Dose, route
    // and who prescribed stay here.
    default:
      return undefined;
  }
}
