import { type ConsentCopyV2, type ConsentFactEvent, consentFileDecider, initialCopiedConsentFile } from '@continuum/consent';
import { fold } from '@continuum/decider';
import { deciderSpec } from '@continuum/testing';
import { isAftercarePlanStream, planIdsInFile } from './consent-file.js';
import { aftercarePlanStream } from './events.js';

// Aftercare's copy of a client's consents: facts received from the bus, each copied once.

const CLIENT = 'client-1';
const consent: ConsentCopyV2 = {
  consentId: 'consent-1',
  recipients: [{ kind: 'named', recipientId: 'provider-riverside-op' }],
  purposes: ['TREAT'],
  categories: ['demographics'],
  expiry: { kind: 'none' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  grantedAt: '2026-01-10T10:00:00.000Z',
};
const copied: ConsentFactEvent = {
  type: 'ConsentCopied',
  data: { clientId: CLIENT, consent, copiedAt: '2026-01-10T10:00:01.000Z', sourceEventId: 'event-1' },
};
const spec = deciderSpec(consentFileDecider);
const fileAfter = (...events: ConsentFactEvent[]) => fold(consentFileDecider.evolve, initialCopiedConsentFile, events);

describe("the client's consent file in aftercare", () => {
  it('copies a consent once: the same source event again decides nothing', () => {
    spec.given().when({ type: 'CopyConsent', data: copied.data }).then(copied);
    spec.given(copied).when({ type: 'CopyConsent', data: copied.data }).thenNothingHappens();
  });

  it('keeps a revocation that arrives before its consent and applies it when the consent is copied', () => {
    const file = fileAfter(
      {
        type: 'ConsentRevocationCopied',
        data: {
          clientId: CLIENT,
          consentId: 'consent-1',
          revokedOn: '2026-01-12',
          effectiveAt: '2026-01-12T09:00:00.000Z',
          sourceEventId: 'event-0',
        },
      },
      copied,
    );
    expect(file.consents).toEqual([expect.objectContaining({ consentId: 'consent-1', revokedFrom: '2026-01-12T09:00:00.000Z' })]);
  });

  it('notes a discharge with its episode, which names the aftercare plan of that discharge', () => {
    const file = fileAfter({
      type: 'ClientEventNoted',
      data: {
        clientId: CLIENT,
        event: 'discharge',
        occurredAt: '2026-01-15T00:00:00.000Z',
        episodeId: 'episode-1',
        sourceEventId: 'event-2',
      },
    });
    expect(file.events).toEqual([{ clientId: CLIENT, event: 'discharge', occurredAt: '2026-01-15T00:00:00.000Z', episodeId: 'episode-1' }]);
    expect(planIdsInFile(file)).toEqual(['episode-1']);
  });

  it('lives in a stream the plan projections and the relay tell apart from a plan', () => {
    expect(isAftercarePlanStream(aftercarePlanStream('7d5e0c1a-4b2f-4c3d-9e8f-0a1b2c3d4e5f'))).toBe(true);
    expect(isAftercarePlanStream(`aftercare-client-${CLIENT}`)).toBe(false);
  });
});
