import { type Assessment } from './assessment.js';
import { type IntakeConsent, isLegacyConsentForm, upgradeLegacyForm, upgradeLegacyRevocation } from './consent.js';
import {
  type ClientAdmitted,
  type ClientRegistered,
  type IntakeEvent,
  type PlacementDecided,
  type PlacementRecommended,
  type ReferralReceived,
  type SafetyFollowUpCompleted,
  type SafetyFollowUpOpened,
} from './events.js';
import { type ClientRestrictions, evolveRestrictions } from './restrictions.js';
import { type CoOccurringCondition, type ScreeningRecord } from './screening.js';

// One stream per client (its events are events.ts): what intake knows of a person because
// of what happened, from the first referral to each admission.

/** Where the client stands, in the order a coordinator works: a re-entry referral after admission starts again at `referred`. */
export type IntakeStatus = 'none' | 'referred' | 'registered' | 'screening' | 'assessed' | 'placed' | 'admitted';

export type Referral = ReferralReceived['data'];
export type Registration = Omit<ClientRegistered['data'], 'clientId'>;
export type Recommendation = Omit<PlacementRecommended['data'], 'clientId'>;
export type Placement = Omit<PlacementDecided['data'], 'clientId'>;
export type Admission = Omit<ClientAdmitted['data'], 'clientId'>;
export type SafetyFollowUp = Omit<SafetyFollowUpOpened['data'], 'clientId'> & {
  /** When the scheduler flagged it overdue (once). */
  overdueFlaggedAt?: string;
  /** What the clinician recorded; absent while the follow-up is open. */
  completion?: Omit<SafetyFollowUpCompleted['data'], 'clientId' | 'followUpId'>;
};

export type IntakeClient = {
  status: IntakeStatus;
  clientId?: string;
  /** The referral of the current intake. */
  referral?: Referral;
  registration?: Registration;
  /** Every consent ever granted, revoked ones included: they answer for past disclosures. */
  consents: IntakeConsent[];
  /** Every request to restrict disclosures (42 CFR 2.26), requested, agreed or refused; absent until the first. */
  restrictions?: ClientRestrictions;
  /** Screenings of the current intake and the treatment that follows it: the episode's measurements. */
  screenings: ScreeningRecord[];
  /** Screenings marked entered-in-error (any intake): gone from `screenings`, kept here and in the stream. */
  screeningsEnteredInError?: { screeningId: string; reasonCode: string; markedBy: string; markedAt: string }[];
  /** Conditions already raised for the coming episode of care: each is raised once per episode. */
  conditionsIdentified: CoOccurringCondition[];
  /** Lasts across intakes and admissions until a clinician records a suicide-risk assessment and a safety plan. */
  safetyHold?: { screeningId: string; placedAt: string };
  /** Every same-day safety follow-up, open or done; like the hold, they last across intakes until recorded. */
  safetyFollowUps: SafetyFollowUp[];
  assessment?: Assessment;
  recommendation?: Recommendation;
  placement?: Placement;
  admissions: Admission[];
};

export const initialState: IntakeClient = {
  status: 'none',
  consents: [],
  screenings: [],
  conditionsIdentified: [],
  safetyFollowUps: [],
  admissions: [],
};

export const isOnSafetyHold = (state: IntakeClient) => state.safetyHold !== undefined;
export const isRegistered = (state: IntakeClient) => state.registration !== undefined;
export const lastAdmission = (state: IntakeClient): Admission | undefined => state.admissions.at(-1);
/** The follow-up a clinician still has to record, if any: one at a time per client. */
export const openSafetyFollowUp = (state: IntakeClient): SafetyFollowUp | undefined =>
  state.safetyFollowUps.find((followUp) => followUp.completion === undefined);

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
        assessment: undefined,
        recommendation: undefined,
        placement: undefined,
      };
    }
    case 'ClientRegistered': {
      const { clientId: _clientId, ...registration } = event.data;
      return { ...state, status: 'registered', registration };
    }
    case 'ConsentGranted': {
      const { clientId, consent: form, grantedAt } = event.data;
      const consent: IntakeConsent = isLegacyConsentForm(form)
        ? { form: upgradeLegacyForm(clientId, form), recordedAt: grantedAt, legacyForm: true }
        : { form: { ...form, clientId }, recordedAt: grantedAt };
      return { ...state, consents: [...state.consents, consent] };
    }
    case 'ConsentRevoked': {
      const { consentId, receivedAt, revokedOn, receivedVia, recordedAt } = event.data;
      const revocation =
        receivedAt !== undefined
          ? { receivedAt, channel: receivedVia }
          : upgradeLegacyRevocation({ revokedOn: revokedOn ?? recordedAt.slice(0, 10), receivedVia, recordedAt });
      return {
        ...state,
        consents: state.consents.map((consent) => (consent.form.consentId === consentId ? { ...consent, revocation } : consent)),
      };
    }
    case 'RestrictionRequested':
    case 'RestrictionAgreed':
    case 'RestrictionRefused':
      return { ...state, restrictions: evolveRestrictions(state.restrictions ?? {}, event) };
    case 'ScreeningRecorded': {
      const { screeningId, outcome, recordedAt, administeredOn } = event.data;
      return {
        ...state,
        status: state.status === 'referred' || state.status === 'registered' ? 'screening' : state.status,
        screenings: [
          ...state.screenings,
          { screeningId, outcome, recordedAt, ...(administeredOn === undefined ? {} : { administeredOn }) },
        ],
      };
    }
    case 'ScreeningWorsened':
      return state;
    case 'ScreeningMarkedInError': {
      const { clientId: _clientId, ...marked } = event.data;
      return {
        ...state,
        screenings: state.screenings.filter((screening) => screening.screeningId !== marked.screeningId),
        screeningsEnteredInError: [...(state.screeningsEnteredInError ?? []), marked],
      };
    }
    case 'SafetyFollowUpOpened': {
      const { clientId: _clientId, ...followUp } = event.data;
      return { ...state, safetyFollowUps: [...(state.safetyFollowUps ?? []), followUp] };
    }
    case 'SafetyFollowUpOverdue':
      return {
        ...state,
        safetyFollowUps: state.safetyFollowUps.map((f) =>
          f.followUpId === event.data.followUpId ? { ...f, overdueFlaggedAt: event.data.flaggedAt } : f,
        ),
      };
    case 'SafetyFollowUpCompleted': {
      const { clientId: _clientId, followUpId, ...completion } = event.data;
      return { ...state, safetyFollowUps: state.safetyFollowUps.map((f) => (f.followUpId === followUpId ? { ...f, completion } : f)) };
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
