import { SHORT_DISCLOSURE_NOTICE } from '@continuum/consent';
import { deciderSpec } from '@continuum/testing';
import { referralDecider } from './decide.js';
import { CLIENT, CLINICIAN, DISCLOSURE, EXTERNAL, REFERRAL, assigned, at, consentFor, opened, send } from './testing/referral-fixtures.js';

// Sending to a provider outside the programme goes as the network's one consent rule says
// (@continuum/consent's decideDisclosure): an active consent covering the provider, the
// referral's purpose (TREAT) and categories; every send records the disclosure with its basis,
// the 2.32 notice and the consent's scope. Otherwise the referral waits and says why, citing the section.
const spec = deciderSpec(referralDecider());
const NOW = at('2026-01-16T10:00:00.000Z');
const toExternal = [opened({ specialty: 'trauma-therapy', conditionCode: 'ptsd' }), assigned(EXTERNAL)] as const;
const waitsWith = (reasonCode: string, citation: RegExp) => ({
  type: 'ReferralAwaitingConsent' as const,
  data: { reasonCode, citation: expect.stringMatching(citation) as unknown as string },
});
const TPO_TREATING_PROVIDERS = consentFor({
  recipients: [{ kind: 'general', designation: 'treating-providers' }],
  expiry: { kind: 'none' },
});

describe('the consent gate for an external provider', () => {
  it('sends under a consent naming the provider, recording the disclosure with its basis, the notice and the consent’s scope', () =>
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
            purpose: 'TREAT',
            consentId: consentFor().consentId,
            disclosedAt: NOW.toISOString(),
            redisclosureNotice: SHORT_DISCLOSURE_NOTICE,
            categories: ['diagnosis', 'screening-results'],
            basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: consentFor().consentId },
            consentCopy: {
              consentId: consentFor().consentId,
              scope: expect.stringMatching(/recipients: riverside-trauma/) as unknown as string,
            },
            disclosedBy: CLINICIAN,
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

  it('waits for consent when the client has none, and says what to ask for, citing the section', () =>
    spec
      .given(...toExternal)
      .when(send([]), NOW)
      .thenMatches({
        type: 'ReferralAwaitingConsent',
        data: {
          providerId: EXTERNAL.providerId,
          reasonCode: 'no-consent',
          citation: '42 CFR 2.33(a)',
          explanation: expect.stringMatching(
            /no Part 2 consent on record.*Ask the client for a Part 2 consent covering recipient riverside-trauma/s,
          ) as unknown as string,
        },
      }));

  it('waits when the only consent has expired by its date', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ expiry: { kind: 'date', expiresOn: '2026-01-16' } })]), NOW)
      .thenMatches(waitsWith('consent-expired', /2\.31\(a\)\(7\)/)));

  it('waits once the client was discharged, under a consent "until discharge"', () =>
    spec
      .given(...toExternal)
      .when(
        send([consentFor({ expiry: { kind: 'event', event: 'discharge' } })], {
          events: [{ clientId: CLIENT, event: 'discharge', occurredAt: '2026-01-15T16:00:00.000Z' }],
        }),
        NOW,
      )
      .thenMatches(waitsWith('consent-expired-by-event', /2\.31\(a\)\(7\)/)));

  it('still sends under a consent "until discharge" before the discharge', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ expiry: { kind: 'event', event: 'discharge' } })], { events: [] }), NOW)
      .thenMatches({ type: 'DisclosureRecorded' }, { type: 'ReferralSent' }));

  it('waits when the consent was revoked between the request and the send', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ revokedFrom: '2026-01-16T00:00:00.000Z' })]), NOW)
      .thenMatches(waitsWith('consent-revoked', /2\.31\(a\)\(6\)/)));

  it('still sends while a revocation is not yet received', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ revokedFrom: '2026-01-20T00:00:00.000Z' })]), NOW)
      .thenMatches({ type: 'DisclosureRecorded' }, { type: 'ReferralSent' }));

  it('waits when the consent names another recipient', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ recipients: [{ kind: 'named', recipientId: 'county-probation' }] })]), NOW)
      .thenMatches(waitsWith('consent-for-other-recipient', /2\.31\(a\)\(4\)/)));

  it('holds a send under "my treating providers" to a specialist who has not accepted a referral of the client (42 CFR 2.11)', () =>
    spec
      .given(...toExternal)
      .when(send([TPO_TREATING_PROVIDERS], { treatingRelationship: false }), NOW)
      .thenMatches({
        type: 'ReferralAwaitingConsent',
        data: {
          reasonCode: 'no-treating-relationship',
          explanation: expect.stringMatching(/Name the provider on a consent, or send once the provider has accepted/) as unknown as string,
        },
      }));

  it('sends under a single TPO consent to "my treating providers" when the provider treats the client', () =>
    spec
      .given(...toExternal)
      .when(send([TPO_TREATING_PROVIDERS], { treatingRelationship: true }), NOW)
      .thenMatches(
        { type: 'DisclosureRecorded', data: { consentId: TPO_TREATING_PROVIDERS.consentId, purpose: 'TREAT' } },
        { type: 'ReferralSent', data: { consentId: TPO_TREATING_PROVIDERS.consentId } },
      ));

  it('waits when the consent names the provider for another purpose only', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ purposes: ['HPAYMT'] })]), NOW)
      .thenMatches(waitsWith('consent-for-other-purpose', /2\.31\(a\)\(5\)/)));

  it('waits when the consent does not cover what a referral sends', () =>
    spec
      .given(...toExternal)
      .when(send([consentFor({ categories: ['attendance'] })]), NOW)
      .thenMatches(waitsWith('consent-for-other-information', /2\.31\(a\)\(3\)/)));

  it('is refused, not held, when the client’s agreed restriction covers the provider, even under a covering consent (42 CFR 2.26)', () =>
    spec
      .given(...toExternal)
      .when(
        {
          type: 'SendReferral',
          data: {
            consents: [consentFor()],
            restrictions: [
              {
                restrictionId: 'restriction-1',
                clientId: CLIENT,
                request: { kind: 'requested', scope: { recipientIds: [EXTERNAL.providerId] } },
                required: false,
                agreedAt: '2026-01-12T09:00:00.000Z',
              },
            ],
            disclosureId: DISCLOSURE,
            disclosedBy: CLINICIAN,
          },
        },
        NOW,
      )
      .thenThrows(/restriction restriction-1/, 'disclosure-refused'));

  it('still sends when the restriction was agreed after the send', () =>
    spec
      .given(...toExternal)
      .when(
        {
          type: 'SendReferral',
          data: {
            consents: [consentFor()],
            restrictions: [
              {
                restrictionId: 'restriction-1',
                clientId: CLIENT,
                request: { kind: 'requested', scope: { recipientIds: [EXTERNAL.providerId] } },
                required: false,
                agreedAt: '2026-01-16T10:00:00.001Z',
              },
            ],
            disclosureId: DISCLOSURE,
            disclosedBy: CLINICIAN,
          },
        },
        NOW,
      )
      .thenMatches({ type: 'DisclosureRecorded' }, { type: 'ReferralSent' }));

  it('takes a consent copied from the old form as covering no category: the referral waits for one on the 2024 form', () =>
    spec
      .given(...toExternal)
      .when(
        send([
          {
            consentId: 'c0a5e470-0000-4000-8000-000000000009',
            recipients: [{ kind: 'named', recipientId: EXTERNAL.providerId }],
            purposes: ['treatment'],
            expiry: { kind: 'date', expiresOn: '2027-01-01' },
            signedOn: '2026-01-10',
            grantedAt: '2026-01-10T10:00:00.000Z',
          },
        ]),
        NOW,
      )
      .thenMatches(waitsWith('consent-for-other-information', /2\.31\(a\)\(3\)/)));

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

describe('a disclosure in a bona fide medical emergency (42 CFR 2.51)', () => {
  const emergency = (changes: Record<string, unknown> = {}) => ({
    type: 'DiscloseInEmergency' as const,
    data: {
      disclosureId: DISCLOSURE,
      recipient: { recipientId: 'mercy-ed', name: 'Dr. R. Osei', affiliation: 'Mercy Hospital emergency department' },
      natureOfEmergency: 'imminent suicide risk',
      consentObtainable: false,
      disclosedBy: CLINICIAN,
      ...changes,
    },
  });

  it('is recorded at once, without consent, with who received it, their affiliation, who disclosed, when and why', () =>
    spec
      .given(...toExternal)
      .when(emergency(), NOW)
      .then({
        type: 'DisclosureRecorded',
        data: {
          disclosureId: DISCLOSURE,
          referralId: REFERRAL,
          clientId: CLIENT,
          recipientId: 'mercy-ed',
          information: ['dual-diagnosis-referral', 'condition:ptsd', 'specialty:trauma-therapy', 'urgency:routine'],
          purpose: 'ETREAT',
          disclosedAt: NOW.toISOString(),
          redisclosureNotice: SHORT_DISCLOSURE_NOTICE,
          categories: ['diagnosis', 'screening-results'],
          basis: {
            kind: 'medical-emergency',
            citation: '42 CFR 2.51',
            recipientName: 'Dr. R. Osei',
            affiliation: 'Mercy Hospital emergency department',
            natureOfEmergency: 'imminent suicide risk',
          },
          disclosedBy: CLINICIAN,
        },
      }));

  it('is refused when the client’s consent could be obtained, or the record is incomplete', () => {
    spec
      .given(...toExternal)
      .when(emergency({ consentObtainable: true }), NOW)
      .thenThrows(/consent cannot be obtained.*2\.51\(a\)/s, 'emergency-disclosure-refused');
    spec
      .given(...toExternal)
      .when(emergency({ natureOfEmergency: ' ' }), NOW)
      .thenThrows(/nature of the emergency.*2\.51\(c\)/s, 'emergency-disclosure-refused');
  });
});
