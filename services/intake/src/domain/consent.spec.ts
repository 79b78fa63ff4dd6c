import { type LegacyConsentForm, consentStatus, upgradeLegacyForm, upgradeLegacyRevocation } from './consent.js';
import { CLIENT_ID, consentForm } from './testing/intake-fixtures.js';

// The rule itself is @continuum/consent's (libs/consent/src/*.spec.ts); these are intake's own
// parts: reading consents stored on the form used before the 2024 final rule, and the status a
// coordinator sees.

const legacyForm = (changes: Partial<LegacyConsentForm> = {}): LegacyConsentForm => ({
  consentId: 'consent-old',
  clientName: 'Ana Núñez',
  disclosingParty: 'Continuum North IOP',
  information: 'diagnosis, medications and attendance',
  recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7', name: 'Riverside Psychiatry' }, { kind: 'treating-providers' }],
  purposes: ['treatment', 'care-coordination', 'court-reporting'],
  purposeDescription: 'psychiatric evaluation',
  expiry: { kind: 'event', event: 'her discharge from the programme' },
  signature: { signedBy: 'client', signerName: 'Ana Núñez', signedOn: '2025-11-03' },
  acknowledgesRightToRevoke: true,
  ...changes,
});

describe('a consent recorded on the old form', () => {
  it('reads recipients, purposes (as PurposeOfUse codes), the signature and its date in the rule’s terms', () => {
    const form = upgradeLegacyForm(CLIENT_ID, legacyForm());
    expect(form.recipients).toEqual([
      { kind: 'named', recipientId: 'provider-psychiatry-7', name: 'Riverside Psychiatry' },
      { kind: 'general', designation: 'treating-providers' },
    ]);
    // A purpose with no PurposeOfUse counterpart covers nothing.
    expect(form.purposes).toEqual(['TREAT', 'COC']);
    expect(form.signers).toEqual([{ role: 'client', name: 'Ana Núñez' }]);
    expect(form.signedOn).toBe('2025-11-03');
  });

  it('covers no category of information: its information was described only in words (the safer reading)', () => {
    expect(upgradeLegacyForm(CLIENT_ID, legacyForm()).information).toEqual({
      description: 'diagnosis, medications and attendance',
      categories: [],
    });
  });

  it.each([
    ['her discharge from the programme', 'discharge'],
    ['the end of aftercare', 'end-of-aftercare'],
    ['when treatment ends', 'end-of-treatment'],
    ['one year after I leave', 'discharge'],
  ])('reads the expiry event "%s" as %s (discharge when it names none we know: the safer reading)', (text, event) => {
    expect(upgradeLegacyForm(CLIENT_ID, legacyForm({ expiry: { kind: 'event', event: text } })).expiry).toEqual({
      kind: 'event',
      event,
      description: text,
    });
  });

  it('takes a revocation stored without its receipt as effective from the date written on it, or from its recording if earlier', () => {
    expect(upgradeLegacyRevocation({ revokedOn: '2026-03-01', receivedVia: 'letter', recordedAt: '2026-03-02T10:00:00.000Z' })).toEqual({
      receivedAt: '2026-03-01T00:00:00.000Z',
      channel: 'letter',
    });
    expect(upgradeLegacyRevocation({ revokedOn: '2026-03-05', receivedVia: 'email', recordedAt: '2026-03-02T10:00:00.000Z' })).toEqual({
      receivedAt: '2026-03-02T10:00:00.000Z',
      channel: 'email',
    });
  });
});

describe('the status on the client record', () => {
  const consent = { form: consentForm(), recordedAt: '2026-01-15T09:00:00.000Z' };

  it('is not yet active before the consent was recorded, active from then, expired from the start of its expiry date', () => {
    expect(consentStatus(consent, new Date('2026-01-15T08:59:59.999Z'))).toBe('not-yet-active');
    expect(consentStatus(consent, new Date('2026-01-15T09:00:00.000Z'))).toBe('active');
    expect(consentStatus(consent, new Date('2027-01-14T23:59:59.999Z'))).toBe('active');
    expect(consentStatus(consent, new Date('2027-01-15T00:00:00.000Z'))).toBe('expired');
  });

  it('is revoked from the instant the written revocation was received', () => {
    const revoked = { ...consent, revocation: { receivedAt: '2026-03-01T10:00:00.000Z', channel: 'letter' as const } };
    expect(consentStatus(revoked, new Date('2026-03-01T09:59:59.999Z'))).toBe('active');
    expect(consentStatus(revoked, new Date('2026-03-01T10:00:00.000Z'))).toBe('revoked');
  });
});
