// Consents, requests and events the specs build on: a valid form of each kind, changed per case.
import { type Consent, type ConsentForm, DEFAULT_CONSENT_POLICY } from '../consent.js';
import { type ClientEvent } from '../consent-state.js';
import { type DisclosureRequest } from '../disclosure.js';

export const CLIENT = 'client-1';
export const POLICY = DEFAULT_CONSENT_POLICY;
export const TEXTS = POLICY.statementTexts;

/** A single consent for all future treatment, payment and operations, to "my treating providers" and health plans. */
export const tpoForm = (changes: Partial<ConsentForm> = {}): ConsentForm => ({
  consentId: 'consent-tpo',
  clientId: CLIENT,
  clientName: 'Alex Example',
  disclosingParty: 'North Site outpatient programme',
  information: {
    description: 'diagnosis, medications, attendance and treatment plan',
    categories: ['diagnosis', 'medications', 'attendance', 'treatment-plan'],
  },
  recipients: [
    { kind: 'general', designation: 'treating-providers' },
    { kind: 'general', designation: 'health-plans' },
  ],
  purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
  purposeDescription: 'for treatment, payment, and health care operations',
  expiry: { kind: 'none' },
  signers: [{ role: 'client', name: 'Alex Example' }],
  clientIsMinor: false,
  signedOn: '2026-01-10',
  statements: {
    revocation: TEXTS.revocation,
    'treatment-not-conditioned': TEXTS['treatment-not-conditioned'],
    'hipaa-redisclosure': TEXTS['hipaa-redisclosure'],
    'redisclosure-potential': TEXTS['redisclosure-potential'],
  },
  ...changes,
});

/** A consent naming one provider for treatment, until discharge. */
export const namedForm = (changes: Partial<ConsentForm> = {}): ConsentForm => ({
  ...tpoForm(),
  consentId: 'consent-named',
  recipients: [{ kind: 'named', recipientId: 'provider-psych', name: 'Riverside Psychiatry' }],
  purposes: ['TREAT'],
  purposeDescription: 'psychiatric evaluation referral',
  expiry: { kind: 'event', event: 'discharge', description: 'discharge from the programme' },
  statements: {
    revocation: TEXTS.revocation,
    'treatment-not-conditioned': TEXTS['treatment-not-conditioned'],
    'redisclosure-potential': TEXTS['redisclosure-potential'],
  },
  ...changes,
});

export const consentOf = (form: ConsentForm, changes: Partial<Omit<Consent, 'form'>> = {}): Consent => ({
  form,
  recordedAt: `${form.signedOn}T10:00:00.000Z`,
  ...changes,
});

export const request = (changes: Partial<DisclosureRequest> = {}): DisclosureRequest => ({
  requestId: 'disclosure-1',
  clientId: CLIENT,
  at: '2026-02-01T12:00:00.000Z',
  recipient: { recipientId: 'provider-psych', kind: 'provider', treatingRelationship: true },
  purpose: 'TREAT',
  categories: ['diagnosis', 'medications'],
  disclosedBy: { userId: 'user-coordinator-1', role: 'coordinator' },
  basis: { kind: 'consent' },
  ...changes,
});

export const happened = (event: ClientEvent['event'], occurredAt: string, episodeId?: string): ClientEvent => ({
  clientId: CLIENT,
  event,
  occurredAt,
  ...(episodeId === undefined ? {} : { episodeId }),
});

export const context = (events: ClientEvent[] = []) => ({ events, policy: POLICY });
