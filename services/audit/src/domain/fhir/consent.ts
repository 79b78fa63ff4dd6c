import {
  type ClientEvent,
  type ConsentCopy,
  PURPOSE_OF_USE_SYSTEM,
  consentFromCopy,
  consentStateAt,
  isPurposeOfUse,
  purposesOfLegacyForm,
} from '@continuum/consent';
import { type ClientConsents } from '../client-consents.js';
import { type Extension, type FhirResource, SYSTEMS, coded, fhirId, identified, referenceTo } from './fhir-resource.js';

// A 42 CFR Part 2 consent, as intake stored it, as a FHIR R4 Consent: the 2024 provisions
// (docs/domain/compliance.md#the-exported-consent): signing date and signer roles,
// recipients (named, general designations, intermediaries with their participants), the
// categories of information (SUD counselling notes among them only when the consent names
// them), purposes as HL7 v3 PurposeOfUse codes, expiry by date or by event, the revocation's
// receipt, and a criminal-justice consent's 2.35 terms. Its status is the one consent rule's
// (@continuum/consent consentStateAt) at the export's moment, discharges and the end of
// aftercare included. Names and wording stay out: ids, codes and dates only.

const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
const LOINC = 'http://loinc.org';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** Extensions of our own for what R4's Consent has no element for (codes and dates only). */
export const CONSENT_EXTENSIONS = {
  expiryEvent: 'urn:continuum:fhir:extension:consent-expiry-event',
  revocationReceived: 'urn:continuum:fhir:extension:consent-revocation-received',
  signerRole: 'urn:continuum:fhir:extension:consent-signer-role',
  clientIsMinor: 'urn:continuum:fhir:extension:consent-client-is-minor',
  criminalJustice: 'urn:continuum:fhir:extension:consent-criminal-justice',
  formVersion: 'urn:continuum:fhir:extension:consent-form',
} as const;

const isV2 = (copy: ConsentCopy): copy is Extract<ConsentCopy, { categories: unknown }> => 'categories' in copy;

const IRCP = coded(PARTICIPATION_TYPE, 'IRCP', 'information recipient');
const INTERMEDIARY = coded(PARTICIPATION_TYPE, 'IND', 'indirect target');

/** The consent's actors: every recipient it names or designates, and each intermediary with its participants. */
function actorsOf(copy: ConsentCopy): unknown[] {
  if (!isV2(copy)) {
    return copy.recipients.map((recipient) => ({
      role: IRCP,
      reference:
        recipient.kind === 'named'
          ? identified(SYSTEMS.recipient, recipient.recipientId)
          : { display: 'general designation: treating-providers' },
    }));
  }
  return copy.recipients.flatMap((recipient) => {
    if (recipient.kind === 'named') return [{ role: IRCP, reference: identified(SYSTEMS.recipient, recipient.recipientId) }];
    if (recipient.kind === 'general') return [{ role: IRCP, reference: { display: `general designation: ${recipient.designation}` } }];
    const intermediary = { role: INTERMEDIARY, reference: identified(SYSTEMS.intermediary, recipient.intermediaryId) };
    const participants =
      recipient.participants.kind === 'named'
        ? recipient.participants.participantIds.map((id) => ({ role: IRCP, reference: identified(SYSTEMS.recipient, id) }))
        : [{ role: IRCP, reference: { display: `participants of ${recipient.intermediaryId} with a treating provider relationship` } }];
    return [intermediary, ...participants];
  });
}

function purposesOf(copy: ConsentCopy): string[] {
  return isV2(copy) ? [...copy.purposes] : purposesOfLegacyForm(copy.purposes).filter(isPurposeOfUse);
}

function extensionsOf(copy: ConsentCopy, signerRoles: readonly string[]): Extension[] {
  const extensions: Extension[] = [
    { url: CONSENT_EXTENSIONS.formVersion, valueCode: isV2(copy) ? '2024' : 'before-2024' },
    ...signerRoles.map((role) => ({ url: CONSENT_EXTENSIONS.signerRole, valueCode: role })),
  ];
  if (isV2(copy)) extensions.push({ url: CONSENT_EXTENSIONS.clientIsMinor, valueBoolean: copy.clientIsMinor });
  if (copy.revokedFrom !== undefined) extensions.push({ url: CONSENT_EXTENSIONS.revocationReceived, valueDateTime: copy.revokedFrom });
  if (copy.expiry.kind === 'event') {
    extensions.push({
      url: CONSENT_EXTENSIONS.expiryEvent,
      // A form recorded before the 2024 rule named its event in words: read as discharge, the safer reading (libs/consent legacy-form.ts).
      valueCode: isV2(copy) && copy.expiry.kind === 'event' ? copy.expiry.event : 'discharge',
    });
  }
  if (isV2(copy) && copy.criminalJustice !== undefined) {
    const terms = copy.criminalJustice;
    extensions.push({
      url: CONSENT_EXTENSIONS.criminalJustice,
      extension: [
        { url: 'conditionOf', valueCode: terms.conditionOf },
        terms.revocableFrom.kind === 'date'
          ? { url: 'revocableFromDate', valueDate: terms.revocableFrom.on }
          : { url: 'revocableFromEvent', valueCode: terms.revocableFrom.event },
        ...(terms.finalDispositionOn === undefined ? [] : [{ url: 'finalDispositionOn', valueDate: terms.finalDispositionOn }]),
      ],
    });
  }
  return extensions;
}

/** When the consent stops permitting: its expiry date (from the start of it), or the instant the revocation was received, whichever is first. */
function endOf(copy: ConsentCopy): string | undefined {
  const expiresOn = copy.expiry.kind === 'date' ? copy.expiry.expiresOn : undefined;
  if (copy.revokedFrom === undefined) return expiresOn;
  if (expiresOn !== undefined && Date.parse(`${expiresOn}T00:00:00.000Z`) <= Date.parse(copy.revokedFrom)) return expiresOn;
  return copy.revokedFrom;
}

/** Each consent of the client as a Consent, with its state at `now`. */
export function consentsOf(consents: ClientConsents, now: Date): FhirResource[] {
  return consents.file.consents.map((copy) =>
    consentOf(copy, consents.clientId, consents.signerRoles.get(copy.consentId) ?? [], consents.file.events, now),
  );
}

export function consentOf(
  copy: ConsentCopy,
  clientId: string,
  signerRoles: readonly string[],
  events: readonly ClientEvent[],
  now: Date,
): FhirResource {
  const state = consentStateAt(consentFromCopy(copy, clientId), now, events);
  const end = endOf(copy);
  const purposes = purposesOf(copy);
  const categories = isV2(copy) ? copy.categories : [];
  return {
    resourceType: 'Consent',
    id: fhirId(copy.consentId),
    extension: extensionsOf(copy, signerRoles),
    identifier: [{ system: SYSTEMS.consent, value: copy.consentId }],
    status: state.status === 'active' ? 'active' : 'inactive',
    scope: coded(CONSENT_SCOPE, 'patient-privacy'),
    category: [coded(LOINC, '59284-0', 'Patient Consent')],
    patient: referenceTo('Patient', clientId),
    dateTime: copy.grantedAt,
    ...(signerRoles.includes('client') ? { performer: [referenceTo('Patient', clientId)] } : {}),
    policyRule: coded(ACT_CODE, '42CFRPart2'),
    provision: {
      type: 'permit',
      // Signed on, and in force until the expiry date or the revocation's receipt.
      period: { start: copy.signedOn, ...(end === undefined ? {} : { end }) },
      ...(copy.recipients.length ? { actor: actorsOf(copy) } : {}),
      ...(purposes.length ? { purpose: purposes.map((code) => ({ system: PURPOSE_OF_USE_SYSTEM, code })) } : {}),
      ...(categories.length ? { class: categories.map((code) => ({ system: SYSTEMS.informationCategory, code })) } : {}),
    },
  };
}
