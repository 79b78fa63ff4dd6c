import { type ConsentForm, consentStateAt } from '@continuum/consent';
import { type ReadModelDefinition } from '@continuum/read-store';
import { type ConsentGranted, type ConsentRevoked, isLegacyConsentForm, upgradeLegacyForm } from '../domain/index.js';

// What another service asks before it discloses (42 CFR 2.33: only as the consent allows):
// which of a client's consents are in force, for whom and for what. A revoked consent leaves
// the list at once; one that expires by date stays in the document and is filtered out at read
// time, because expiry depends on the moment the question is asked. Intake does not hear of
// discharges: a consent that expires on an event stays listed until revoked, and the service
// that discloses applies the event (docs/domain/consent-and-part-2.md#expiry-by-event).
// Names on the form (the client's, the signers') stay out: the answer crosses service lines.

export type ConsentOnFile = Omit<ConsentForm, 'clientName' | 'signers'> & { grantedAt: string };

export type ActiveConsents = { clientId: string; siteId: string; consents: ConsentOnFile[] };

export const ACTIVE_CONSENTS: ReadModelDefinition = { name: 'intake_active_consents', indexes: [{ fields: ['siteId'] }] };

export function consentOnFile(granted: ConsentGranted['data']): ConsentOnFile {
  const form = isLegacyConsentForm(granted.consent) ? upgradeLegacyForm(granted.clientId, granted.consent) : granted.consent;
  const { clientName: _clientName, signers: _signers, ...onFile } = { ...form, clientId: granted.clientId };
  return { ...onFile, grantedAt: granted.grantedAt };
}

export function withConsentGranted(current: ActiveConsents, granted: ConsentGranted['data']): ActiveConsents {
  const others = current.consents.filter((consent) => consent.consentId !== granted.consent.consentId);
  return { ...current, consents: [...others, consentOnFile(granted)] };
}

export function withConsentRevoked(current: ActiveConsents, revoked: ConsentRevoked['data']): ActiveConsents {
  return { ...current, consents: current.consents.filter((consent) => consent.consentId !== revoked.consentId) };
}

/** The consents in force at `at` by the one consent rule: signed and recorded by then, not expired by date, not revoked. */
export function consentsInForce(document: ActiveConsents, at: Date): ConsentOnFile[] {
  return document.consents.filter(
    (consent) =>
      consentStateAt({ form: { ...consent, clientName: '', signers: [] }, recordedAt: consent.grantedAt }, at, []).status === 'active',
  );
}
