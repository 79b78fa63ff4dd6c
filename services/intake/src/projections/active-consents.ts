import { type ReadModelDefinition } from '@continuum/read-store';
import { type ConsentForm, type ConsentGranted, type ConsentRevoked, isConsentActive } from '../domain/index.js';

// What another service asks before it discloses (42 CFR 2.33: only as the consent allows):
// which of a client's consents are in force, for whom and for what. A revoked consent leaves
// the list at once; one that expires by date stays in the document and is filtered out at read
// time, because expiry depends on the day the question is asked.
// Names on the form (the client's, the signer's) stay out: the answer crosses service lines.

export type ConsentOnFile = Omit<ConsentForm, 'clientName' | 'signature'> & {
  signedOn: string;
  signedBy: ConsentForm['signature']['signedBy'];
  grantedAt: string;
};

export type ActiveConsents = { clientId: string; siteId: string; consents: ConsentOnFile[] };

export const ACTIVE_CONSENTS: ReadModelDefinition = { name: 'intake_active_consents', indexes: [{ fields: ['siteId'] }] };

export function consentOnFile(granted: ConsentGranted['data']): ConsentOnFile {
  const { clientName: _clientName, signature, ...form } = granted.consent;
  return { ...form, signedOn: signature.signedOn, signedBy: signature.signedBy, grantedAt: granted.grantedAt };
}

export function withConsentGranted(current: ActiveConsents, granted: ConsentGranted['data']): ActiveConsents {
  const others = current.consents.filter((consent) => consent.consentId !== granted.consent.consentId);
  return { ...current, consents: [...others, consentOnFile(granted)] };
}

export function withConsentRevoked(current: ActiveConsents, revoked: ConsentRevoked['data']): ActiveConsents {
  return { ...current, consents: current.consents.filter((consent) => consent.consentId !== revoked.consentId) };
}

/** The consents in force on `at`: signed by then, not expired by date, not revoked. */
export function consentsInForce(document: ActiveConsents, at: Date): ConsentOnFile[] {
  return document.consents.filter((consent) =>
    isConsentActive(
      {
        form: { ...consent, clientName: '', signature: { signedBy: consent.signedBy, signerName: '', signedOn: consent.signedOn } },
        grantedAt: consent.grantedAt,
      },
      at,
    ),
  );
}
