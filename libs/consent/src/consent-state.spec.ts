import { consentStateAt } from './consent-state.js';
import { type ConsentForm } from './consent.js';
import { consentOf, happened, namedForm, tpoForm } from './testing/fixtures.js';

// When a consent can be relied on: each expiry kind and revocation, at their exact boundaries
// (docs/domain/part-2-consent-rule.md#when-a-consent-stops).

const at = (instant: string) => new Date(instant);
const ms = (instant: string, delta: number) => new Date(Date.parse(instant) + delta);

describe('a consent over time', () => {
  it('given a consent signed on the 10th and recorded at 10:00, then it is not yet active a millisecond before, and active at 10:00', () => {
    const consent = consentOf(tpoForm());
    expect(consentStateAt(consent, ms('2026-01-10T10:00:00.000Z', -1), [])).toEqual({
      status: 'not-yet-active',
      from: '2026-01-10T10:00:00.000Z',
      citation: '42 CFR 2.31(a)(9)',
    });
    expect(consentStateAt(consent, at('2026-01-10T10:00:00.000Z'), [])).toEqual({ status: 'active' });
  });

  describe('expiry by date', () => {
    const consent = consentOf(tpoForm({ expiry: { kind: 'date', expiresOn: '2026-03-01' } }));

    it('is active up to the last millisecond before the expiry date', () => {
      expect(consentStateAt(consent, ms('2026-03-01T00:00:00.000Z', -1), [])).toEqual({ status: 'active' });
    });

    it('is expired from the first instant of the expiry date', () => {
      expect(consentStateAt(consent, at('2026-03-01T00:00:00.000Z'), [])).toEqual({
        status: 'expired',
        since: '2026-03-01T00:00:00.000Z',
        by: 'date',
        citation: '42 CFR 2.31(a)(7), 2.31(c)(1)',
      });
    });
  });

  describe('expiry by event ("until discharge")', () => {
    const consent = consentOf(namedForm());
    const discharged = happened('discharge', '2026-02-20T15:30:00.000Z');

    it('stays active while the event has not happened', () => {
      expect(consentStateAt(consent, at('2026-12-31T00:00:00.000Z'), [happened('end-of-aftercare', '2026-02-01T00:00:00.000Z')])).toEqual({
        status: 'active',
      });
    });

    it('is active a millisecond before the discharge and expired at the discharge instant', () => {
      expect(consentStateAt(consent, ms(discharged.occurredAt, -1), [discharged])).toEqual({ status: 'active' });
      expect(consentStateAt(consent, at(discharged.occurredAt), [discharged])).toEqual({
        status: 'expired',
        since: '2026-02-20T15:30:00.000Z',
        by: 'event',
        citation: '42 CFR 2.31(a)(7), 2.31(c)(1)',
      });
    });

    it('ignores a discharge from an earlier stay, before the day the consent was signed', () => {
      expect(consentStateAt(consent, at('2026-02-01T00:00:00.000Z'), [happened('discharge', '2026-01-09T23:59:59.999Z')])).toEqual({
        status: 'active',
      });
    });

    it('counts a discharge earlier on the day of signing (the safer reading)', () => {
      const state = consentStateAt(consent, at('2026-01-11T00:00:00.000Z'), [happened('discharge', '2026-01-10T08:00:00.000Z')]);
      expect(state).toMatchObject({ status: 'expired', by: 'event' });
    });

    it('ignores another client’s discharge', () => {
      const other = { ...discharged, clientId: 'client-2' };
      expect(consentStateAt(consent, at('2026-03-01T00:00:00.000Z'), [other])).toEqual({ status: 'active' });
    });

    it('when the consent names the episode, only that episode’s discharge ends it', () => {
      const scoped = consentOf(
        namedForm({ expiry: { kind: 'event', event: 'discharge', description: 'discharge from this stay', episodeId: 'episode-2' } }),
      );
      const events = [happened('discharge', '2026-02-01T00:00:00.000Z', 'episode-1')];
      expect(consentStateAt(scoped, at('2026-03-01T00:00:00.000Z'), events)).toEqual({ status: 'active' });
      const ended = [...events, happened('discharge', '2026-02-25T00:00:00.000Z', 'episode-2')];
      expect(consentStateAt(scoped, at('2026-03-01T00:00:00.000Z'), ended)).toMatchObject({
        status: 'expired',
        since: '2026-02-25T00:00:00.000Z',
      });
    });

    it('"end of aftercare" works the same way', () => {
      const consent = consentOf(namedForm({ expiry: { kind: 'event', event: 'end-of-aftercare', description: 'end of aftercare' } }));
      const events = [happened('discharge', '2026-02-01T00:00:00.000Z'), happened('end-of-aftercare', '2026-08-01T00:00:00.000Z')];
      expect(consentStateAt(consent, at('2026-07-31T23:59:59.999Z'), events)).toEqual({ status: 'active' });
      expect(consentStateAt(consent, at('2026-08-01T00:00:00.000Z'), events)).toMatchObject({ status: 'expired', by: 'event' });
    });
  });

  describe('revocation, effective on receipt (2.31(a)(6))', () => {
    const consent = consentOf(tpoForm(), { revocation: { receivedAt: '2026-02-10T09:15:00.000Z', channel: 'letter' } });

    it('still covers a moment before receipt', () => {
      expect(consentStateAt(consent, ms('2026-02-10T09:15:00.000Z', -1), [])).toEqual({ status: 'active' });
    });

    it('no longer covers the receipt instant itself (the safer reading)', () => {
      expect(consentStateAt(consent, at('2026-02-10T09:15:00.000Z'), [])).toEqual({
        status: 'revoked',
        since: '2026-02-10T09:15:00.000Z',
        citation: '42 CFR 2.31(a)(6)',
      });
    });

    it('of an expiry and a revocation both past, the earlier is the reason', () => {
      const both = consentOf(tpoForm({ expiry: { kind: 'date', expiresOn: '2026-02-01' } }), {
        revocation: { receivedAt: '2026-02-10T09:15:00.000Z', channel: 'letter' },
      });
      expect(consentStateAt(both, at('2026-03-01T00:00:00.000Z'), [])).toMatchObject({ status: 'expired', by: 'date' });
    });
  });

  describe('a criminal-justice consent (2.35(d))', () => {
    const cj = (revocableFrom: NonNullable<ConsentForm['criminalJustice']>['revocableFrom']) =>
      namedForm({
        recipients: [{ kind: 'named', recipientId: 'probation-1', name: 'County Probation' }],
        purposes: ['HLEGAL'],
        expiry: { kind: 'date', expiresOn: '2027-01-01' },
        criminalJustice: { conditionOf: 'parole', revocableFrom },
      });

    it('is irrevocable before its stated date: a revocation received earlier takes effect on that date', () => {
      const consent = consentOf(cj({ kind: 'date', on: '2026-06-30' }), {
        revocation: { receivedAt: '2026-03-01T10:00:00.000Z', channel: 'letter' },
      });
      expect(consentStateAt(consent, at('2026-06-29T23:59:59.999Z'), [])).toEqual({ status: 'active' });
      expect(consentStateAt(consent, at('2026-06-30T00:00:00.000Z'), [])).toEqual({
        status: 'revoked',
        since: '2026-06-30T00:00:00.000Z',
        citation: '42 CFR 2.35(d)',
      });
    });

    it('is revocable after its stated date, on receipt', () => {
      const consent = consentOf(cj({ kind: 'date', on: '2026-06-30' }), {
        revocation: { receivedAt: '2026-07-05T10:00:00.000Z', channel: 'letter' },
      });
      expect(consentStateAt(consent, ms('2026-07-05T10:00:00.000Z', -1), [])).toEqual({ status: 'active' });
      expect(consentStateAt(consent, at('2026-07-05T10:00:00.000Z'), [])).toMatchObject({
        status: 'revoked',
        since: '2026-07-05T10:00:00.000Z',
      });
    });

    it('irrevocable until its event: the revocation waits for the final disposition', () => {
      const consent = consentOf(cj({ kind: 'event', event: 'final-disposition' }), {
        revocation: { receivedAt: '2026-03-01T10:00:00.000Z', channel: 'letter' },
      });
      expect(consentStateAt(consent, at('2026-09-01T00:00:00.000Z'), [])).toEqual({ status: 'active' });
      const disposed = [happened('final-disposition', '2026-09-15T14:00:00.000Z')];
      expect(consentStateAt(consent, at('2026-09-15T14:00:00.000Z'), disposed)).toMatchObject({
        status: 'revoked',
        since: '2026-09-15T14:00:00.000Z',
      });
    });
  });
});
