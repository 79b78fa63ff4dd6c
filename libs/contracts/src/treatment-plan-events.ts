import { type EventContract } from './event-contract.js';
import { CODE_FIELD, DATE_FIELD, DATE_TIME_FIELD, ID_FIELD, LEVEL_OF_CARE_FIELD, type LevelOfCareV1, UUID_FIELD } from './fields.js';
import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { type ObjectSchema } from './schema.js';

// What treatment-plan tells the rest of the network, on `continuum.treatment-plan.events.v1`:
// the level-of-care ledger (it is the ledger's only writer) and the few plan facts other
// services act on. Ids, dates and clinical codes only
// (docs/domain/compliance.md#what-stays-inside-a-service): the plan's
// wording, session notes and discharge summaries stay in treatment-plan, referenced by id.

export const TREATMENT_PLAN_SOURCE = 'treatment-plan';

/** Why a clinical decision was made: a reference to the assessment, screening, drug test or review, never its content. */
export type EvidenceV1 = { kind: 'assessment' | 'screening' | 'drug-test' | 'review' | 'attendance' | 'other'; id: string };

/** Intake's admission became a care episode; a readmission names the client's previous episode. */
export type EpisodeOpenedV1 = {
  episodeId: string;
  clientId: string;
  siteId: string;
  level: LevelOfCareV1;
  programmeId: string;
  track?: string;
  startDate: string;
  admissionId: string;
  previousEpisodeId?: string;
  openedAt: string;
};

export type LevelOfCareChangedV1 = {
  episodeId: string;
  clientId: string;
  from: LevelOfCareV1;
  to: LevelOfCareV1;
  direction: 'step-up' | 'step-down' | 'lateral';
  reasonCode: string;
  evidence: EvidenceV1[];
  effectiveDate: string;
};

/** What the payer authorised, kept apart from the clinical level. */
export type AuthorizedLevelRecordedV1 = {
  episodeId: string;
  clientId: string;
  level: LevelOfCareV1;
  amount: { quantity: number; unit: 'days' | 'units' };
  throughDate: string;
};

export type SiteTransferredV1 = {
  episodeId: string;
  clientId: string;
  fromSiteId: string;
  toSiteId: string;
  reasonCode: string;
  effectiveDate: string;
};

/** A slip is recorded, never an expulsion: the plan needs a revision, the episode goes on. */
export type RelapseRecordedV1 = {
  episodeId: string;
  planId: string;
  clientId: string;
  relapseId: string;
  date: string;
  substanceCodes: string[];
  evidence: EvidenceV1[];
};

export const DUAL_DIAGNOSIS_SPECIALTIES = ['psychiatric-evaluation', 'medication-management', 'trauma-therapy', 'other'] as const;
export type DualDiagnosisSpecialtyV1 = (typeof DUAL_DIAGNOSIS_SPECIALTIES)[number];
export const REFERRAL_URGENCIES = ['emergent', 'urgent', 'routine'] as const;
export type ReferralUrgencyV1 = (typeof REFERRAL_URGENCIES)[number];

/** A clinician asked for a dual-diagnosis referral during treatment: the dual-diagnosis service opens it. */
export type DualDiagnosisReferralRequestedV1 = {
  requestId: string;
  episodeId: string;
  planId: string;
  clientId: string;
  siteId: string;
  specialty: DualDiagnosisSpecialtyV1;
  urgency: ReferralUrgencyV1;
  conditionCode: string;
  requestedAt: string;
};

/** Medications for addiction treatment as the catalogue codes them (RxNorm codes beside them). */
export const MEDICATION_CODES_V1 = [
  'buprenorphine',
  'buprenorphine-naloxone',
  'methadone',
  'naltrexone',
  'acamprosate',
  'disulfiram',
  'naloxone',
] as const;
export const MEDICATION_SOURCES_V1 = ['ordered', 'opioid-treatment-programme', 'external-prescriber'] as const;

/**
 * A medication for addiction treatment began: ordered here by a prescriber, or recorded as taken
 * elsewhere (an opioid treatment programme's methadone, an outside prescriber's buprenorphine).
 * Codes only: no dose, no prescriber's name.
 */
export type MedicationStartedV1 = {
  episodeId: string;
  planId: string;
  clientId: string;
  medicationId: string;
  code: (typeof MEDICATION_CODES_V1)[number];
  rxnorm: string;
  source: (typeof MEDICATION_SOURCES_V1)[number];
  startDate: string;
};

export type MedicationStoppedV1 = {
  episodeId: string;
  planId: string;
  clientId: string;
  medicationId: string;
  code: (typeof MEDICATION_CODES_V1)[number];
  stopDate: string;
  reasonCode: string;
};

export const NALOXONE_ACTIONS_V1 = ['offered', 'dispensed', 'prescribed', 'declined', 'already-has'] as const;

/** Naloxone offered, dispensed, prescribed or declined: overdose-prevention reporting. */
export type NaloxoneRecordedV1 = {
  episodeId: string;
  planId: string;
  clientId: string;
  naloxoneId: string;
  date: string;
  action: (typeof NALOXONE_ACTIONS_V1)[number];
};

export const DISCHARGE_DISPOSITIONS_V1 = ['completed', 'against-advice', 'administrative', 'transferred-out', 'other'] as const;

/** The episode ended; aftercare's continuing care starts from here. */
export type EpisodeDischargedV1 = {
  episodeId: string;
  clientId: string;
  siteId: string;
  /** The clinical level at discharge. */
  level: LevelOfCareV1;
  disposition: (typeof DISCHARGE_DISPOSITIONS_V1)[number];
  dischargeDate: string;
  dischargedAt: string;
};

/**
 * The episode's care team changed (minimum necessary: clinical detail is for the team and the
 * site's clinical supervisors). Staff user ids only: the team as it now stands, each member
 * named by the role they hold on it; a role left empty has no member.
 */
export type CareTeamChangedV1 = {
  episodeId: string;
  clientId: string;
  siteId: string;
  members: Array<{ userId: string; teamRole: 'clinician' | 'prescriber' | 'case-manager' | 'nurse' }>;
  changedAt: string;
};

export type TreatmentPlanIntegrationEvent =
  | IntegrationEvent<'EpisodeOpened', EpisodeOpenedV1>
  | IntegrationEvent<'LevelOfCareChanged', LevelOfCareChangedV1>
  | IntegrationEvent<'AuthorizedLevelRecorded', AuthorizedLevelRecordedV1>
  | IntegrationEvent<'SiteTransferred', SiteTransferredV1>
  | IntegrationEvent<'RelapseRecorded', RelapseRecordedV1>
  | IntegrationEvent<'DualDiagnosisReferralRequested', DualDiagnosisReferralRequestedV1>
  | IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>
  | IntegrationEvent<'CareTeamChanged', CareTeamChangedV1>
  | IntegrationEvent<'MedicationStarted', MedicationStartedV1>
  | IntegrationEvent<'MedicationStopped', MedicationStoppedV1>
  | IntegrationEvent<'NaloxoneRecorded', NaloxoneRecordedV1>;

export type TreatmentPlanIntegrationEventType = TreatmentPlanIntegrationEvent['type'];

const closed = (properties: ObjectSchema['properties'], optional: readonly string[] = []): ObjectSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  additionalProperties: false,
});

const EVIDENCE_FIELD = {
  type: 'array',
  items: closed({
    kind: { type: 'string', enum: ['assessment', 'screening', 'drug-test', 'review', 'attendance', 'other'] },
    id: ID_FIELD,
  }),
} as const;

const contract = (
  type: TreatmentPlanIntegrationEventType,
  description: string,
  schema: EventContract['schema'],
): EventContract<TreatmentPlanIntegrationEventType> => ({
  type,
  schemaVersion: 1,
  source: TREATMENT_PLAN_SOURCE,
  topic: TOPICS.treatmentPlan,
  description,
  schema,
});

export const TREATMENT_PLAN_EVENT_CONTRACTS: readonly EventContract<TreatmentPlanIntegrationEventType>[] = [
  contract(
    'EpisodeOpened',
    "A care episode opened from intake's admission decision, at a level, site and programme.",
    closed(
      {
        episodeId: UUID_FIELD,
        clientId: UUID_FIELD,
        siteId: ID_FIELD,
        level: LEVEL_OF_CARE_FIELD,
        programmeId: ID_FIELD,
        track: CODE_FIELD,
        startDate: DATE_FIELD,
        admissionId: UUID_FIELD,
        previousEpisodeId: ID_FIELD,
        openedAt: DATE_TIME_FIELD,
      },
      ['track', 'previousEpisodeId'],
    ),
  ),
  contract(
    'LevelOfCareChanged',
    'The clinical level changed (step-up, step-down or lateral), with the reason code and the evidence it rests on.',
    closed({
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      from: LEVEL_OF_CARE_FIELD,
      to: LEVEL_OF_CARE_FIELD,
      direction: { type: 'string', enum: ['step-up', 'step-down', 'lateral'] },
      reasonCode: CODE_FIELD,
      evidence: EVIDENCE_FIELD,
      effectiveDate: DATE_FIELD,
    }),
  ),
  contract(
    'AuthorizedLevelRecorded',
    'A payer authorisation (level, amount, through date), kept apart from the clinical level.',
    closed({
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      level: LEVEL_OF_CARE_FIELD,
      amount: closed({ quantity: { type: 'integer', minimum: 1 }, unit: { type: 'string', enum: ['days', 'units'] } }),
      throughDate: DATE_FIELD,
    }),
  ),
  contract(
    'SiteTransferred',
    'The episode moved to another site of the network.',
    closed({
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      fromSiteId: ID_FIELD,
      toSiteId: ID_FIELD,
      reasonCode: CODE_FIELD,
      effectiveDate: DATE_FIELD,
    }),
  ),
  contract(
    'RelapseRecorded',
    'A relapse was recorded on the plan: the plan needs a revision; the episode goes on.',
    closed({
      episodeId: UUID_FIELD,
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      relapseId: ID_FIELD,
      date: DATE_FIELD,
      substanceCodes: { type: 'array', items: CODE_FIELD },
      evidence: EVIDENCE_FIELD,
    }),
  ),
  contract(
    'DualDiagnosisReferralRequested',
    'A clinician asked for a dual-diagnosis referral during treatment: the dual-diagnosis service opens it.',
    closed({
      requestId: ID_FIELD,
      episodeId: UUID_FIELD,
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      specialty: { type: 'string', enum: DUAL_DIAGNOSIS_SPECIALTIES },
      urgency: { type: 'string', enum: REFERRAL_URGENCIES },
      conditionCode: CODE_FIELD,
      requestedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'EpisodeDischarged',
    'The episode ended with a disposition; continuing care starts from the level at discharge.',
    closed({
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      level: LEVEL_OF_CARE_FIELD,
      disposition: { type: 'string', enum: DISCHARGE_DISPOSITIONS_V1 },
      dischargeDate: DATE_FIELD,
      dischargedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'CareTeamChanged',
    "The episode's care team as it now stands: staff user ids by team role, no names.",
    closed({
      episodeId: UUID_FIELD,
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      members: {
        type: 'array',
        items: closed({ userId: ID_FIELD, teamRole: { type: 'string', enum: ['clinician', 'prescriber', 'case-manager', 'nurse'] } }),
      },
      changedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'MedicationStarted',
    'A medication for addiction treatment began, ordered here or taken elsewhere (an opioid treatment programme, an outside prescriber): catalogue and RxNorm codes only.',
    closed({
      episodeId: UUID_FIELD,
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      medicationId: ID_FIELD,
      code: { type: 'string', enum: MEDICATION_CODES_V1 },
      rxnorm: { type: 'string', minLength: 1, maxLength: 10 },
      source: { type: 'string', enum: MEDICATION_SOURCES_V1 },
      startDate: DATE_FIELD,
    }),
  ),
  contract(
    'MedicationStopped',
    'A medication for addiction treatment stopped, with the reason code.',
    closed({
      episodeId: UUID_FIELD,
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      medicationId: ID_FIELD,
      code: { type: 'string', enum: MEDICATION_CODES_V1 },
      stopDate: DATE_FIELD,
      reasonCode: CODE_FIELD,
    }),
  ),
  contract(
    'NaloxoneRecorded',
    'Naloxone was offered, dispensed, prescribed or declined.',
    closed({
      episodeId: UUID_FIELD,
      planId: UUID_FIELD,
      clientId: UUID_FIELD,
      naloxoneId: ID_FIELD,
      date: DATE_FIELD,
      action: { type: 'string', enum: NALOXONE_ACTIONS_V1 },
    }),
  ),
];
