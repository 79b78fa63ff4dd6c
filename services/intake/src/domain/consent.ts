import { isCalendarDate } from '@continuum/care-episode';
import { isBlank, startOfDate } from './validation.js';

// 42 CFR Part 2 consent to disclose substance-use treatment records. A consent is valid only
// with every element of 42 CFR 2.31(a); a disclosure is allowed only under an active consent
// that names (or, for treatment, payment and health care operations, generally designates)
// the recipient, for a purpose the consent states.

/** Purposes under which 42 CFR 2.31(a)(4)(ii) allows a general designation of recipients. */
export const TREATMENT_PAYMENT_OPERATIONS = ['treatment', 'payment', 'health-care-operations'] as const;

export type ConsentRecipient =
  | { kind: 'named'; recipientId: string; name: string }
  /** "My treating providers": allowed only when every purpose is treatment, payment or operations. */
  | { kind: 'treating-providers' };

export type ConsentExpiry =
  | { kind: 'date'; /** YYYY-MM-DD: the consent stops at the start of this date. */ expiresOn: string }
  | { kind: 'event'; /** e.g. "discharge from the programme" */ event: string };

export type ConsentSignature = {
  signedBy: 'client' | 'authorised-representative';
  signerName: string;
  /** Required for a representative: the authority under which they sign (guardian, power of attorney…). */
  representativeAuthority?: string;
  /** YYYY-MM-DD */
  signedOn: string;
};

export type ConsentForm = {
  consentId: string;
  clientName: string;
  /** Who may disclose, e.g. the site or programme holding the records. */
  disclosingParty: string;
  /** What information, described specifically. */
  information: string;
  recipients: ConsentRecipient[];
  /** Purpose codes, e.g. `treatment`, `payment`, `care-coordination`, `court-reporting`. */
  purposes: string[];
  /** A plain-language statement of the purpose, as written on the form. */
  purposeDescription: string;
  expiry: ConsentExpiry;
  signature: ConsentSignature;
  acknowledgesRightToRevoke: boolean;
};

/** The elements of 42 CFR 2.31(a), as the API names them when one is missing or invalid. */
export type ConsentElement =
  | 'client-name'
  | 'disclosing-party'
  | 'information'
  | 'recipients'
  | 'purpose'
  | 'expiry'
  | 'signature'
  | 'signature-date'
  | 'right-to-revoke';

export type ConsentProblem = { element: ConsentElement; message: string };

export type ConsentRevocation = {
  /** YYYY-MM-DD, as dated on the written revocation. */
  revokedOn: string;
  receivedVia: RevocationChannel;
  recordedAt: string;
};

/** Revocation is in writing (42 CFR 2.31(a)(6)); these are the written channels we accept. */
export const REVOCATION_CHANNELS = ['letter', 'signed-form', 'email', 'fax', 'patient-portal'] as const;
export type RevocationChannel = (typeof REVOCATION_CHANNELS)[number];

/** A consent as intake holds it: the form, when it was recorded and, once revoked, how. */
export type Consent = { form: ConsentForm; grantedAt: string; revocation?: ConsentRevocation };

// 2.31(a)(3): the information must be described "in a specific and meaningful fashion".
// These are the blanket phrases we have seen on forms; anything longer is left to the clinician.
const NON_SPECIFIC_INFORMATION = new Set([
  'all',
  'any',
  'everything',
  'all records',
  'all information',
  'any information',
  'my records',
  'records',
]);

/** Every missing or invalid element of the form, in the order of the regulation; empty when valid. */
export function validateConsent(form: ConsentForm, now: Date): ConsentProblem[] {
  const problems: ConsentProblem[] = [];
  const add = (element: ConsentElement, message: string) => problems.push({ element, message });

  if (isBlank(form?.clientName)) add('client-name', "write the client's name on the consent");
  if (isBlank(form?.disclosingParty)) add('disclosing-party', 'name who may disclose the records (the programme or site holding them)');

  if (isBlank(form?.information)) {
    add('information', 'describe what information may be disclosed, e.g. "diagnosis, medications and attendance"');
  } else if (NON_SPECIFIC_INFORMATION.has(form.information.trim().toLowerCase())) {
    add(
      'information',
      `"${form.information.trim()}" is not specific: describe which information, e.g. "diagnosis, medications and attendance"`,
    );
  }

  const purposes = Array.isArray(form?.purposes) ? form.purposes.filter((p) => !isBlank(p)) : [];
  if (purposes.length === 0 || isBlank(form?.purposeDescription)) {
    add('purpose', 'state the purpose of the disclosure (a purpose code and its description as written on the form)');
  }

  const recipients = Array.isArray(form?.recipients) ? form.recipients : [];
  if (recipients.length === 0) {
    add('recipients', 'name at least one recipient, or for treatment, payment or operations use "my treating providers"');
  }
  recipients.forEach((recipient, index) => {
    if (recipient?.kind === 'named') {
      if (isBlank(recipient.recipientId) || isBlank(recipient.name)) {
        add('recipients', `recipient ${index + 1} needs both a recipient id and a name`);
      }
    } else if (recipient?.kind === 'treating-providers') {
      const allTreatmentPaymentOperations =
        purposes.length > 0 && purposes.every((p) => (TREATMENT_PAYMENT_OPERATIONS as readonly string[]).includes(p));
      if (!allTreatmentPaymentOperations) {
        add(
          'recipients',
          '"my treating providers" is allowed only for treatment, payment or health care operations: name the recipients for any other purpose',
        );
      }
    } else {
      add('recipients', `recipient ${index + 1} must be a named recipient or "my treating providers"`);
    }
  });

  const signedOn = form?.signature?.signedOn;
  const expiry = form?.expiry;
  if (expiry?.kind === 'date') {
    if (!isCalendarDate(expiry.expiresOn)) {
      add('expiry', 'give the expiry date as YYYY-MM-DD');
    } else if (startOfDate(expiry.expiresOn) <= now.getTime()) {
      add('expiry', `the consent would already have expired on ${expiry.expiresOn}: choose a later expiry date`);
    } else if (isCalendarDate(signedOn) && expiry.expiresOn <= signedOn) {
      add('expiry', 'the expiry date must come after the signature date');
    }
  } else if (expiry?.kind === 'event') {
    if (isBlank(expiry.event)) add('expiry', 'describe the event on which the consent expires, e.g. "discharge from the programme"');
  } else {
    add('expiry', 'give an expiry date or the event on which the consent expires');
  }

  const signature = form?.signature;
  if (!signature || (signature.signedBy !== 'client' && signature.signedBy !== 'authorised-representative')) {
    add('signature', 'the consent must be signed by the client or an authorised representative');
  } else {
    if (isBlank(signature.signerName)) add('signature', 'record the name of the person who signed');
    if (signature.signedBy === 'authorised-representative' && isBlank(signature.representativeAuthority)) {
      add('signature', "record the representative's authority to sign (e.g. legal guardian, health care power of attorney)");
    }
  }
  if (!isCalendarDate(signedOn)) {
    add('signature-date', 'give the date of signature as YYYY-MM-DD');
  } else if (startOfDate(signedOn) > now.getTime()) {
    add('signature-date', 'the signature date is in the future: use the date the form was signed');
  }

  if (form?.acknowledgesRightToRevoke !== true) {
    add('right-to-revoke', "the form must state the client's right to revoke the consent in writing, and the client must acknowledge it");
  }
  return problems;
}

/**
 * Active from the day it was signed until it expires or is revoked. A consent that expires
 * on an event stays active until it is revoked: intake does not observe that event itself.
 */
export function isConsentActive(consent: Consent, at: Date): boolean {
  const t = at.getTime();
  if (t < startOfDate(consent.form.signature.signedOn)) return false;
  if (consent.form.expiry.kind === 'date' && t >= startOfDate(consent.form.expiry.expiresOn)) return false;
  if (consent.revocation && t >= revocationTakesEffect(consent.revocation)) return false;
  return true;
}

// A revocation stops disclosures from the date written on it, or from when we recorded it
// if that is earlier (a back-dated revocation does not reopen a gap).
export function revocationTakesEffect(revocation: Pick<ConsentRevocation, 'revokedOn' | 'recordedAt'>): number {
  return Math.min(startOfDate(revocation.revokedOn), Date.parse(revocation.recordedAt));
}

export type ConsentStatus = 'active' | 'expired' | 'revoked' | 'not-yet-active';

/** How a consent stands at `at`, as a coordinator reads it on the client's record. */
export function consentStatus(consent: Consent, at: Date): ConsentStatus {
  if (isConsentActive(consent, at)) return 'active';
  if (consent.revocation) return 'revoked';
  if (at.getTime() < startOfDate(consent.form.signature.signedOn)) return 'not-yet-active';
  return 'expired';
}

export function activeConsents(state: { consents: readonly Consent[] }, at: Date): Consent[] {
  return state.consents.filter((consent) => isConsentActive(consent, at));
}

/**
 * Whether a disclosure to `recipientId` for `purpose` at `at` is covered. A general
 * designation covers any recipient for a treatment, payment or operations purpose: the
 * caller must ask only about recipients that have a treating relationship with the client.
 */
export function consentCovers(consent: Consent, recipientId: string, purpose: string, at: Date): boolean {
  if (!isConsentActive(consent, at)) return false;
  if (!consent.form.purposes.includes(purpose)) return false;
  return consent.form.recipients.some((recipient) =>
    recipient.kind === 'named'
      ? recipient.recipientId === recipientId
      : (TREATMENT_PAYMENT_OPERATIONS as readonly string[]).includes(purpose),
  );
}
