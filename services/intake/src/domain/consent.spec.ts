import { type Consent, type ConsentForm, activeConsents, consentCovers, isConsentActive, validateConsent } from './consent.js';
import { consentForm } from './testing/intake-fixtures.js';

const now = new Date('2026-01-15T09:00:00.000Z');
const elementsMissingFrom = (form: ConsentForm) => validateConsent(form, now).map((p) => p.element);

describe('a Part 2 consent form', () => {
  it('is valid with every element', () => {
    expect(validateConsent(consentForm(), now)).toEqual([]);
  });

  it.each<[string, Partial<ConsentForm>, string]>([
    ["the client's name", { clientName: '  ' }, 'client-name'],
    ['who may disclose', { disclosingParty: '' }, 'disclosing-party'],
    ['what information', { information: '' }, 'information'],
    ['the recipients', { recipients: [] }, 'recipients'],
    ['the purpose code', { purposes: [] }, 'purpose'],
    ['the purpose description', { purposeDescription: '' }, 'purpose'],
    ['the expiry', { expiry: undefined as never }, 'expiry'],
    ['the signature', { signature: { signedBy: undefined as never, signerName: 'Ana Núñez', signedOn: '2026-01-15' } }, 'signature'],
    ['the signature date', { signature: { signedBy: 'client', signerName: 'Ana Núñez', signedOn: '' } }, 'signature-date'],
    ['the acknowledgment of the right to revoke', { acknowledgesRightToRevoke: false }, 'right-to-revoke'],
  ])('is refused without %s, naming that element', (_what, change, element) => {
    expect(elementsMissingFrom(consentForm(change))).toEqual([element]);
  });

  it('names every missing element when several are missing', () => {
    expect(
      elementsMissingFrom(
        consentForm({ clientName: '', recipients: [], acknowledgesRightToRevoke: false, expiry: { kind: 'event', event: ' ' } }),
      ),
    ).toEqual(['client-name', 'recipients', 'expiry', 'right-to-revoke']);
  });

  it('refuses a blanket description of the information such as "all records"', () => {
    expect(validateConsent(consentForm({ information: 'All Records' }), now)).toEqual([
      { element: 'information', message: expect.stringMatching(/not specific/) },
    ]);
  });

  it('accepts "my treating providers" for a treatment, payment and operations consent', () => {
    const form = consentForm({
      recipients: [{ kind: 'treating-providers' }],
      purposes: ['treatment', 'payment', 'health-care-operations'],
    });
    expect(validateConsent(form, now)).toEqual([]);
  });

  it('refuses "my treating providers" for any other purpose: recipients must then be named', () => {
    const form = consentForm({ recipients: [{ kind: 'treating-providers' }], purposes: ['treatment', 'court-reporting'] });
    expect(validateConsent(form, now)).toEqual([
      { element: 'recipients', message: expect.stringMatching(/only for treatment, payment or health care operations/) },
    ]);
  });

  it('refuses a named recipient without an id', () => {
    expect(elementsMissingFrom(consentForm({ recipients: [{ kind: 'named', recipientId: '', name: 'Riverside Psychiatry' }] }))).toEqual([
      'recipients',
    ]);
  });

  it('accepts an expiry on an event instead of a date', () => {
    expect(validateConsent(consentForm({ expiry: { kind: 'event', event: 'discharge from the programme' } }), now)).toEqual([]);
  });

  it('refuses an expiry date that has already passed', () => {
    expect(validateConsent(consentForm({ expiry: { kind: 'date', expiresOn: '2026-01-15' } }), now)[0].message).toMatch(
      /already have expired/,
    );
  });

  it('refuses a signature dated in the future', () => {
    const form = consentForm({ signature: { signedBy: 'client', signerName: 'Ana Núñez', signedOn: '2026-01-16' } });
    expect(validateConsent(form, now)).toEqual([{ element: 'signature-date', message: expect.stringMatching(/future/) }]);
  });

  it("refuses a representative's signature without their authority", () => {
    const form = consentForm({ signature: { signedBy: 'authorised-representative', signerName: 'Luis Núñez', signedOn: '2026-01-15' } });
    expect(validateConsent(form, now)).toEqual([{ element: 'signature', message: expect.stringMatching(/authority to sign/) }]);
  });

  it("accepts a representative's signature with their authority", () => {
    const form = consentForm({
      signature: {
        signedBy: 'authorised-representative',
        signerName: 'Luis Núñez',
        representativeAuthority: 'legal guardian',
        signedOn: '2026-01-15',
      },
    });
    expect(validateConsent(form, now)).toEqual([]);
  });
});

describe('when a consent is active', () => {
  const granted: Consent = { form: consentForm(), grantedAt: '2026-01-15T09:00:00.000Z' };
  const revoked: Consent = {
    ...granted,
    revocation: { revokedOn: '2026-03-01', receivedVia: 'letter', recordedAt: '2026-03-02T10:00:00.000Z' },
  };

  it('is active from the day it was signed', () => {
    expect(isConsentActive(granted, new Date('2026-01-14T23:59:59.999Z'))).toBe(false);
    expect(isConsentActive(granted, new Date('2026-01-15T00:00:00.000Z'))).toBe(true);
  });
  it('is active only before its expiry date', () => {
    expect(isConsentActive(granted, new Date('2027-01-14T23:59:59.999Z'))).toBe(true);
    expect(isConsentActive(granted, new Date('2027-01-15T00:00:00.000Z'))).toBe(false);
  });
  it('stops on the date of the written revocation', () => {
    expect(isConsentActive(revoked, new Date('2026-02-28T23:59:59.999Z'))).toBe(true);
    expect(isConsentActive(revoked, new Date('2026-03-01T00:00:00.000Z'))).toBe(false);
  });
  it('stops when the revocation was recorded if its written date is later', () => {
    const postDated: Consent = {
      ...granted,
      revocation: { revokedOn: '2026-03-10', receivedVia: 'email', recordedAt: '2026-03-02T10:00:00.000Z' },
    };
    expect(isConsentActive(postDated, new Date('2026-03-02T10:00:00.000Z'))).toBe(false);
  });
  it('lists only the active consents of a client', () => {
    const other: Consent = { form: consentForm({ consentId: 'consent-2' }), grantedAt: granted.grantedAt };
    expect(activeConsents({ consents: [revoked, other] }, new Date('2026-04-01T00:00:00.000Z')).map((c) => c.form.consentId)).toEqual([
      'consent-2',
    ]);
  });
});

describe('whether a consent covers a disclosure', () => {
  const at = new Date('2026-02-01T12:00:00.000Z');
  const named: Consent = { form: consentForm(), grantedAt: '2026-01-15T09:00:00.000Z' };
  const general: Consent = {
    form: consentForm({ recipients: [{ kind: 'treating-providers' }], purposes: ['treatment', 'payment'] }),
    grantedAt: '2026-01-15T09:00:00.000Z',
  };

  it('covers the named recipient for a purpose the consent states', () => {
    expect(consentCovers(named, 'provider-psychiatry-7', 'treatment', at)).toBe(true);
  });
  it('does not cover a recipient the consent does not name', () => {
    expect(consentCovers(named, 'provider-other', 'treatment', at)).toBe(false);
  });
  it('does not cover a purpose the consent does not state', () => {
    expect(consentCovers(named, 'provider-psychiatry-7', 'payment', at)).toBe(false);
  });
  it('covers any treating provider under a general designation, for a treatment purpose', () => {
    expect(consentCovers(general, 'provider-any', 'treatment', at)).toBe(true);
  });
  it('does not cover a disclosure after the consent is revoked', () => {
    const revoked: Consent = {
      ...named,
      revocation: { revokedOn: '2026-01-20', receivedVia: 'signed-form', recordedAt: '2026-01-20T15:00:00.000Z' },
    };
    expect(consentCovers(revoked, 'provider-psychiatry-7', 'treatment', new Date('2026-01-19T12:00:00.000Z'))).toBe(true);
    expect(consentCovers(revoked, 'provider-psychiatry-7', 'treatment', at)).toBe(false);
  });
  it('does not cover a disclosure after the consent expires', () => {
    expect(consentCovers(named, 'provider-psychiatry-7', 'treatment', new Date('2027-02-01T00:00:00.000Z'))).toBe(false);
  });
});
