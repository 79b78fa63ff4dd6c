import { type ConsentForm, DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { CLIENT } from './recorded-history.js';

// Consents on the 2024 form as intake stores them in ConsentGranted (the whole form, names and
// wording included), for the audit's specs: a single consent for treatment, payment and
// operations by default, changed per case.

const TEXTS = DEFAULT_CONSENT_POLICY.statementTexts;

export const form2024 = (changes: Partial<ConsentForm> = {}): ConsentForm => ({
  consentId: 'consent-tpo',
  clientId: CLIENT,
  clientName: 'Ana Núñez',
  disclosingParty: 'Northside IOP programme',
  information: {
    description: 'diagnosis, level of care, treatment plan and attendance',
    categories: ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'],
  },
  recipients: [
    { kind: 'general', designation: 'treating-providers' },
    { kind: 'general', designation: 'health-plans' },
  ],
  purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
  purposeDescription: 'for treatment, payment, and health care operations',
  expiry: { kind: 'none' },
  signers: [{ role: 'client', name: 'Ana Núñez' }],
  clientIsMinor: false,
  signedOn: '2026-03-02',
  statements: {
    revocation: TEXTS.revocation,
    'treatment-not-conditioned': TEXTS['treatment-not-conditioned'],
    'hipaa-redisclosure': TEXTS['hipaa-redisclosure'],
    'redisclosure-potential': TEXTS['redisclosure-potential'],
  },
  ...changes,
});

/** A consent naming one recipient for treatment, on the 2024 form. */
export const namedForm2024 = (recipientId: string, changes: Partial<ConsentForm> = {}): ConsentForm =>
  form2024({
    consentId: `consent-${recipientId}`,
    recipients: [{ kind: 'named', recipientId, name: 'Dr Rivera, Eastside Psychiatry' }],
    purposes: ['TREAT'],
    purposeDescription: 'psychiatric care',
    ...changes,
  });
