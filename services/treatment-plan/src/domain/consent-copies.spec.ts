import { deciderSpec } from '@continuum/testing';
import { consentCopiesDecider, evolveConsentCopies, initialConsentCopies, type ConsentCopiesEvent } from './consent-copies.js';
import { CLIENT, EPISODE, paidInFull, tpoConsent } from './testing/outside-send-fixtures.js';

// The client's consent file in treatment-plan: copies of what intake published and the
// discharges consents expire on, each copied once per source event.
const spec = deciderSpec(consentCopiesDecider);
const copied: ConsentCopiesEvent = {
  type: 'ConsentCopied',
  data: { clientId: CLIENT, consent: tpoConsent(), copiedAt: '2026-01-10T10:00:01.000Z', sourceEventId: 'event-consent' },
};

describe("the client's consent file", () => {
  it('copies a consent once: the same source event delivered again adds nothing', () => {
    spec.given().when({ type: 'CopyConsent', data: copied.data }).then(copied);
    spec.given(copied).when({ type: 'CopyConsent', data: copied.data }).thenNothingHappens();
  });

  it('keeps a revocation received before its consent, and applies it when the consent is copied', () => {
    const revoked: ConsentCopiesEvent = {
      type: 'ConsentRevocationCopied',
      data: {
        clientId: CLIENT,
        consentId: 'consent-tpo',
        revokedOn: '2026-01-20',
        effectiveAt: '2026-01-20T09:00:00.000Z',
        sourceEventId: 'event-revoked',
      },
    };
    const file = [revoked, copied].reduce(evolveConsentCopies, initialConsentCopies);
    expect(file.consents).toEqual([expect.objectContaining({ consentId: 'consent-tpo', revokedFrom: '2026-01-20T09:00:00.000Z' })]);
  });

  it('holds the agreed restrictions, the discharges and the outside sends for the gateway', () => {
    const file = [
      { type: 'RestrictionCopied', data: { clientId: CLIENT, restriction: paidInFull([EPISODE]), sourceEventId: 'event-restriction' } },
      {
        type: 'ClientEventNoted',
        data: {
          clientId: CLIENT,
          event: 'discharge',
          occurredAt: '2026-01-31T00:00:00.000Z',
          episodeId: EPISODE,
          sourceEventId: 'event-discharged',
        },
      },
      { type: 'OutsideSendLinked', data: { clientId: CLIENT, carrier: 'court-report', sendId: 'send-9', sourceEventId: 'send:send-9' } },
    ].reduce((state, event) => evolveConsentCopies(state, event as ConsentCopiesEvent), initialConsentCopies);
    expect(file.restrictions).toEqual([paidInFull([EPISODE])]);
    expect(file.events).toEqual([{ clientId: CLIENT, event: 'discharge', occurredAt: '2026-01-31T00:00:00.000Z', episodeId: EPISODE }]);
    expect(file.sends).toEqual([{ carrier: 'court-report', sendId: 'send-9' }]);
    expect(file.sourceEventIds).toEqual(['event-restriction', 'event-discharged', 'send:send-9']);
  });
});
