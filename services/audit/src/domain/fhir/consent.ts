import { type FhirResource, SYSTEMS, coded, fhirId, identified, periodOf, referenceTo } from './fhir-resource.js';

// A 42 CFR Part 2 consent from intake's ConsentGranted / ConsentRevoked as a Consent:
// recipients, purposes, the period it runs and whether it is still in force. The form's
// names (client, signer) and free-text descriptions stay out: the export is for auditors
// and needs ids, codes and dates only.

export type ConsentFacts = {
  consentId: string;
  recipients: Array<{ kind: 'named'; recipientId: string } | { kind: 'treating-providers' }>;
  purposes: string[];
  expiresOn?: string;
  expiresOnEvent: boolean;
  signedOn?: string;
  signedBy?: string;
  grantedAt: string;
  revokedOn?: string;
};

/** intake's ConsentGranted data ({clientId, consent: form, grantedAt}), keeping ids, codes and dates. */
export function consentFactsOf(data: Record<string, unknown>): ConsentFacts | undefined {
  const form = data.consent as Record<string, unknown> | undefined;
  if (typeof form !== 'object' || form === null || typeof form.consentId !== 'string') return undefined;
  const recipients = Array.isArray(form.recipients) ? (form.recipients as Array<Record<string, unknown>>) : [];
  const expiry = (form.expiry ?? {}) as Record<string, unknown>;
  const signature = (form.signature ?? {}) as Record<string, unknown>;
  return {
    consentId: form.consentId,
    recipients: recipients.map((recipient) =>
      recipient.kind === 'named' && typeof recipient.recipientId === 'string'
        ? { kind: 'named', recipientId: recipient.recipientId }
        : { kind: 'treating-providers' },
    ),
    purposes: Array.isArray(form.purposes) ? form.purposes.filter((purpose): purpose is string => typeof purpose === 'string') : [],
    ...(expiry.kind === 'date' && typeof expiry.expiresOn === 'string' ? { expiresOn: expiry.expiresOn } : {}),
    expiresOnEvent: expiry.kind === 'event',
    ...(typeof signature.signedOn === 'string' ? { signedOn: signature.signedOn } : {}),
    ...(typeof signature.signedBy === 'string' ? { signedBy: signature.signedBy } : {}),
    grantedAt: typeof data.grantedAt === 'string' ? data.grantedAt : '',
  };
}

const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
const LOINC = 'http://loinc.org';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** In force at `now`: signed, not expired (a consent ends at the start of its expiry date) and not revoked. */
export function isInForce(consent: ConsentFacts, now: Date): boolean {
  const day = now.toISOString().slice(0, 10);
  if (consent.revokedOn !== undefined && day >= consent.revokedOn) return false;
  if (consent.expiresOn !== undefined && day >= consent.expiresOn) return false;
  return consent.signedOn === undefined || day >= consent.signedOn;
}

export function consentOf(consent: ConsentFacts, clientId: string, now: Date): FhirResource {
  const ends = [consent.expiresOn, consent.revokedOn].filter((date): date is string => date !== undefined).sort()[0];
  return {
    resourceType: 'Consent',
    id: fhirId(consent.consentId),
    identifier: [{ system: SYSTEMS.consent, value: consent.consentId }],
    status: isInForce(consent, now) ? 'active' : 'inactive',
    scope: coded(CONSENT_SCOPE, 'patient-privacy'),
    category: [coded(LOINC, '59284-0', 'Patient Consent')],
    patient: referenceTo('Patient', clientId),
    ...(consent.grantedAt ? { dateTime: consent.grantedAt } : {}),
    ...(consent.signedBy === 'client'
      ? { performer: [referenceTo('Patient', clientId)] }
      : consent.signedBy
        ? { performer: [{ display: consent.signedBy }] }
        : {}),
    policyRule: coded(ACT_CODE, '42CFRPart2'),
    provision: {
      type: 'permit',
      ...(consent.signedOn || ends ? { period: periodOf(consent.signedOn, ends) } : {}),
      ...(consent.recipients.length
        ? {
            actor: consent.recipients.map((recipient) => ({
              role: coded(PARTICIPATION_TYPE, 'IRCP', 'information recipient'),
              reference:
                recipient.kind === 'named'
                  ? identified(SYSTEMS.provider, recipient.recipientId)
                  : { display: 'my treating providers (general designation)' },
            })),
          }
        : {}),
      ...(consent.purposes.length ? { purpose: consent.purposes.map((purpose) => ({ system: SYSTEMS.purpose, code: purpose })) } : {}),
    },
  };
}
