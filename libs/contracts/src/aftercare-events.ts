import { type EventContract } from './event-contract.js';
import { DATE_FIELD, DATE_TIME_FIELD, ID_FIELD, LEVEL_OF_CARE_FIELD, type LevelOfCareV1, UUID_FIELD } from './fields.js';
import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { type ObjectSchema } from './schema.js';

// What aftercare tells the rest of the network, on `continuum.aftercare.events.v1`: that
// continuing care started, how each check-in went, when one was missed, when readmission is
// recommended (intake records a re-entry referral from it), and when continuing care ended.
// Ids, dates and codes only (docs/domain/compliance.md#what-stays-inside-a-service): the
// relapse-prevention plan, the
// client's triggers and support contacts, and the BARC-10 answers stay in aftercare.

export const AFTERCARE_SOURCE = 'aftercare';

/** The plan id is the discharged care episode's id: one aftercare plan per discharge. */
export type AftercarePlanCreatedV1 = {
  planId: string;
  episodeId: string;
  clientId: string;
  siteId: string;
  /** The level of care at discharge. */
  dischargeLevel: LevelOfCareV1;
  dischargeDate: string;
  /** The scheduled check-ins, ascending (day 7, day 30, then every 90 days for a year by default). */
  checkInDueDates: string[];
};

export const CHECK_IN_OUTCOMES_V1 = ['abstinent', 'lapse', 'relapse', 'unreachable'] as const;
export type CheckInOutcomeV1 = (typeof CHECK_IN_OUTCOMES_V1)[number];

export type CheckInRecordedV1 = {
  planId: string;
  clientId: string;
  /** Which scheduled check-in it was. */
  dueDate: string;
  /** The day it took place. */
  date: string;
  outcome: CheckInOutcomeV1;
  /** BARC-10 total, 10–60, computed by aftercare; null when the client could not be reached. */
  barc10Total: number | null;
  /** The total reached the network's cutoff (47 by default); null when the client could not be reached. */
  strongRecoveryCapital: boolean | null;
};

export type CheckInMissedV1 = {
  planId: string;
  clientId: string;
  dueDate: string;
  /** Missed or unreachable check-ins in a row, this one included. */
  consecutiveMisses: number;
};

export const READMISSION_REASON_CODES_V1 = ['relapse', 'barc10-drop'] as const;
export type ReadmissionReasonCodeV1 = (typeof READMISSION_REASON_CODES_V1)[number];

/** A check-in found a relapse or a falling BARC-10 total: intake records a re-entry referral following `episodeId`. */
export type ReadmissionRecommendedV1 = {
  planId: string;
  clientId: string;
  siteId: string;
  /** The care episode the client was discharged from: the re-entry referral's previous episode. */
  episodeId: string;
  reasonCodes: ReadmissionReasonCodeV1[];
  recommendedAt: string;
};

export const CONTINUING_CARE_END_REASONS_V1 = ['year-completed', 'readmitted', 'client-declined'] as const;
export type ContinuingCareEndReasonV1 = (typeof CONTINUING_CARE_END_REASONS_V1)[number];

export type ContinuingCareEndedV1 = {
  planId: string;
  clientId: string;
  reasonCode: ContinuingCareEndReasonV1;
  endedAt: string;
};

export type AftercareIntegrationEvent =
  | IntegrationEvent<'AftercarePlanCreated', AftercarePlanCreatedV1>
  | IntegrationEvent<'CheckInRecorded', CheckInRecordedV1>
  | IntegrationEvent<'CheckInMissed', CheckInMissedV1>
  | IntegrationEvent<'ReadmissionRecommended', ReadmissionRecommendedV1>
  | IntegrationEvent<'ContinuingCareEnded', ContinuingCareEndedV1>;

export type AftercareIntegrationEventType = AftercareIntegrationEvent['type'];

const closed = (properties: ObjectSchema['properties'], optional: readonly string[] = []): ObjectSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  additionalProperties: false,
});

const contract = (
  type: AftercareIntegrationEventType,
  description: string,
  schema: EventContract['schema'],
): EventContract<AftercareIntegrationEventType> => ({
  type,
  schemaVersion: 1,
  source: AFTERCARE_SOURCE,
  topic: TOPICS.aftercare,
  description,
  schema,
});

export const AFTERCARE_EVENT_CONTRACTS: readonly EventContract<AftercareIntegrationEventType>[] = [
  contract(
    'AftercarePlanCreated',
    'Continuing care started at discharge: the aftercare plan and its check-in schedule.',
    closed({
      planId: UUID_FIELD,
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      dischargeLevel: LEVEL_OF_CARE_FIELD,
      dischargeDate: DATE_FIELD,
      checkInDueDates: { type: 'array', minItems: 1, items: DATE_FIELD },
    }),
  ),
  contract(
    'CheckInRecorded',
    'A scheduled check-in took place: its outcome and BARC-10 recovery-capital total, without the answers.',
    closed({
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      dueDate: DATE_FIELD,
      date: DATE_FIELD,
      outcome: { type: 'string', enum: CHECK_IN_OUTCOMES_V1 },
      barc10Total: { type: 'integer', minimum: 10, maximum: 60, nullable: true },
      strongRecoveryCapital: { type: 'boolean', nullable: true },
    }),
  ),
  contract(
    'CheckInMissed',
    'A check-in was not recorded within its grace days: an outreach task was created.',
    closed({ planId: UUID_FIELD, clientId: UUID_FIELD, dueDate: DATE_FIELD, consecutiveMisses: { type: 'integer', minimum: 1 } }),
  ),
  contract(
    'ReadmissionRecommended',
    'A relapse or a falling BARC-10 total at a check-in: intake records a re-entry referral following the episode.',
    closed({
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      episodeId: UUID_FIELD,
      reasonCodes: { type: 'array', minItems: 1, items: { type: 'string', enum: READMISSION_REASON_CODES_V1 } },
      recommendedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'ContinuingCareEnded',
    'Continuing care ended: the year was completed, the client was readmitted, or declined further aftercare.',
    closed({
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      reasonCode: { type: 'string', enum: CONTINUING_CARE_END_REASONS_V1 },
      endedAt: DATE_TIME_FIELD,
    }),
  ),
];
