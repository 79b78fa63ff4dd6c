import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { type RestrictionRequested, restrictions } from './restrictions.js';

// The right to request restrictions (42 CFR 2.26(a)): recorded, agreed or refused with a reason;
// the required one (services paid in full, not to a health plan) agreed as recorded, never refused.

const spec = deciderSpec(restrictions);
const AT = DEFAULT_NOW.toISOString();
const requested = (restrictionId = 'restriction-1'): RestrictionRequested => ({
  type: 'RestrictionRequested',
  data: { restrictionId, clientId: 'client-1', request: { kind: 'requested', scope: { recipientIds: ['residence-1'] } }, requestedAt: AT },
});
const paidInFull = { kind: 'paid-in-full' as const, serviceIds: ['service-iop-week-3'] };

describe('a request for restriction', () => {
  it('given nothing, when the client asks not to share with a recovery residence, then the request is recorded, awaiting a decision', () =>
    spec
      .given()
      .when({
        type: 'RequestRestriction',
        data: { restrictionId: 'restriction-1', clientId: 'client-1', request: requested().data.request },
      })
      .then(requested()));

  it('given a requested restriction, when the programme agrees, then it is agreed', () =>
    spec
      .given(requested())
      .when({ type: 'AgreeToRestriction', data: { restrictionId: 'restriction-1' } })
      .then({ type: 'RestrictionAgreed', data: { restrictionId: 'restriction-1', agreedAt: AT, required: false } }));

  it('given a requested restriction, when the programme refuses with a reason, then the reason is kept for the client', () =>
    spec
      .given(requested())
      .when({ type: 'RefuseRestriction', data: { restrictionId: 'restriction-1', reason: ' The residence coordinates medication. ' } })
      .then({
        type: 'RestrictionRefused',
        data: { restrictionId: 'restriction-1', reason: 'The residence coordinates medication.', refusedAt: AT },
      }));

  it('refuses a refusal without a reason', () =>
    spec
      .given(requested())
      .when({ type: 'RefuseRestriction', data: { restrictionId: 'restriction-1', reason: ' ' } })
      .thenThrows(/reason/, 'reason-required'));

  it('refuses a request that covers nothing', () =>
    spec
      .given()
      .when({ type: 'RequestRestriction', data: { restrictionId: 'r-2', clientId: 'client-1', request: { kind: 'requested', scope: {} } } })
      .thenThrows(/Say what the restriction covers/, 'invalid-restriction'));

  it('refuses deciding twice', () =>
    spec
      .given(requested(), { type: 'RestrictionAgreed', data: { restrictionId: 'restriction-1', agreedAt: AT, required: false } })
      .when({ type: 'RefuseRestriction', data: { restrictionId: 'restriction-1', reason: 'changed our mind' } })
      .thenThrows(/already agreed/, 'restriction-decided'));

  it('refuses deciding a restriction never requested', () =>
    spec
      .given()
      .when({ type: 'AgreeToRestriction', data: { restrictionId: 'nope' } })
      .thenThrows(/No restriction nope/, 'restriction-not-found'));
});

describe('the required restriction: services paid in full, never to a health plan', () => {
  it('is agreed as it is recorded', () =>
    spec
      .given()
      .when({ type: 'RequestRestriction', data: { restrictionId: 'r-paid', clientId: 'client-1', request: paidInFull } })
      .then(
        { type: 'RestrictionRequested', data: { restrictionId: 'r-paid', clientId: 'client-1', request: paidInFull, requestedAt: AT } },
        { type: 'RestrictionAgreed', data: { restrictionId: 'r-paid', agreedAt: AT, required: true } },
      ));

  it('cannot be refused afterwards', () =>
    spec
      .given(
        { type: 'RestrictionRequested', data: { restrictionId: 'r-paid', clientId: 'client-1', request: paidInFull, requestedAt: AT } },
        { type: 'RestrictionAgreed', data: { restrictionId: 'r-paid', agreedAt: AT, required: true } },
      )
      .when({ type: 'RefuseRestriction', data: { restrictionId: 'r-paid', reason: 'billing needs it' } })
      .thenThrows(/already agreed/, 'restriction-decided'));

  it('needs the services named', () =>
    spec
      .given()
      .when({
        type: 'RequestRestriction',
        data: { restrictionId: 'r-paid', clientId: 'client-1', request: { kind: 'paid-in-full', serviceIds: [] } },
      })
      .thenThrows(/services the client paid for in full/, 'invalid-restriction'));

  it('the state shows it agreed from the moment it was recorded', () => {
    const { state } = spec.given(
      { type: 'RestrictionRequested', data: { restrictionId: 'r-paid', clientId: 'client-1', request: paidInFull, requestedAt: AT } },
      { type: 'RestrictionAgreed', data: { restrictionId: 'r-paid', agreedAt: AT, required: true } },
    );
    expect(state.restrictions['r-paid']).toEqual({
      restrictionId: 'r-paid',
      clientId: 'client-1',
      request: paidInFull,
      requestedAt: AT,
      status: 'agreed',
      decidedAt: AT,
    });
  });
});
