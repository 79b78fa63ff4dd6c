import { SHORT_DISCLOSURE_NOTICE } from '@continuum/consent';
import { deciderSpec } from '@continuum/testing';
import { type OutsideSendEvent, outsideSendDecider } from './outside-sends.js';
import {
  CASE_MANAGER,
  CLIENT,
  EPISODE,
  NOW,
  PAYER,
  PROBATION,
  SEND,
  SITE,
  authorizationRequest,
  courtReport,
  criminalJusticeConsent,
  fileWith,
  order,
  paidInFull,
  tpoConsent,
} from './testing/outside-send-fixtures.js';

// treatment-plan's sends outside the network go through the disclosure gateway
// (@continuum/consent's decideDisclosure): sent with a DisclosureRecorded in the same append,
// held awaiting consent when only a consent is missing, or refused with the reasons.
const spec = deciderSpec(outsideSendDecider(), { nowOf: () => NOW });
const requestedOf = (command: ReturnType<typeof authorizationRequest>) =>
  spec
    .given()
    .when(command)
    .events()
    .filter((e): e is Extract<OutsideSendEvent, { type: 'OutsideSendRequested' }> => e.type === 'OutsideSendRequested');

describe('a payer authorisation request', () => {
  it('is held awaiting consent when the client has none, saying why with the section', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith()))
      .thenMatches(
        {
          type: 'OutsideSendRequested',
          data: { sendId: SEND, carrier: 'payer-authorization-request', purpose: 'HPAYMT', serviceIds: [EPISODE], recipient: PAYER },
        },
        { type: 'OutsideSendHeld', data: { sendId: SEND, reasonCode: 'no-consent', citation: '42 CFR 2.33(a)', since: NOW.toISOString() } },
      ));

  it('goes under a TPO consent designating health plans, recorded with the consent, the notice and the scope, in the same append', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()])))
      .thenMatches(
        { type: 'OutsideSendRequested' },
        {
          type: 'DisclosureRecorded',
          data: {
            disclosureId: SEND,
            clientId: CLIENT,
            siteId: SITE,
            carriedBy: { kind: 'payer-authorization-request', id: SEND },
            recipient: { recipientId: PAYER.recipientId, kind: 'health-plan' },
            purpose: 'HPAYMT',
            categories: ['diagnosis', 'level-of-care', 'treatment-plan'],
            basis: { kind: 'consent', consentId: 'consent-tpo', citation: '42 CFR 2.31, 2.33' },
            disclosedBy: CASE_MANAGER,
            notice: SHORT_DISCLOSURE_NOTICE,
            consentCopy: { consentId: 'consent-tpo' },
          },
        },
        { type: 'OutsideSendSent', data: { sendId: SEND, disclosureId: SEND, consentId: 'consent-tpo', sentAt: NOW.toISOString() } },
      ));

  it('is refused, never held, for a service the client paid for in full (the episode), whatever the consent', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()], [paidInFull([EPISODE])])))
      .thenThrows(/paid in full for episode-1.*42 CFR 2\.26\(a\); 45 CFR 164\.522\(a\)\(1\)\(vi\)/, 'disclosure-refused'));

  it('is refused for a paid-in-full service even with no consent yet (a consent could never make it lawful)', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([], [paidInFull([EPISODE])])))
      .thenThrows(/paid in full/, 'disclosure-refused'));

  it('binds from the instant the restriction was agreed: agreed at the send’s instant refuses, a moment later does not', () => {
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()], [paidInFull([EPISODE], NOW.toISOString())])))
      .thenThrows(/paid in full/, 'disclosure-refused');
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()], [paidInFull([EPISODE], '2026-02-01T12:00:00.001Z')])))
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'DisclosureRecorded' }, { type: 'OutsideSendSent' });
  });

  it('goes when the paid-in-full restriction names another episode only', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()], [paidInFull(['episode-0'])])))
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'DisclosureRecorded' }, { type: 'OutsideSendSent' }));

  it('is refused under a restriction the programme agreed to that covers payers', () =>
    spec
      .given()
      .when(
        authorizationRequest(
          fileWith(
            [tpoConsent()],
            [
              {
                restrictionId: 'restriction-payers',
                clientId: CLIENT,
                request: { kind: 'requested', scope: { recipientKinds: ['health-plan'] } },
                required: false,
                agreedAt: '2026-01-20T09:00:00.000Z',
              },
            ],
          ),
        ),
      )
      .thenThrows(/agreed to the client's restriction restriction-payers.*42 CFR 2\.26\(a\)/, 'disclosure-refused'));

  it('is held when the consent designates health plans but the recipient is a third-party payer', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()]), { recipient: { recipientId: 'tpa-1', kind: 'third-party-payer' } }))
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'OutsideSendHeld', data: { reasonCode: 'consent-for-other-recipient' } }));

  it('is held once a consent "until discharge" has ended with the discharge', () =>
    spec
      .given()
      .when(
        authorizationRequest(fileWith([tpoConsent({ expiry: { kind: 'event', event: 'discharge' } })], [], ['2026-01-31T00:00:00.000Z'])),
      )
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'OutsideSendHeld', data: { reasonCode: 'consent-expired-by-event' } }));

  it('goes only to a health plan or a payer', () =>
    spec
      .given()
      .when(authorizationRequest(fileWith([tpoConsent()]), { recipient: { recipientId: 'provider-1', kind: 'provider' } }))
      .thenThrows(/health plan or a third-party payer/, 'not-a-payer'));

  it('names the episode as the service it pertains to, for the paid-in-full restriction', () =>
    expect(requestedOf(authorizationRequest(fileWith()))[0]!.data.serviceIds).toEqual([EPISODE]));
});

describe('a held send when a consent arrives', () => {
  const held = spec.given().when(authorizationRequest(fileWith())).events();

  it('goes with its disclosure record once a consent covers it, disclosed by who asked', () =>
    spec
      .given(...held)
      .when({ type: 'ReleaseHeldSend', data: { file: fileWith([tpoConsent()]) } })
      .thenMatches(
        { type: 'DisclosureRecorded', data: { disclosedBy: CASE_MANAGER, basis: { kind: 'consent', consentId: 'consent-tpo' } } },
        { type: 'OutsideSendSent', data: { sendId: SEND, consentId: 'consent-tpo' } },
      ));

  it('keeps waiting when the consent does not cover it', () =>
    spec
      .given(...held)
      .when({ type: 'ReleaseHeldSend', data: { file: fileWith([tpoConsent({ purposes: ['TREAT'] })]) } })
      .thenNothingHappens());

  it('is refused for good when a paid-in-full restriction was agreed while it waited', () =>
    spec
      .given(...held)
      .when({ type: 'ReleaseHeldSend', data: { file: fileWith([tpoConsent()], [paidInFull([EPISODE])]) } })
      .thenMatches({ type: 'HeldSendRefused', data: { sendId: SEND, reasons: [{ code: 'paid-in-full' }] } }));

  it('sends nothing twice', () => {
    const sent = [
      ...held,
      ...spec
        .given(...held)
        .when({ type: 'ReleaseHeldSend', data: { file: fileWith([tpoConsent()]) } })
        .events(),
    ];
    spec
      .given(...sent)
      .when({ type: 'ReleaseHeldSend', data: { file: fileWith([tpoConsent()]) } })
      .thenNothingHappens();
  });

  it('a request repeated on its own stream decides nothing again', () =>
    spec
      .given(...held)
      .when(authorizationRequest(fileWith([tpoConsent()])))
      .thenNothingHappens());
});

describe('a court report', () => {
  it('goes under a court order of subpart E within its scope, recorded with the order', () =>
    spec
      .given()
      .when(courtReport(fileWith(), { basis: { kind: 'court-order', order: order() } }))
      .thenMatches(
        { type: 'OutsideSendRequested', data: { carrier: 'court-report', purpose: 'HLEGAL' } },
        {
          type: 'DisclosureRecorded',
          data: {
            carriedBy: { kind: 'court-report', id: SEND },
            purpose: 'HLEGAL',
            basis: {
              kind: 'court-order',
              citation: '42 CFR 2.64',
              orderId: 'order-118',
              court: 'County Circuit Court',
              section: '2.64',
              issuedOn: '2026-01-25',
            },
          },
        },
        { type: 'OutsideSendSent', data: { carrier: 'court-report' } },
      ));

  it('is refused for information outside the order’s scope', () =>
    spec
      .given()
      .when(courtReport(fileWith(), { categories: ['attendance', 'diagnosis'], basis: { kind: 'court-order', order: order() } }))
      .thenThrows(/does not authorise diagnosis.*42 CFR 2\.64\(e\)/, 'disclosure-refused'));

  it('is refused to a recipient the order does not name', () =>
    spec
      .given()
      .when(courtReport(fileWith(), { basis: { kind: 'court-order', order: order({ authorisedRecipientIds: ['court-clerk-1'] }) } }))
      .thenThrows(/does not name recipient probation-7/, 'disclosure-refused'));

  it('is refused from the day the order expires, allowed the day before', () => {
    spec
      .given()
      .when(courtReport(fileWith(), { basis: { kind: 'court-order', order: order({ expiresOn: '2026-02-01' }) } }))
      .thenThrows(/authorised disclosures until 2026-02-01/, 'disclosure-refused');
    spec
      .given()
      .when(courtReport(fileWith(), { basis: { kind: 'court-order', order: order({ expiresOn: '2026-02-02' }) } }))
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'DisclosureRecorded' }, { type: 'OutsideSendSent' });
  });

  it('is refused under an order dated after the send', () =>
    spec
      .given()
      .when(courtReport(fileWith(), { basis: { kind: 'court-order', order: order({ issuedOn: '2026-02-02' }) } }))
      .thenThrows(/dated 2026-02-02/, 'disclosure-refused'));

  it('is refused on a subpoena alone, even with the client’s 2.35 consent on file', () =>
    spec
      .given()
      .when(courtReport(fileWith([criminalJusticeConsent()]), { basis: { kind: 'subpoena', reference: 'subpoena-42' } }))
      .thenThrows(/subpoena \(subpoena-42\) does not authorise.*42 CFR 2\.61/, 'disclosure-refused'));

  it('goes under a 42 CFR 2.35 consent to the probation officer who monitors the client’s progress', () =>
    spec
      .given()
      .when(courtReport(fileWith([criminalJusticeConsent()])))
      .thenMatches(
        { type: 'OutsideSendRequested' },
        { type: 'DisclosureRecorded', data: { basis: { kind: 'consent', consentId: 'consent-cj', citation: '42 CFR 2.31, 2.35' } } },
        { type: 'OutsideSendSent', data: { consentId: 'consent-cj' } },
      ));

  it('is refused under a consent to a recipient that does not monitor the client’s progress', () =>
    spec
      .given()
      .when(courtReport(fileWith([criminalJusticeConsent()]), { recipient: { ...PROBATION, monitorsProgress: false } }))
      .thenThrows(/monitors the client's progress.*42 CFR 2\.35\(a\)\(1\)/, 'disclosure-refused'));

  it('is refused under a consent to the court itself: only an order reaches it', () =>
    spec
      .given()
      .when(courtReport(fileWith([criminalJusticeConsent()]), { recipient: { recipientId: 'court-1', kind: 'court' } }))
      .thenThrows(/42 CFR 2\.35\(a\)\(1\)/, 'disclosure-refused'));

  it('is held without a 2.35 consent: an ordinary consent naming the officer does not carry it', () =>
    spec
      .given()
      .when(courtReport(fileWith([criminalJusticeConsent({ criminalJustice: undefined, consentId: 'consent-plain' })])))
      .thenMatches({ type: 'OutsideSendRequested' }, { type: 'OutsideSendHeld', data: { reasonCode: 'no-consent' } }));

  it('goes only to a court, probation or parole', () =>
    spec
      .given()
      .when(courtReport(fileWith(), { recipient: PAYER, basis: { kind: 'court-order', order: order() } }))
      .thenThrows(/court, probation or parole/, 'not-criminal-justice'));
});
