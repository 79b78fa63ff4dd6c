import {
  type Consent,
  type ConsentExpiry,
  type ConsentForm,
  type ConsentRecipient,
  type ConsentState,
  type Revocation,
  consentStateAt,
  expiryEventOfLegacyForm,
  purposesOfLegacyForm,
} from '@continuum/consent';
import { startOfDate } from './validation.js';

// 42 CFR Part 2 consents as intake records them. The rule is the network's one consent rule
// (@continuum/consent, docs/domain/part-2-consent-rule.md): the form is its `ConsentForm`,
// validated by its `validateConsent` with the network's `ConsentPolicy`, and a consent stops as
// its `consentStateAt` says. What is intake's own is reading consents recorded before the 2024
// form (ConsentGranted / ConsentRevoked as first stored), which stay in the streams unchanged.

export { type ConsentForm, type Revocation } from '@continuum/consent';

/** Revocation is in writing (42 CFR 2.31(a)(6)); these are the written channels we accept. */
export const REVOCATION_CHANNELS = [
  'letter',
  'signed-form',
  'email',
  'fax',
  'patient-portal',
] as const satisfies readonly Revocation['channel'][];
export type RevocationChannel = Revocation['channel'];

/** A consent as intake holds it: the lib's consent (form, when recorded, revocation once received). */
export type IntakeConsent = Consent & {
  /** Recorded on the form used before the 2024 final rule: read, never validated again (42 CFR 2.31(c)(2)). */
  legacyForm?: true;
};

/** The consent form as ConsentGranted first stored it (before the 2024 form); kept readable, never written. */
export type LegacyConsentForm = {
  consentId: string;
  clientName: string;
  disclosingParty: string;
  information: string;
  recipients: Array<{ kind: 'named'; recipientId: string; name: string } | { kind: 'treating-providers' }>;
  purposes: string[];
  purposeDescription: string;
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event'; event: string };
  signature: { signedBy: 'client' | 'authorised-representative'; signerName: string; representativeAuthority?: string; signedOn: string };
  acknowledgesRightToRevoke: boolean;
};

/** ConsentRevoked as first stored: the date written on the revocation and when intake recorded it, no receipt instant. */
export type LegacyRevocation = { revokedOn: string; receivedVia: RevocationChannel; recordedAt: string };

export const isLegacyConsentForm = (form: ConsentForm | LegacyConsentForm): form is LegacyConsentForm =>
  'signature' in form && typeof form.information === 'string';

/**
 * An old form in the lib's terms. Its information was described only in words, so it covers
 * no category of information (the safer reading: a disclosure under it waits for a consent on
 * the current form); every other element keeps its meaning.
 */
export function upgradeLegacyForm(clientId: string, form: LegacyConsentForm): ConsentForm {
  const recipients: ConsentRecipient[] = form.recipients.map((recipient) =>
    recipient.kind === 'named'
      ? { kind: 'named', recipientId: recipient.recipientId, name: recipient.name }
      : { kind: 'general', designation: 'treating-providers' },
  );
  const expiry: ConsentExpiry =
    form.expiry.kind === 'date'
      ? { kind: 'date', expiresOn: form.expiry.expiresOn }
      : { kind: 'event', event: expiryEventOfLegacyForm(form.expiry.event), description: form.expiry.event };
  const { signature } = form;
  return {
    consentId: form.consentId,
    clientId,
    clientName: form.clientName,
    disclosingParty: form.disclosingParty,
    information: { description: form.information, categories: [] },
    recipients,
    purposes: purposesOfLegacyForm(form.purposes),
    purposeDescription: form.purposeDescription,
    expiry,
    signers: [
      signature.signedBy === 'client'
        ? { role: 'client', name: signature.signerName }
        : { role: 'authorised-representative', name: signature.signerName, authority: signature.representativeAuthority ?? '' },
    ],
    clientIsMinor: false,
    signedOn: signature.signedOn,
    statements: {},
  };
}

/** A revocation first stored without its receipt: it took effect from the date written on it, or from when intake recorded it if earlier. */
export function upgradeLegacyRevocation(revocation: LegacyRevocation): Revocation {
  const receivedAt = Math.min(startOfDate(revocation.revokedOn), Date.parse(revocation.recordedAt));
  return { receivedAt: new Date(receivedAt).toISOString(), channel: revocation.receivedVia };
}

export type ConsentStatus = ConsentState['status'];

/**
 * How a consent stands at `at`, as a coordinator reads it on the client's record (the lib's
 * `consentStateAt`). Intake does not hear of discharges, so a consent that expires on an event
 * shows active here until it is revoked; the services that disclose consume those events.
 */
export function consentStatus(consent: IntakeConsent, at: Date): ConsentStatus {
  return consentStateAt(consent, at, []).status;
}
