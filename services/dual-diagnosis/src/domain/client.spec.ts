import { deciderSpec } from '@continuum/testing';
import {
  type ClientEvent,
  clientFileDecider,
  evolveClientFile,
  hasSuicideRiskSignal,
  hasTreatingRelationship,
  initialClientFile,
  referralForCondition,
} from './client.js';
import { CLIENT, consentFor } from './testing/referral-fixtures.js';

const spec = deciderSpec(clientFileDecider);
const { revokedFrom: _none, ...consent } = consentFor();
const copied: ClientEvent = { type: 'ConsentCopied', data: { clientId: CLIENT, consent, sourceEventId: 'event-1' } };
const revoked: ClientEvent = {
  type: 'ConsentRevocationCopied',
  data: {
    clientId: CLIENT,
    consentId: consent.consentId,
    revokedOn: '2026-02-01',
    effectiveAt: '2026-02-01T00:00:00.000Z',
    sourceEventId: 'event-2',
  },
};
const link = (referralId: string, sourceEventId: string, conditionCode = 'depression'): ClientEvent => ({
  type: 'ReferralLinked',
  data: { clientId: CLIENT, referralId, conditionCode, source: 'intake-screening', sourceEventId },
});
const fileOf = (...events: ClientEvent[]) => events.reduce(evolveClientFile, initialClientFile);

describe("the client's copy of intake's facts", () => {
  it('copies a consent once however often it is delivered', () =>
    spec.given(copied).when({ type: 'CopyConsent', data: copied.data }).thenNothingHappens());

  it('marks a copied consent revoked from when the revocation takes effect', () => {
    expect(fileOf(copied, revoked).consents).toEqual([{ ...consent, revokedFrom: '2026-02-01T00:00:00.000Z' }]);
  });

  it('keeps a revocation that arrives before its consent', () => {
    expect(fileOf(revoked, copied).consents).toEqual([{ ...consent, revokedFrom: '2026-02-01T00:00:00.000Z' }]);
  });

  it('follows the C-SSRS safety hold', () => {
    const flagged: ClientEvent = {
      type: 'ImminentRiskFlagged',
      data: { clientId: CLIENT, screeningId: 's', placedAt: '2026-01-15T09:00:00.000Z', sourceEventId: 'event-3' },
    };
    expect(fileOf(flagged).hasImminentSuicideRisk).toBe(true);
    expect(
      fileOf(flagged, {
        type: 'ImminentRiskCleared',
        data: { clientId: CLIENT, releasedAt: '2026-01-16T09:00:00.000Z', sourceEventId: 'event-4' },
      }).hasImminentSuicideRisk,
    ).toBe(false);
  });
});

describe("intake's same-day safety follow-ups", () => {
  const flagged = (followUpId: string, sourceEventId: string): ClientEvent => ({
    type: 'SuicideRiskSignalFlagged',
    data: { clientId: CLIENT, followUpId, openedAt: '2026-01-15T09:00:00.000Z', sourceEventId },
  });
  const cleared = (followUpId: string, sourceEventId: string): ClientEvent => ({
    type: 'SuicideRiskSignalCleared',
    data: { clientId: CLIENT, followUpId, completedAt: '2026-01-15T12:00:00.000Z', sourceEventId },
  });

  it('counts a suicide-risk signal from the follow-up opening until a clinician records it', () => {
    expect(hasSuicideRiskSignal(fileOf())).toBe(false);
    expect(hasSuicideRiskSignal(fileOf(flagged('f1', 'event-5')))).toBe(true);
    expect(hasSuicideRiskSignal(fileOf(flagged('f1', 'event-5'), cleared('f1', 'event-6')))).toBe(false);
  });

  it('keeps the signal while another follow-up is still open', () => {
    expect(hasSuicideRiskSignal(fileOf(flagged('f1', 'event-5'), flagged('f2', 'event-6'), cleared('f1', 'event-7')))).toBe(true);
  });

  it('flags once however often the follow-up is delivered', () =>
    spec
      .given(flagged('f1', 'event-5'))
      .when({
        type: 'FlagSuicideRiskSignal',
        data: flagged('f1', 'event-5').data as Extract<ClientEvent, { type: 'SuicideRiskSignalFlagged' }>['data'],
      })
      .thenNothingHappens());
});

describe('one referral per condition episode', () => {
  const open = () => true;
  const closed = () => false;

  it('starts the first episode for a condition never referred', () =>
    expect(referralForCondition(fileOf(), 'depression', 'event-9', open)).toEqual({ kind: 'new-episode', episode: 1 }));

  it('names the same referral for a redelivered finding, even after it closed', () =>
    expect(referralForCondition(fileOf(link('r1', 'event-9')), 'depression', 'event-9', closed)).toEqual({
      kind: 'already-linked',
      referralId: 'r1',
    }));

  it('joins a second finding of the condition to the open referral', () =>
    expect(referralForCondition(fileOf(link('r1', 'event-9')), 'depression', 'event-10', open)).toEqual({
      kind: 'joins-open',
      referralId: 'r1',
    }));

  it('starts the next episode once the earlier referral closed', () =>
    expect(referralForCondition(fileOf(link('r1', 'event-9'), link('r1', 'event-10')), 'depression', 'event-11', closed)).toEqual({
      kind: 'new-episode',
      episode: 2,
    }));

  it('keeps conditions apart', () =>
    expect(referralForCondition(fileOf(link('r1', 'event-9')), 'ptsd', 'event-12', open)).toEqual({ kind: 'new-episode', episode: 1 }));
});

describe('the events consents expire on (42 CFR 2.31(a)(7))', () => {
  const discharged: ClientEvent = {
    type: 'ClientEventNoted',
    data: {
      clientId: CLIENT,
      event: 'discharge',
      occurredAt: '2026-03-01T00:00:00.000Z',
      episodeId: 'episode-1',
      sourceEventId: 'event-9',
    },
  };

  it('notes a discharge once however often it is delivered, for the consent rule', () => {
    spec.given().when({ type: 'NoteClientEvent', data: discharged.data }).then(discharged);
    spec.given(discharged).when({ type: 'NoteClientEvent', data: discharged.data }).thenNothingHappens();
    expect(fileOf(discharged).events).toEqual([
      { clientId: CLIENT, event: 'discharge', occurredAt: '2026-03-01T00:00:00.000Z', episodeId: 'episode-1' },
    ]);
  });
});

describe('a treating provider relationship (42 CFR 2.11)', () => {
  const provider = { providerId: 'riverside-trauma' };

  it.each(['accepted', 'scheduled', 'no-show', 'completed'])('exists once the provider accepted a referral that is now %s', (status) => {
    expect(hasTreatingRelationship([{ status, provider }], 'riverside-trauma')).toBe(true);
  });

  it.each(['requested', 'awaiting-consent', 'sent', 'declined', 'cancelled', 'failed'])(
    'does not exist from a referral that is %s (not accepted, or no longer standing)',
    (status) => {
      expect(hasTreatingRelationship([{ status, provider }], 'riverside-trauma')).toBe(false);
    },
  );

  it('is the provider’s own: another provider’s acceptance does not count', () => {
    expect(hasTreatingRelationship([{ status: 'accepted', provider: { providerId: 'north-psychiatry' } }], 'riverside-trauma')).toBe(false);
  });
});
