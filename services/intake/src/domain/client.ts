import { type LevelOfCare, type Population } from '@continuum/care-episode';
import { type Assessment } from './assessment.js';
import { type Consent, type ConsentForm, type RevocationChannel } from './consent.js';
import { type Person } from './person.js';
import { type PlacementReason } from './placement.js';
import { type CoOccurringCondition, type Instrument, type ScreeningAnswers, type ScreeningOutcome } from './screening.js';

// One stream per client: everything intake knows about a person, from the first referral
// to each admission. What happened (events), and what we know because of it (state).

export const clientStream = (clientId: string) => `intake-client-${clientId}`;

export const REFERRAL_SOURCES = ['self', 'family', 'court', 'hospital', 'provider', 'aftercare-re-entry'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const ADMISSION_TRACKS = ['morning', 'evening', 'other'] as const;
export type AdmissionTrack = (typeof ADMISSION_TRACKS)[number];

export type SafetyHoldRelease =
  | { reason: 'safety-plan-recorded'; safetyPlanId: string; clinicianId: string }
  | { reason: 'placed-at-24-hour-level'; admissionId: string; level: LevelOfCare };

export type ReferralReceived = {
  type: 'ReferralReceived';
  data: { clientId: string; referralId: string; source: ReferralSource; reasonCode: string; previousEpisodeId?: string; receivedAt: string };
};
export type ClientRegistered = {
  type: 'ClientRegistered';
  data: { clientId: string; siteId: string; person: Person; possibleDuplicateOf: string[]; registeredAt: string };
};
export type ConsentGranted = { type: 'ConsentGranted'; data: { clientId: string; consent: ConsentForm; grantedAt: string } };
export type ConsentRevoked = {
  type: 'ConsentRevoked';
  data: { clientId: string; consentId: string; revokedOn: string; receivedVia: RevocationChannel; recordedAt: string };
};
export type ScreeningRecorded = {
  type: 'ScreeningRecorded';
  data: { clientId: string; screeningId: string; answers: ScreeningAnswers; outcome: ScreeningOutcome; recordedAt: string };
};
export type SafetyHoldPlaced = {
  type: 'SafetyHoldPlaced';
  data: { clientId: string; screeningId: string; instrument: 'C-SSRS'; riskCategory: 'high'; placedAt: string };
};
export type SafetyHoldReleased = { type: 'SafetyHoldReleased'; data: { clientId: string; releasedAt: string } & SafetyHoldRelease };
export type CoOccurringConditionIdentified = {
  type: 'CoOccurringConditionIdentified';
  data: {
    clientId: string;
    condition: CoOccurringCondition;
    /** The instrument that found it, or `assessment` for trauma reported to the clinician. */
    instrument: Instrument | 'assessment';
    /** The instrument's score; null when found in the assessment. */
    score: number | null;
    /** The screening or assessment id: the evidence. */
    evidenceId: string;
    identifiedAt: string;
  };
};
export type AssessmentRecorded = { type: 'AssessmentRecorded'; data: { clientId: string; assessment: Assessment; recordedAt: string } };
export type PlacementRecommended = {
  type: 'PlacementRecommended';
  data: { clientId: string; assessmentId: string; level: LevelOfCare; reasons: PlacementReason[]; recommendedAt: string };
};
export type PlacementDecided = {
  type: 'PlacementDecided';
  data: {
    clientId: string;
    placementId: string;
    assessmentId: string;
    level: LevelOfCare;
    recommendedLevel: LevelOfCare;
    clinicianId: string;
    /** Present when the decision differs from the recommendation: the clinician's reason is kept. */
    variance?: { reason: string };
    decidedAt: string;
  };
};
export type ClientAdmitted = {
  type: 'ClientAdmitted';
  data: {
    clientId: string;
    admissionId: string;
    level: LevelOfCare;
    siteId: string;
    track: AdmissionTrack;
    /** YYYY-MM-DD */
    startDate: string;
    assessmentId: string;
    placementId: string;
    referralId: string;
    /**
     * Whose weekly-hour minimums apply, from the date of birth on the start date (`populationOn`).
     * Absent from admissions recorded before intake derived it.
     */
    population?: Population;
    /** For a readmission: the care episode the re-entry referral follows, and intake's previous admission. */
    previousEpisodeId?: string;
    previousAdmissionId?: string;
    admittedAt: string;
  };
};

export type IntakeEvent =
  | ReferralReceived
  | ClientRegistered
  | ConsentGranted
  | ConsentRevoked
  | ScreeningRecorded
  | SafetyHoldPlaced
  | SafetyHoldReleased
  | CoOccurringConditionIdentified
  | AssessmentRecorded
  | PlacementRecommended
  | PlacementDecided
  | ClientAdmitted;

/** Where the client stands, in the order a coordinator works: a re-entry referral after admission starts again at `referred`. */
export type IntakeStatus = 'none' | 'referred' | 'registered' | 'screening' | 'assessed' | 'placed' | 'admitted';

export type Referral = ReferralReceived['data'];
export type Registration = Omit<ClientRegistered['data'], 'clientId'>;
export type ScreeningRecord = { screeningId: string; outcome: ScreeningOutcome; recordedAt: string };
export type Recommendation = Omit<PlacementRecommended['data'], 'clientId'>;
export type Placement = Omit<PlacementDecided['data'], 'clientId'>;
export type Admission = Omit<ClientAdmitted['data'], 'clientId'>;

export type IntakeClient = {
  status: IntakeStatus;
  clientId?: string;
  /** The referral of the current intake. */
  referral?: Referral;
  registration?: Registration;
  /** Every consent ever granted, revoked ones included: they answer for past disclosures. */
  consents: Consent[];
  /** Screenings of the current intake. */
  screenings: ScreeningRecord[];
  /** Conditions already raised for the coming episode of care: each is raised once per episode. */
  conditionsIdentified: CoOccurringCondition[];
  /** Lasts across intakes until a safety plan is recorded or the client is admitted at a 24-hour level. */
  safetyHold?: { screeningId: string; placedAt: string };
  sameDayFollowUp?: { screeningId: string; flaggedAt: string };
  assessment?: Assessment;
  recommendation?: Recommendation;
  placement?: Placement;
  admissions: Admission[];
};

export const initialState: IntakeClient = { status: 'none', consents: [], screenings: [], conditionsIdentified: [], admissions: [] };

export const isOnSafetyHold = (state: IntakeClient) => state.safetyHold !== undefined;
export const isRegistered = (state: IntakeClient) => state.registration !== undefined;
export const lastAdmission = (state: IntakeClient): Admission | undefined => state.admissions.at(-1);

export function evolve(state: IntakeClient, event: IntakeEvent): IntakeClient {
  switch (event.type) {
    case 'ReferralReceived': {
      const { clientId, ...referral } = event.data;
      // A re-entry after an admission starts a new intake for a new episode of care:
      // last time's screenings, assessment and placement no longer describe the client.
      return {
        ...state,
        status: 'referred',
        clientId,
        referral: { clientId, ...referral },
        screenings: [],
        conditionsIdentified: [],
        sameDayFollowUp: undefined,
        assessment: undefined,
        recommendation: undefined,
        placement: undefined,
      };
    }
    case 'ClientRegistered': {
      const { clientId: _clientId, ...registration } = event.data;
      return { ...state, status: 'registered', registration };
    }
    case 'ConsentGranted':
      return { ...state, consents: [...state.consents, { form: event.data.consent, grantedAt: event.data.grantedAt }] };
    case 'ConsentRevoked': {
      const { consentId, revokedOn, receivedVia, recordedAt } = event.data;
      return {
        ...state,
        consents: state.consents.map((consent) =>
          consent.form.consentId === consentId ? { ...consent, revocation: { revokedOn, receivedVia, recordedAt } } : consent,
        ),
      };
    }
    case 'ScreeningRecorded': {
      const { screeningId, outcome, recordedAt } = event.data;
      return {
        ...state,
        status: state.status === 'referred' || state.status === 'registered' ? 'screening' : state.status,
        screenings: [...state.screenings, { screeningId, outcome, recordedAt }],
        sameDayFollowUp: outcome.needsSameDayFollowUp ? { screeningId, flaggedAt: recordedAt } : state.sameDayFollowUp,
      };
    }
    case 'SafetyHoldPlaced':
      return { ...state, safetyHold: { screeningId: event.data.screeningId, placedAt: event.data.placedAt } };
    case 'SafetyHoldReleased':
      return { ...state, safetyHold: undefined };
    case 'CoOccurringConditionIdentified':
      return { ...state, conditionsIdentified: [...state.conditionsIdentified, event.data.condition] };
    case 'AssessmentRecorded':
      return { ...state, status: 'assessed', assessment: event.data.assessment, recommendation: undefined, placement: undefined };
    case 'PlacementRecommended': {
      const { clientId: _clientId, ...recommendation } = event.data;
      return { ...state, recommendation };
    }
    case 'PlacementDecided': {
      const { clientId: _clientId, ...placement } = event.data;
      return { ...state, status: 'placed', placement };
    }
    case 'ClientAdmitted': {
      const { clientId: _clientId, ...admission } = event.data;
      return { ...state, status: 'admitted', admissions: [...state.admissions, admission] };
    }
  }
}
