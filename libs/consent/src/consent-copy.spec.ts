import {
  type ConsentCopyV2,
  consentsAndRestrictionsOf,
  copyOfPublishedConsent,
  dischargeOccurredAt,
  emptyConsentFile,
  withClientEvent,
  withConsentCopied,
  withRestrictionAgreed,
  withRevocationCopied,
} from './consent-copy.js';
import { decideDisclosure } from './disclosure.js';
import { CLIENT, context, happened, request } from './testing/fixtures.js';

const copy = (changes: Partial<ConsentCopyV2> = {}): ConsentCopyV2 => ({
  consentId: 'consent-tpo',
  recipients: [
    { kind: 'general', designation: 'treating-providers' },
    { kind: 'general', designation: 'health-plans' },
  ],
  purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
  categories: ['diagnosis', 'medications', 'attendance', 'treatment-plan'],
  expiry: { kind: 'none' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  grantedAt: '2026-01-10T09:00:00.000Z',
  ...changes,
});

const toPayer = request({
  at: '2026-02-10T10:00:00.000Z',
  recipient: { recipientId: 'plan-blue', kind: 'health-plan' },
  purpose: 'HPAYMT',
  categories: ['diagnosis'],
  serviceIds: ['episode-7'],
});

const decide = (file: typeof emptyConsentFile, at = toPayer) => {
  const { consents, restrictions, events } = consentsAndRestrictionsOf(file, CLIENT);
  return decideDisclosure(at, consents, restrictions, context(events));
};

describe('a service’s copy of the client’s consents and restrictions', () => {
  it('decides a payer send under a copied TPO consent that designates health plans', () => {
    expect(decide(withConsentCopied(emptyConsentFile, copy())).outcome).toBe('allow');
  });

  it('holds it once the revocation received before the send is copied', () => {
    const file = withRevocationCopied(withConsentCopied(emptyConsentFile, copy()), 'consent-tpo', '2026-02-01T00:00:00.000Z');
    const decision = decide(file);
    expect(decision.outcome).toBe('hold-awaiting-consent');
    expect(decision.reasons[0]!.code).toBe('consent-revoked');
  });

  it('keeps a revocation that arrives before its consent', () => {
    const file = withConsentCopied(withRevocationCopied(emptyConsentFile, 'consent-tpo', '2026-02-01T00:00:00.000Z'), copy());
    expect(file.consents[0]!.revokedFrom).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses the send to the health plan once the paid-in-full restriction is copied (42 CFR 2.26(a))', () => {
    const file = withRestrictionAgreed(withConsentCopied(emptyConsentFile, copy()), {
      restrictionId: 'r-1',
      clientId: CLIENT,
      request: { kind: 'paid-in-full', serviceIds: ['episode-7'] },
      required: true,
      agreedAt: '2026-02-01T09:00:00.000Z',
    });
    const decision = decide(file);
    expect(decision.outcome).toBe('refuse');
    expect(decision.reasons.map((r) => r.code)).toEqual(['paid-in-full']);
  });

  it('does not apply a restriction to sends before it was agreed', () => {
    const file = withRestrictionAgreed(withConsentCopied(emptyConsentFile, copy()), {
      restrictionId: 'r-1',
      clientId: CLIENT,
      request: { kind: 'paid-in-full', serviceIds: ['episode-7'] },
      required: true,
      agreedAt: '2026-02-10T10:00:00.001Z',
    });
    expect(decide(file).outcome).toBe('allow');
  });

  it('holds a send after the discharge a copied consent expires on', () => {
    const file = withClientEvent(
      withConsentCopied(emptyConsentFile, copy({ expiry: { kind: 'event', event: 'discharge' } })),
      happened('discharge', '2026-02-05T00:00:00.000Z'),
    );
    expect(decide(file).reasons[0]!.code).toBe('consent-expired-by-event');
  });

  it('copies a published v2 consent without its client id, and a v1 one as its copies were kept', () => {
    expect(copyOfPublishedConsent({ schemaVersion: 2, data: { ...copy(), clientId: CLIENT } })).toEqual(copy());
    const legacy = {
      consentId: 'consent-old',
      clientId: CLIENT,
      recipients: [{ kind: 'treating-providers' as const }],
      purposes: ['treatment'],
      expiry: { kind: 'event' as const },
      signedOn: '2023-05-01',
      grantedAt: '2023-05-01T09:00:00.000Z',
    };
    const { clientId: _clientId, ...kept } = legacy;
    expect(copyOfPublishedConsent({ schemaVersion: 1, data: legacy })).toEqual(kept);
  });
});

describe('when a discharge stops consents that expire on it (42 CFR 2.31(a)(7))', () => {
  it('counts a discharge recorded on a later day from the start of the day it happened', () => {
    expect(dischargeOccurredAt('2026-03-10', '2026-03-12T15:00:00.000Z')).toBe('2026-03-10T00:00:00.000Z');
  });

  it('counts a discharge recorded on its day from the start of that day', () => {
    expect(dischargeOccurredAt('2026-03-10', '2026-03-10T15:00:00.000Z')).toBe('2026-03-10T00:00:00.000Z');
  });

  it('counts one recorded before the day it names from when it was recorded', () => {
    expect(dischargeOccurredAt('2026-03-10', '2026-03-09T23:00:00.000Z')).toBe('2026-03-09T23:00:00.000Z');
  });
});
