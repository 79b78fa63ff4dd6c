import { type ConsentForm, type ConsentRecipient, type RestrictionRequest } from '@continuum/consent';
import {
  type ConsentExpiryV1,
  type ConsentExpiryV2,
  type ConsentGrantedV2,
  type ConsentRecipientV1,
  type ConsentRecipientV2,
  type CoOccurringConditionIdentifiedV1,
  type IntakeIntegrationEvent,
  INTAKE_SOURCE,
  type PublishingService,
  type ScreeningWorsenedV1,
  TOPICS,
  integrationEventOf,
} from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import {
  CLIENT_STREAM_PREFIX,
  type IntakeEvent,
  type LegacyConsentForm,
  isLegacyConsentForm,
  upgradeLegacyRevocation,
} from '../domain/index.js';

// The relay's mapping from intake's domain events to the integration events of
// libs/contracts. Each payload is built field by field from ids, codes and timestamps, never
// by spreading domain data: the person, the consent form's wording, screening answers and the
// clinician's notes stay in intake's own stream (docs/domain/compliance.md#what-stays-inside-a-service;
// 42 CFR Part 2).

export const INTAKE_TOPIC = TOPICS.intake;
/** The streams the relay follows: the client streams. Index streams (identity, consent) point at clients and are never published. */
export const INTAKE_STREAM_PREFIXES: string[] = [CLIENT_STREAM_PREFIX];

/** The relay publishes as intake, reading domain events of schema version 1: a newer one needs its own mapping before the relay may publish it. */
const PUBLISHING: PublishingService = {
  source: INTAKE_SOURCE,
  readsDomainVersion: 1,
  mappingFile: 'services/intake/src/messaging/intake-integration-events.ts',
};

/**
 * The integration event a recorded intake event publishes, with the same event id (so
 * consumers deduplicate a redelivery), or `undefined` for what stays inside intake.
 * Throws when the result would break its contract: the relay must stop rather than publish it.
 */
export function toIntegrationEvent(recorded: RecordedEvent): IntakeIntegrationEvent | undefined {
  if (!INTAKE_STREAM_PREFIXES.some((prefix) => recorded.streamId.startsWith(prefix))) return undefined;
  const event = { type: recorded.type, data: recorded.data } as IntakeEvent;
  const published = payloadOf(event);
  if (!published) return undefined;

  return integrationEventOf<IntakeIntegrationEvent>(
    recorded,
    { ...published, clientId: recorded.metadata.clientId ?? event.data.clientId },
    PUBLISHING,
  );
}

type Published = Pick<IntakeIntegrationEvent, 'type' | 'data'> & { schemaVersion?: number };

function payloadOf(event: IntakeEvent): Published | undefined {
  switch (event.type) {
    case 'ClientRegistered': {
      const { clientId, siteId, possibleDuplicateOf, registeredAt } = event.data;
      return { type: 'ClientRegistered', data: { clientId, siteId, possibleDuplicateOf: [...possibleDuplicateOf], registeredAt } };
    }
    case 'ConsentGranted': {
      const { clientId, consent, grantedAt } = event.data;
      // A consent on the old form publishes as it always did (v1); one on the 2024 form as v2.
      if (isLegacyConsentForm(consent)) return legacyConsentGranted(clientId, consent, grantedAt);
      return { type: 'ConsentGranted', schemaVersion: 2, data: consentGrantedV2(clientId, consent, grantedAt) };
    }
    case 'ConsentRevoked': {
      const { clientId, consentId, receivedAt, revokedOn, receivedVia, recordedAt } = event.data;
      // Effective on receipt (42 CFR 2.31(a)(6)); one recorded before receipt was, as it was read then.
      const effectiveAt =
        receivedAt ?? upgradeLegacyRevocation({ revokedOn: revokedOn ?? recordedAt.slice(0, 10), receivedVia, recordedAt }).receivedAt;
      return { type: 'ConsentRevoked', data: { consentId, clientId, revokedOn: revokedOn ?? effectiveAt.slice(0, 10), effectiveAt } };
    }
    case 'RestrictionAgreed': {
      // Every agreed restriction and the required paid-in-full one (42 CFR 2.26(a)): what it
      // covers is ids and codes; the disclosers honour it from agreedAt.
      const { clientId, restrictionId, request, required, agreedAt } = event.data;
      return { type: 'RestrictionAgreed', data: { restrictionId, clientId, request: restrictionRequestOf(request), required, agreedAt } };
    }
    case 'CoOccurringConditionIdentified': {
      const { clientId, condition, instrument, score, band, evidenceId, identifiedAt } = event.data;
      // The contract lists the instruments that raise a condition; another one fails validation above rather than being narrowed here.
      return {
        type: 'CoOccurringConditionIdentified',
        data: {
          clientId,
          condition,
          instrument: instrument as CoOccurringConditionIdentifiedV1['instrument'],
          score,
          ...(band === undefined ? {} : { band }),
          evidenceId,
          identifiedAt,
        },
      };
    }
    case 'SafetyHoldPlaced': {
      const { clientId, screeningId, instrument, riskCategory, placedAt } = event.data;
      return { type: 'SafetyHoldPlaced', data: { clientId, screeningId, instrument, riskCategory, placedAt } };
    }
    case 'SafetyHoldReleased': {
      const released = event.data;
      return released.reason === 'safety-plan-recorded'
        ? {
            type: 'SafetyHoldReleased',
            data: {
              reason: released.reason,
              clientId: released.clientId,
              safetyPlanId: released.safetyPlanId,
              clinicianId: released.clinicianId,
              ...(released.suicideRiskAssessmentId === undefined ? {} : { suicideRiskAssessmentId: released.suicideRiskAssessmentId }),
              ...(released.assessedRiskLevel === undefined ? {} : { assessedRiskLevel: released.assessedRiskLevel }),
              releasedAt: released.releasedAt,
            },
          }
        : {
            type: 'SafetyHoldReleased',
            data: {
              reason: released.reason,
              clientId: released.clientId,
              admissionId: released.admissionId,
              level: { edition: released.level.edition, code: released.level.code },
              releasedAt: released.releasedAt,
            },
          };
    }
    case 'SafetyFollowUpOpened': {
      const { clientId, followUpId, siteId, screeningId, instrument, signal, ownerRole, dueAt, openedAt } = event.data;
      return {
        type: 'SafetyFollowUpOpened',
        data: { clientId, followUpId, siteId, screeningId, instrument, signal, ownerRole, dueAt, openedAt },
      };
    }
    case 'SafetyFollowUpOverdue': {
      const { clientId, followUpId, siteId, dueAt, flaggedAt } = event.data;
      return { type: 'SafetyFollowUpOverdue', data: { clientId, followUpId, siteId, dueAt, flaggedAt } };
    }
    case 'SafetyFollowUpCompleted': {
      // The escalation's reason is the clinician's prose: only where the client was sent crosses.
      const { clientId, followUpId, outcome, cssrsScreeningId, safetyPlanId, escalation, clinicianId, completedAt } = event.data;
      return {
        type: 'SafetyFollowUpCompleted',
        data: {
          clientId,
          followUpId,
          outcome,
          ...(cssrsScreeningId === undefined ? {} : { cssrsScreeningId }),
          ...(safetyPlanId === undefined ? {} : { safetyPlanId }),
          ...(escalation === undefined ? {} : { escalatedTo: escalation.to }),
          clinicianId,
          completedAt,
        },
      };
    }
    case 'ScreeningWorsened': {
      // The measure and why it is worse, never the answers behind it.
      const { clientId, siteId, screeningId, instrument, score, band, previousScore, previousBand, reasons, recordedAt } = event.data;
      return {
        type: 'ScreeningWorsened',
        data: {
          clientId,
          siteId,
          screeningId,
          instrument,
          score,
          ...(band === undefined ? {} : { band: band as ScreeningWorsenedV1['band'] }),
          ...(previousScore === undefined ? {} : { previousScore }),
          ...(previousBand === undefined ? {} : { previousBand: previousBand as ScreeningWorsenedV1['previousBand'] }),
          reasons: [...reasons],
          recordedAt,
        },
      };
    }
    case 'ClientAdmitted': {
      const admitted = event.data;
      return {
        type: 'ClientAdmitted',
        data: {
          clientId: admitted.clientId,
          admissionId: admitted.admissionId,
          level: { edition: admitted.level.edition, code: admitted.level.code },
          siteId: admitted.siteId,
          track: admitted.track,
          startDate: admitted.startDate,
          assessmentId: admitted.assessmentId,
          placementId: admitted.placementId,
          referralId: admitted.referralId,
          // A category, not the birth date it comes from (see PopulationV1 in libs/contracts).
          ...(admitted.population === undefined ? {} : { population: admitted.population }),
          ...(admitted.previousEpisodeId === undefined ? {} : { previousEpisodeId: admitted.previousEpisodeId }),
          ...(admitted.previousAdmissionId === undefined ? {} : { previousAdmissionId: admitted.previousAdmissionId }),
          admittedAt: admitted.admittedAt,
        },
      };
    }
    // Intake's working record: the referral's reason, screening answers, the assessment and
    // the placement reasoning concern only intake; consumers learn the outcome from the events above.
    // A request not (yet) agreed binds no discloser, and a refusal's reason is written for the client.
    case 'RestrictionRequested':
    case 'RestrictionRefused':
    case 'ReferralReceived':
    case 'ScreeningRecorded':
    case 'ScreeningMarkedInError':
    case 'AssessmentRecorded':
    case 'PlacementRecommended':
    case 'PlacementDecided':
      return undefined;
    default: {
      // Compile-time: every intake event is decided above. Run time: anything else is not intake's to publish.
      const _notAnIntakeEvent: never = event;
      return undefined;
    }
  }
}

// Ids and codes only (docs/architecture/integration-events.md#what-never-crosses): the names,
// the descriptions and the statements' wording stay on the form in intake.
function consentGrantedV2(clientId: string, form: ConsentForm, grantedAt: string): ConsentGrantedV2 {
  const expiry: ConsentExpiryV2 =
    form.expiry.kind === 'date'
      ? { kind: 'date', expiresOn: form.expiry.expiresOn }
      : form.expiry.kind === 'event'
        ? { kind: 'event', event: form.expiry.event, ...(form.expiry.episodeId === undefined ? {} : { episodeId: form.expiry.episodeId }) }
        : { kind: 'none' };
  const terms = form.criminalJustice;
  return {
    consentId: form.consentId,
    clientId,
    recipients: form.recipients.map(recipientV2Of),
    purposes: [...form.purposes],
    categories: [...form.information.categories],
    expiry,
    signedOn: form.signedOn,
    clientIsMinor: form.clientIsMinor,
    ...(terms === undefined
      ? {}
      : {
          criminalJustice: {
            conditionOf: terms.conditionOf,
            revocableFrom:
              terms.revocableFrom.kind === 'date'
                ? { kind: 'date', on: terms.revocableFrom.on }
                : { kind: 'event', event: terms.revocableFrom.event },
            ...(terms.finalDispositionOn === undefined ? {} : { finalDispositionOn: terms.finalDispositionOn }),
          },
        }),
    grantedAt,
  };
}

// Field by field, so nothing but the contract's fields crosses.
function restrictionRequestOf(request: RestrictionRequest): RestrictionRequest {
  if (request.kind === 'paid-in-full') return { kind: 'paid-in-full', serviceIds: [...request.serviceIds] };
  const { recipientIds, recipientKinds, purposes, categories } = request.scope;
  return {
    kind: 'requested',
    scope: {
      ...(recipientIds === undefined ? {} : { recipientIds: [...recipientIds] }),
      ...(recipientKinds === undefined ? {} : { recipientKinds: [...recipientKinds] }),
      ...(purposes === undefined ? {} : { purposes: [...purposes] }),
      ...(categories === undefined ? {} : { categories: [...categories] }),
    },
  };
}

function recipientV2Of(recipient: ConsentRecipient): ConsentRecipientV2 {
  switch (recipient.kind) {
    case 'named':
      return {
        kind: 'named',
        recipientId: recipient.recipientId,
        ...(recipient.coveredEntity === undefined ? {} : { coveredEntity: recipient.coveredEntity }),
      };
    case 'general':
      return { kind: 'general', designation: recipient.designation };
    case 'intermediary':
      return {
        kind: 'intermediary',
        intermediaryId: recipient.intermediaryId,
        participants:
          recipient.participants.kind === 'named'
            ? { kind: 'named', participantIds: [...recipient.participants.participantIds] }
            : { kind: 'treating-providers' },
      };
  }
}

/** A consent recorded on the form used before the 2024 final rule, published as v1 (as it was when recorded). */
function legacyConsentGranted(clientId: string, consent: LegacyConsentForm, grantedAt: string): Published {
  return {
    type: 'ConsentGranted',
    schemaVersion: 1,
    data: {
      consentId: consent.consentId,
      clientId,
      recipients: consent.recipients.map(legacyRecipientOf),
      purposes: [...consent.purposes],
      expiry: legacyExpiryOf(consent.expiry),
      signedBy: consent.signature.signedBy,
      signedOn: consent.signature.signedOn,
      grantedAt,
    },
  };
}

function legacyRecipientOf(recipient: LegacyConsentForm['recipients'][number]): ConsentRecipientV1 {
  return recipient.kind === 'named' ? { kind: 'named', recipientId: recipient.recipientId } : { kind: 'treating-providers' };
}

// The old form's event was the client's own words; v1 says only that it expires on an event.
function legacyExpiryOf(expiry: LegacyConsentForm['expiry']): ConsentExpiryV1 {
  return expiry.kind === 'date' ? { kind: 'date', expiresOn: expiry.expiresOn } : { kind: 'event' };
}
