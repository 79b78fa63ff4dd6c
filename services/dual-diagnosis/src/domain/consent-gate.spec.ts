import { deciderSpec } from '@continuum/testing';
import { REDISCLOSURE_NOTICE } from './config.js';
import { referralDecider } from './decide.js';
import { CLIENT, DISCLOSURE, EXTERNAL, REFERRAL, assigned, at, consentFor, opened, send } from './testing/referral-fixtures.js';

// Sending to a provider outside the programme needs an active Part 2 consent naming it for
// the referral's purpose (treatment); every send records the disclosure with the notice.
const spec = deciderSpec(referralDecider());
const NOW = at('2026-01-16T10:00:00.000Z');
const toExternal = [opened({ specialty: 'trauma-therapy', conditionCode: 'ptsd' }), assigned(EXTERNAL)] as const;

describe('the consent gate for an external provider', () => {
  it('sends under a consent naming the provider, recording the disclosure and the redisclosure notice', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor()]), NOW)
      .then(
        {
          type: 'DisclosureRecorded',
          data: {
            disclosureId: DISCLOSURE,
            referralId: REFERRAL,
            clientId: CLIENT,
            recipientId: EXTERNAL.providerId,
            information: ['dual-diagnosis-referral', 'condition:ptsd', 'specialty:trauma-therapy', 'urgency:routine'],
            purpose: 'treatment',
            consentId: consentFor().consentId,
            disclosedAt: NOW.toISOString(),
            redisclosureNotice: REDISCLOSURE_NOTICE,
          },
        },
        {
          type: 'ReferralSent',
          data: {
            referralId: REFERRAL,
            clientId: CLIENT,
            providerId: EXTERNAL.providerId,
            consentId: consentFor().consentId,
            disclosureId: DISCLOSURE,
            sentAt: NOW.toISOString(),
          },
        },
      ));

  it('waits for consent when the client has none, and says what to ask for', () =>
    spec
      .given(...toExternal)
      .when(send([]), NOW)
      .thenMatches({
        type: 'ReferralAwaitingConsent',
        data: {
          providerId: EXTERNAL.providerId,
          reasonCode: 'no-consent',
          explanation: expect.stringMatching(
            /no active Part 2 consent for provider riverside-trauma.*naming provider riverside-trauma/,
          ) as unknown as string,
        },
      }));

  it('waits when the only consent has expired', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ expiry: { kind: 'date', expiresOn: '2026-01-16' } })]), NOW)
      .thenMatches({ type: 'ReferralAwaitingConsent', data: { reasonCode: 'consent-expired' } }));

  it('waits when the consent was revoked between the request and the send', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ revokedFrom: '2026-01-16T00:00:00.000Z' })]), NOW)
      .thenMatches({
        type: 'ReferralAwaitingConsent',
        data: { reasonCode: 'consent-revoked', explanation: expect.stringMatching(/revoked consent/) as unknown as string },
      }));

  it('still sends while a revocation dated later has not yet taken effect', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ revokedFrom: '2026-01-20T00:00:00.000Z' })]), NOW)
      .thenMatches({ type: 'DisclosureRecorded' }, { type: 'ReferralSent' }));

  it('waits when the consent names another recipient', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ recipients: [{ kind: 'named', recipientId: 'county-probation' }] })]), NOW)
      .thenMatches({ type: 'ReferralAwaitingConsent', data: { reasonCode: 'consent-for-other-recipient' } }));

  it('does not take "my treating providers" as naming a specialist who has not yet treated the client', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ recipients: [{ kind: 'treating-providers' }] })]), NOW)
      .thenMatches({ type: 'ReferralAwaitingConsent', data: { reasonCode: 'consent-for-other-recipient' } }));

  it('waits when the consent names the provider for another purpose only', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ purposes: ['payment'] })]), NOW)
      .thenMatches({ type: 'ReferralAwaitingConsent', data: { reasonCode: 'consent-for-other-purpose' } }));

  it('records the wait once: sending again without a new consent changes nothing', () => {
    const waiting = spec
      .given(...toExternal)
      .when(send([]), NOW)
      .events()[0]!;
    spec
      .given(...toExternal, waiting)
      .when(send([]), NOW)
      .thenNothingHappens();
  });

  it('is sent once the consent arrives', () => {
    const waiting = spec
      .given(...toExternal)
      .when(send([]), NOW)
      .events()[0]!;
    spec
      .given(...toExternal, waiting)
      .when(send([consentFor()]), NOW)
      .thenMatches({ type: 'DisclosureRecorded' }, { type: 'ReferralSent', data: { consentId: consentFor().consentId } });
  });
});
