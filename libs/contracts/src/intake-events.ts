import {
  type CriminalJusticeTerms,
  EXPIRY_EVENTS,
  type ExpiryEvent,
  GENERAL_DESIGNATIONS,
  type GeneralDesignation,
  INFORMATION_CATEGORIES,
  type InformationCategory,
  PURPOSES_OF_USE,
  type PurposeOfUse,
  RECIPIENT_KINDS,
  type RestrictionRequest,
} from '@continuum/consent';
import { type EventContract } from './event-contract.js';
import { CODE_FIELD, DATE_FIELD, DATE_TIME_FIELD, ID_FIELD, LEVEL_OF_CARE_FIELD, type LevelOfCareV1, UUID_FIELD } from './fields.js';
import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { type ObjectSchema } from './schema.js';

// What intake tells the rest of the network, on `continuum.intake.events.v1`. Personal data
// (name, birth date, contact) stays in intake (docs/domain/compliance.md#what-stays-inside-a-service);
// so do the consent
// form's wording, screening answers and the clinician's notes. Consumers get ids and codes,
// and ask intake itself, under its access rules, when a person must see more.

export const INTAKE_SOURCE = 'intake';

/** A new client at a site. Possible duplicates are flagged for a coordinator, never merged. */
export type ClientRegisteredV1 = {
  clientId: string;
  siteId: string;
  /** Clients registered earlier with the same normalised name and date of birth. */
  possibleDuplicateOf: string[];
  registeredAt: string;
};

/** 42 CFR 2.31(a)(4): a recipient is named ((a)(4)(i)), or for treatment/payment/operations designated generally ((a)(4)(ii)). */
export type ConsentRecipientV1 = { kind: 'named'; recipientId: string } | { kind: 'treating-providers' };

/** A consent that expires on an event stays active until revoked: intake does not observe the event. */
export type ConsentExpiryV1 = { kind: 'date'; expiresOn: string } | { kind: 'event' };

/** What a consumer needs to decide whether a disclosure is covered: who may receive, for which purposes, until when. */
export type ConsentGrantedV1 = {
  consentId: string;
  clientId: string;
  recipients: ConsentRecipientV1[];
  /** Purpose codes, e.g. `treatment`, `care-coordination`. */
  purposes: string[];
  expiry: ConsentExpiryV1;
  signedBy: 'client' | 'authorised-representative';
  signedOn: string;
  grantedAt: string;
};

/**
 * A recipient of a consent on the 2024 form (42 CFR 2.31(a)(4)): named (i); a general
 * designation on a single treatment, payment and operations consent (ii); or an intermediary
 * with its participants (iii). Ids and codes only: names stay on the form in intake.
 */
export type ConsentRecipientV2 =
  | { kind: 'named'; recipientId: string; coveredEntity?: boolean }
  | { kind: 'general'; designation: GeneralDesignation }
  | {
      kind: 'intermediary';
      intermediaryId: string;
      participants: { kind: 'named'; participantIds: string[] } | { kind: 'treating-providers' };
    };

/** 42 CFR 2.31(a)(7): a date, an event the services publish (without the form's wording), or none on a TPO consent. */
export type ConsentExpiryV2 =
  { kind: 'date'; expiresOn: string } | { kind: 'event'; event: ExpiryEvent; episodeId?: string } | { kind: 'none' };

/**
 * A consent on the 2024 form (@continuum/consent's ConsentForm), as much of it as a service that
 * discloses needs to apply the one consent rule: recipients, HL7 v3 PurposeOfUse codes, the
 * categories of information, expiry, signature date, whether the client was a minor, and the
 * 42 CFR 2.35 terms. Published beside v1 for consents recorded on the old form.
 */
export type ConsentGrantedV2 = {
  consentId: string;
  clientId: string;
  recipients: ConsentRecipientV2[];
  purposes: PurposeOfUse[];
  categories: InformationCategory[];
  expiry: ConsentExpiryV2;
  signedOn: string;
  clientIsMinor: boolean;
  criminalJustice?: {
    conditionOf: CriminalJusticeTerms['conditionOf'];
    revocableFrom: { kind: 'date'; on: string } | { kind: 'event'; event: ExpiryEvent };
    finalDispositionOn?: string;
  };
  grantedAt: string;
};

export type ConsentRevokedV1 = {
  consentId: string;
  clientId: string;
  /** The date written on the revocation. */
  revokedOn: string;
  /**
   * From when no disclosure may rely on the consent: when the written revocation was received
   * (42 CFR 2.31(a)(6)); for revocations recorded before receipt was, the start of `revokedOn`
   * or when intake recorded it if earlier. A 42 CFR 2.35 consent stays irrevocable until its
   * stated time or event, so a revocation received earlier takes effect then (the consumer's rule).
   */
  effectiveAt: string;
};

/**
 * The programme agreed to the client's request to restrict disclosures (42 CFR 2.26(a)), or
 * recorded the required one (services paid in full, never disclosed to a health plan for
 * payment or operations; 45 CFR 164.522(a)(1)(vi)). Every service that discloses honours it
 * from `agreedAt`. Requests refused or still undecided do not cross: they bind nothing.
 */
export type RestrictionAgreedV1 = {
  restrictionId: string;
  clientId: string;
  request: RestrictionRequest;
  /** The paid-in-full restriction, which the programme must agree to. */
  required: boolean;
  agreedAt: string;
};

const CO_OCCURRING_CONDITIONS = ['depression', 'anxiety', 'ptsd', 'bipolar', 'trauma'] as const;
export type CoOccurringConditionV1 = (typeof CO_OCCURRING_CONDITIONS)[number];
const CONDITION_EVIDENCE_INSTRUMENTS = ['PHQ-9', 'GAD-7', 'PC-PTSD-5', 'MDQ', 'assessment'] as const;
/**
 * The published severity bands: PHQ-9 (Kroenke, Spitzer & Williams 2001) `none-minimal`, `mild`,
 * `moderate`, `moderately-severe`, `severe`; GAD-7 (Spitzer et al. 2006) `minimal`, `mild`,
 * `moderate`, `severe`.
 */
const SEVERITY_BANDS = ['none-minimal', 'minimal', 'mild', 'moderate', 'moderately-severe', 'severe'] as const;
export type SeverityBandV1 = (typeof SEVERITY_BANDS)[number];

/** A positive co-occurring screen (or trauma reported at assessment): the dual-diagnosis service opens a referral. */
export type CoOccurringConditionIdentifiedV1 = {
  clientId: string;
  condition: CoOccurringConditionV1;
  instrument: (typeof CONDITION_EVIDENCE_INSTRUMENTS)[number];
  /** The instrument's score; null when the condition was found at assessment. */
  score: number | null;
  /**
   * The PHQ-9 or GAD-7 severity band of the score (the referral's urgency follows it). Absent
   * for other instruments and for conditions identified before intake recorded bands.
   */
  band?: SeverityBandV1;
  /** The screening or assessment that found it. */
  evidenceId: string;
  identifiedAt: string;
};

/** Imminent suicide risk on the C-SSRS: no outpatient admission until released. */
export type SafetyHoldPlacedV1 = {
  clientId: string;
  screeningId: string;
  instrument: 'C-SSRS';
  riskCategory: 'high';
  placedAt: string;
};

export type SafetyHoldReleasedV1 =
  | {
      reason: 'safety-plan-recorded';
      clientId: string;
      safetyPlanId: string;
      clinicianId: string;
      /** The clinician's suicide-risk assessment that came with the plan; absent from releases published before intake required one. */
      suicideRiskAssessmentId?: string;
      /** What the clinician found: never `high`, which keeps the hold. */
      assessedRiskLevel?: 'low' | 'moderate';
      releasedAt: string;
    }
  /** No longer published (an admission never ends a hold since issue 14); kept so that earlier events stay valid. */
  | { reason: 'placed-at-24-hour-level'; clientId: string; admissionId: string; level: LevelOfCareV1; releasedAt: string };

const SUICIDE_RISK_SIGNALS = ['phq9-item-9', 'cssrs-moderate-risk', 'cssrs-high-risk'] as const;
const SAFETY_FOLLOW_UP_OUTCOMES = ['cssrs-completed', 'safety-plan-made', 'escalated'] as const;
const ESCALATION_DESTINATIONS = [
  'emergency-services',
  'emergency-department',
  'crisis-team',
  'psychiatric-evaluation',
  'inpatient-psychiatry',
] as const;

/**
 * A suicide-risk signal at a screen (PHQ-9 item 9 above 0, or a C-SSRS screener of moderate or
 * high risk): a same-day follow-up for the site's clinicians, due by `dueAt`.
 */
export type SafetyFollowUpOpenedV1 = {
  clientId: string;
  followUpId: string;
  siteId: string;
  screeningId: string;
  instrument: 'PHQ-9' | 'C-SSRS';
  signal: (typeof SUICIDE_RISK_SIGNALS)[number];
  /** The role whose work it is, e.g. `clinician`. */
  ownerRole: string;
  dueAt: string;
  openedAt: string;
};

/** The follow-up's due time passed with nothing recorded; raised once. */
export type SafetyFollowUpOverdueV1 = { clientId: string; followUpId: string; siteId: string; dueAt: string; flaggedAt: string };

/** A clinician recorded the follow-up: a C-SSRS screener, a safety plan, or an escalation (its destination code; the reason stays in intake). */
export type SafetyFollowUpCompletedV1 = {
  clientId: string;
  followUpId: string;
  outcome: (typeof SAFETY_FOLLOW_UP_OUTCOMES)[number];
  cssrsScreeningId?: string;
  safetyPlanId?: string;
  escalatedTo?: (typeof ESCALATION_DESTINATIONS)[number];
  clinicianId: string;
  completedAt: string;
};

const SCREENING_INSTRUMENTS = ['PHQ-9', 'GAD-7', 'PC-PTSD-5', 'MDQ', 'AUDIT-C', 'DAST-10', 'C-SSRS'] as const;
/** The band a measure is reported in: PHQ-9 and GAD-7 severity bands, DAST-10 drug-use bands, C-SSRS risk categories. */
const MEASURE_BANDS = [
  'none-minimal',
  'minimal',
  'none',
  'low',
  'mild',
  'moderate',
  'moderately-severe',
  'substantial',
  'severe',
  'high',
] as const;
const WORSENING_REASONS = ['score-up', 'band-up', 'new-suicide-risk'] as const;

/**
 * A screening during treatment scored worse than the one before it: the PHQ-9 up 5 points or
 * more (`score-up`), a band up (`band-up`), or a new suicide risk (`new-suicide-risk`). For the
 * treatment plan's review; never a level change by itself. `band` is the PHQ-9 or GAD-7 severity
 * band, the DAST-10 drug-use band or the C-SSRS risk category.
 */
export type ScreeningWorsenedV1 = {
  clientId: string;
  siteId: string;
  screeningId: string;
  instrument: (typeof SCREENING_INSTRUMENTS)[number];
  score: number;
  band?: (typeof MEASURE_BANDS)[number];
  previousScore?: number;
  previousBand?: (typeof MEASURE_BANDS)[number];
  reasons: Array<(typeof WORSENING_REASONS)[number]>;
  recordedAt: string;
};

const ADMISSION_TRACKS = ['morning', 'evening', 'other'] as const;
export type AdmissionTrackV1 = (typeof ADMISSION_TRACKS)[number];

const POPULATIONS = ['adult', 'adolescent'] as const;
/**
 * Which weekly-hour minimums apply to the client (docs/domain/levels-of-care.md#weekly-hours: IOP ≥ 9 hours
 * for adults, ≥ 6 for adolescents): `adolescent` when under 18 on the admission's start date.
 * A two-valued category, not the birth date: it cannot be turned back into the date and
 * identifies no one, as HIPAA's Safe Harbor list (45 CFR 164.514(b)(2)(i)(C)) keeps ages
 * under 90 off the identifiers. The date of birth itself stays in intake.
 */
export type PopulationV1 = (typeof POPULATIONS)[number];

/** The admission decision; treatment-plan opens the care episode from it. */
export type ClientAdmittedV1 = {
  clientId: string;
  admissionId: string;
  level: LevelOfCareV1;
  siteId: string;
  track: AdmissionTrackV1;
  /** YYYY-MM-DD */
  startDate: string;
  assessmentId: string;
  placementId: string;
  referralId: string;
  /**
   * Intake sends it with every admission it decides now; optional so that admissions published
   * before it existed stay valid v1 events (a consumer takes `adult` when it is absent).
   */
  population?: PopulationV1;
  /** For a readmission: the care episode the re-entry referral follows. */
  previousEpisodeId?: string;
  previousAdmissionId?: string;
  admittedAt: string;
};

export type IntakeIntegrationEvent =
  | IntegrationEvent<'ClientRegistered', ClientRegisteredV1>
  | IntegrationEvent<'ConsentGranted', ConsentGrantedV1, 1>
  | IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>
  | IntegrationEvent<'ConsentRevoked', ConsentRevokedV1>
  | IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1>
  | IntegrationEvent<'CoOccurringConditionIdentified', CoOccurringConditionIdentifiedV1>
  | IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1>
  | IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1>
  | IntegrationEvent<'SafetyFollowUpOpened', SafetyFollowUpOpenedV1>
  | IntegrationEvent<'SafetyFollowUpOverdue', SafetyFollowUpOverdueV1>
  | IntegrationEvent<'SafetyFollowUpCompleted', SafetyFollowUpCompletedV1>
  | IntegrationEvent<'ScreeningWorsened', ScreeningWorsenedV1>
  | IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>;

export type IntakeIntegrationEventType = IntakeIntegrationEvent['type'];

const closed = (properties: ObjectSchema['properties'], optional: readonly string[] = []): ObjectSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  additionalProperties: false,
});

const contract = (
  type: IntakeIntegrationEventType,
  description: string,
  schema: EventContract['schema'],
  schemaVersion = 1,
): EventContract<IntakeIntegrationEventType> => ({
  type,
  schemaVersion,
  source: INTAKE_SOURCE,
  topic: TOPICS.intake,
  description,
  schema,
});

export const INTAKE_EVENT_CONTRACTS: readonly EventContract<IntakeIntegrationEventType>[] = [
  contract(
    'ClientRegistered',
    'A client was registered at a site; possible duplicates across the network are listed, not merged.',
    closed({
      clientId: UUID_FIELD,
      siteId: ID_FIELD,
      possibleDuplicateOf: { type: 'array', items: UUID_FIELD },
      registeredAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'ConsentGranted',
    "A 42 CFR Part 2 consent with every element was recorded: recipients, purposes and expiry, without the form's wording.",
    closed({
      consentId: UUID_FIELD,
      clientId: UUID_FIELD,
      recipients: {
        type: 'array',
        minItems: 1,
        items: {
          oneOf: [
            closed({ kind: { type: 'string', enum: ['named'] }, recipientId: ID_FIELD }),
            closed({ kind: { type: 'string', enum: ['treating-providers'] } }),
          ],
          discriminator: { propertyName: 'kind' },
        },
      },
      purposes: { type: 'array', minItems: 1, items: CODE_FIELD },
      expiry: {
        oneOf: [
          closed({ kind: { type: 'string', enum: ['date'] }, expiresOn: DATE_FIELD }),
          closed({ kind: { type: 'string', enum: ['event'] } }),
        ],
        discriminator: { propertyName: 'kind' },
      },
      signedBy: { type: 'string', enum: ['client', 'authorised-representative'] },
      signedOn: DATE_FIELD,
      grantedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'ConsentGranted',
    'A 42 CFR Part 2 consent on the 2024 form with every element and statement was recorded: recipients, purposes (HL7 v3 PurposeOfUse), categories, expiry and 2.35 terms, without the wording or names.',
    closed(
      {
        consentId: UUID_FIELD,
        clientId: UUID_FIELD,
        recipients: {
          type: 'array',
          minItems: 1,
          items: {
            oneOf: [
              closed({ kind: { type: 'string', enum: ['named'] }, recipientId: ID_FIELD, coveredEntity: { type: 'boolean' } }, [
                'coveredEntity',
              ]),
              closed({ kind: { type: 'string', enum: ['general'] }, designation: { type: 'string', enum: GENERAL_DESIGNATIONS } }),
              closed({
                kind: { type: 'string', enum: ['intermediary'] },
                intermediaryId: ID_FIELD,
                participants: {
                  oneOf: [
                    closed({ kind: { type: 'string', enum: ['named'] }, participantIds: { type: 'array', minItems: 1, items: ID_FIELD } }),
                    closed({ kind: { type: 'string', enum: ['treating-providers'] } }),
                  ],
                  discriminator: { propertyName: 'kind' },
                },
              }),
            ],
            discriminator: { propertyName: 'kind' },
          },
        },
        purposes: { type: 'array', minItems: 1, items: { type: 'string', enum: PURPOSES_OF_USE } },
        categories: { type: 'array', minItems: 1, items: { type: 'string', enum: INFORMATION_CATEGORIES } },
        expiry: {
          oneOf: [
            closed({ kind: { type: 'string', enum: ['date'] }, expiresOn: DATE_FIELD }),
            closed({ kind: { type: 'string', enum: ['event'] }, event: { type: 'string', enum: EXPIRY_EVENTS }, episodeId: ID_FIELD }, [
              'episodeId',
            ]),
            closed({ kind: { type: 'string', enum: ['none'] } }),
          ],
          discriminator: { propertyName: 'kind' },
        },
        signedOn: DATE_FIELD,
        clientIsMinor: { type: 'boolean' },
        criminalJustice: closed(
          {
            conditionOf: { type: 'string', enum: ['criminal-proceeding', 'parole', 'other-release'] },
            revocableFrom: {
              oneOf: [
                closed({ kind: { type: 'string', enum: ['date'] }, on: DATE_FIELD }),
                closed({ kind: { type: 'string', enum: ['event'] }, event: { type: 'string', enum: EXPIRY_EVENTS } }),
              ],
              discriminator: { propertyName: 'kind' },
            },
            finalDispositionOn: DATE_FIELD,
          },
          ['finalDispositionOn'],
        ),
        grantedAt: DATE_TIME_FIELD,
      },
      ['criminalJustice'],
    ),
    2,
  ),
  contract(
    'ConsentRevoked',
    'A consent was revoked in writing: no disclosure may rely on it from effectiveAt.',
    closed({ consentId: UUID_FIELD, clientId: UUID_FIELD, revokedOn: DATE_FIELD, effectiveAt: DATE_TIME_FIELD }),
  ),
  contract(
    'RestrictionAgreed',
    "The programme agreed to the client's request to restrict disclosures (42 CFR 2.26), or recorded the required paid-in-full one: codes and ids only.",
    closed({
      restrictionId: UUID_FIELD,
      clientId: UUID_FIELD,
      request: {
        oneOf: [
          closed({
            kind: { type: 'string', enum: ['requested'] },
            scope: closed(
              {
                recipientIds: { type: 'array', items: ID_FIELD },
                recipientKinds: { type: 'array', items: { type: 'string', enum: RECIPIENT_KINDS } },
                purposes: { type: 'array', items: { type: 'string', enum: PURPOSES_OF_USE } },
                categories: { type: 'array', items: { type: 'string', enum: INFORMATION_CATEGORIES } },
              },
              ['recipientIds', 'recipientKinds', 'purposes', 'categories'],
            ),
          }),
          closed({ kind: { type: 'string', enum: ['paid-in-full'] }, serviceIds: { type: 'array', minItems: 1, items: ID_FIELD } }),
        ],
        discriminator: { propertyName: 'kind' },
      },
      required: { type: 'boolean' },
      agreedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'CoOccurringConditionIdentified',
    'A positive co-occurring screen, or trauma reported at assessment, for the dual-diagnosis service.',
    closed(
      {
        clientId: UUID_FIELD,
        condition: { type: 'string', enum: CO_OCCURRING_CONDITIONS },
        instrument: { type: 'string', enum: CONDITION_EVIDENCE_INSTRUMENTS },
        score: { type: 'integer', minimum: 0, nullable: true },
        band: { type: 'string', enum: SEVERITY_BANDS },
        evidenceId: UUID_FIELD,
        identifiedAt: DATE_TIME_FIELD,
      },
      ['band'],
    ),
  ),
  contract(
    'SafetyHoldPlaced',
    'Imminent suicide risk on the C-SSRS screener: no outpatient admission until the hold is released.',
    closed({
      clientId: UUID_FIELD,
      screeningId: UUID_FIELD,
      instrument: { type: 'string', enum: ['C-SSRS'] },
      riskCategory: { type: 'string', enum: ['high'] },
      placedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'SafetyHoldReleased',
    'A clinician recorded a suicide-risk assessment and a safety plan (earlier events: or the client was admitted at a 24-hour level).',
    {
      oneOf: [
        closed(
          {
            reason: { type: 'string', enum: ['safety-plan-recorded'] },
            clientId: UUID_FIELD,
            safetyPlanId: UUID_FIELD,
            clinicianId: ID_FIELD,
            suicideRiskAssessmentId: UUID_FIELD,
            assessedRiskLevel: { type: 'string', enum: ['low', 'moderate'] },
            releasedAt: DATE_TIME_FIELD,
          },
          ['suicideRiskAssessmentId', 'assessedRiskLevel'],
        ),
        closed({
          reason: { type: 'string', enum: ['placed-at-24-hour-level'] },
          clientId: UUID_FIELD,
          admissionId: UUID_FIELD,
          level: LEVEL_OF_CARE_FIELD,
          releasedAt: DATE_TIME_FIELD,
        }),
      ],
      discriminator: { propertyName: 'reason' },
    },
  ),
  contract(
    'SafetyFollowUpOpened',
    "A suicide-risk signal at a screen (PHQ-9 item 9, or a C-SSRS of moderate or high risk): a same-day follow-up for the site's clinicians.",
    closed({
      clientId: UUID_FIELD,
      followUpId: UUID_FIELD,
      siteId: ID_FIELD,
      screeningId: UUID_FIELD,
      instrument: { type: 'string', enum: ['PHQ-9', 'C-SSRS'] },
      signal: { type: 'string', enum: SUICIDE_RISK_SIGNALS },
      ownerRole: CODE_FIELD,
      dueAt: DATE_TIME_FIELD,
      openedAt: DATE_TIME_FIELD,
    }),
  ),
  contract(
    'SafetyFollowUpOverdue',
    'A same-day safety follow-up passed its due time with nothing recorded (raised once).',
    closed({ clientId: UUID_FIELD, followUpId: UUID_FIELD, siteId: ID_FIELD, dueAt: DATE_TIME_FIELD, flaggedAt: DATE_TIME_FIELD }),
  ),
  contract(
    'SafetyFollowUpCompleted',
    'A clinician recorded the safety follow-up: a C-SSRS screener, a safety plan, or an escalation (by destination code).',
    closed(
      {
        clientId: UUID_FIELD,
        followUpId: UUID_FIELD,
        outcome: { type: 'string', enum: SAFETY_FOLLOW_UP_OUTCOMES },
        cssrsScreeningId: UUID_FIELD,
        safetyPlanId: UUID_FIELD,
        escalatedTo: { type: 'string', enum: ESCALATION_DESTINATIONS },
        clinicianId: ID_FIELD,
        completedAt: DATE_TIME_FIELD,
      },
      ['cssrsScreeningId', 'safetyPlanId', 'escalatedTo'],
    ),
  ),
  contract(
    'ScreeningWorsened',
    'A screening during treatment scored worse than the one before it (PHQ-9 up 5 or more, a band up, a new suicide risk): evidence for a review, never a level change by itself.',
    closed(
      {
        clientId: UUID_FIELD,
        siteId: ID_FIELD,
        screeningId: UUID_FIELD,
        instrument: { type: 'string', enum: SCREENING_INSTRUMENTS },
        score: { type: 'integer', minimum: 0 },
        band: { type: 'string', enum: MEASURE_BANDS },
        previousScore: { type: 'integer', minimum: 0 },
        previousBand: { type: 'string', enum: MEASURE_BANDS },
        reasons: { type: 'array', minItems: 1, items: { type: 'string', enum: WORSENING_REASONS } },
        recordedAt: DATE_TIME_FIELD,
      },
      ['band', 'previousScore', 'previousBand'],
    ),
  ),
  contract(
    'ClientAdmitted',
    'Intake admitted the client at a level, site and track: treatment-plan opens the care episode.',
    closed(
      {
        clientId: UUID_FIELD,
        admissionId: UUID_FIELD,
        level: LEVEL_OF_CARE_FIELD,
        siteId: ID_FIELD,
        track: { type: 'string', enum: ADMISSION_TRACKS },
        startDate: DATE_FIELD,
        assessmentId: UUID_FIELD,
        placementId: UUID_FIELD,
        referralId: UUID_FIELD,
        population: { type: 'string', enum: POPULATIONS },
        previousEpisodeId: ID_FIELD,
        previousAdmissionId: UUID_FIELD,
        admittedAt: DATE_TIME_FIELD,
      },
      ['population', 'previousEpisodeId', 'previousAdmissionId'],
    ),
  ),
];
