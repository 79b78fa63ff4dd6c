import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { fold } from '@continuum/decider';
import { evolve, initialState } from './client.js';
import { intakeDecider } from './decide.js';
import { restrictionList } from './restrictions.js';
import {
  CLIENT_ID,
  agreeToRestriction,
  historyOf,
  referral,
  refuseRestriction,
  registration,
  requestRestriction,
} from './testing/intake-fixtures.js';

// The rule is @continuum/consent's `restrictions` decider (libs/consent/src/restrictions.spec.ts
// tests every boundary of it); these are intake's parts: the events of the client's stream,
// each with the client's id, the agreement carrying what it agreed to (what is published), and
// only a registered client's requests.

const spec = deciderSpec(intakeDecider());
const at = DEFAULT_NOW.toISOString();
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
const registered = () => [referral(), registration()];
const noPaymentDisclosures = {
  kind: 'requested' as const,
  scope: { recipientKinds: ['health-plan' as const], purposes: ['HPAYMT' as const] },
};
const paidInFull = { kind: 'paid-in-full' as const, serviceIds: ['service-2026-01-20-counselling'] };

describe('a request for restriction (42 CFR 2.26(a))', () => {
  it('is recorded for the client, waiting for the programme to decide', () =>
    given(...registered())
      .when(requestRestriction(noPaymentDisclosures))
      .then({
        type: 'RestrictionRequested',
        data: { clientId: CLIENT_ID, restrictionId: 'restriction-1', request: noPaymentDisclosures, requestedAt: at },
      }));

  it('is agreed, with what it covers, so that the agreement alone tells every discloser', () =>
    given(...registered(), requestRestriction(noPaymentDisclosures))
      .when(agreeToRestriction())
      .then({
        type: 'RestrictionAgreed',
        data: { clientId: CLIENT_ID, restrictionId: 'restriction-1', request: noPaymentDisclosures, required: false, agreedAt: at },
      }));

  it('is refused with the reason the client is told', () =>
    given(...registered(), requestRestriction(noPaymentDisclosures))
      .when(refuseRestriction('  Our billing system cannot hold one plan back yet.  '))
      .then({
        type: 'RestrictionRefused',
        data: {
          clientId: CLIENT_ID,
          restrictionId: 'restriction-1',
          reason: 'Our billing system cannot hold one plan back yet.',
          refusedAt: at,
        },
      }));

  it('is never refused without a reason, nor decided twice', () => {
    given(...registered(), requestRestriction())
      .when(refuseRestriction(' '))
      .thenThrows(/reason/, 'reason-required');
    given(...registered(), requestRestriction(), agreeToRestriction())
      .when(refuseRestriction('changed our mind'))
      .thenThrows(/already agreed/, 'restriction-decided');
  });

  it('is the paid-in-full one: agreed as it is recorded, required, and it can never be refused', () => {
    given(...registered())
      .when(requestRestriction(paidInFull))
      .then(
        {
          type: 'RestrictionRequested',
          data: { clientId: CLIENT_ID, restrictionId: 'restriction-1', request: paidInFull, requestedAt: at },
        },
        {
          type: 'RestrictionAgreed',
          data: { clientId: CLIENT_ID, restrictionId: 'restriction-1', request: paidInFull, required: true, agreedAt: at },
        },
      );
    given(...registered(), requestRestriction(paidInFull))
      .when(refuseRestriction('we bill every service'))
      .thenThrows(/already agreed/, 'restriction-decided');
  });

  it.each([
    [
      'a scope on a paid-in-full restriction',
      { kind: 'paid-in-full', serviceIds: ['service-1'], scope: { purposes: ['HPAYMT'] } },
      /scope/,
    ],
    [
      'services paid in full on a requested one',
      { kind: 'requested', scope: { purposes: ['HPAYMT'] }, serviceIds: ['service-1'] },
      /serviceIds/,
    ],
    ['no kind', { scope: { purposes: ['HPAYMT'] } }, /kind/],
  ])('refuses %s, naming the field', (_what, request, field) =>
    given(...registered())
      .when(requestRestriction(request as never))
      .thenThrows(field, 'invalid-restriction'),
  );

  it('refuses a request that covers nothing, or a paid-in-full one naming no service, as the rule does', () => {
    given(...registered())
      .when(requestRestriction({ kind: 'requested', scope: {} }))
      .thenThrows(/Say what the restriction covers/, 'invalid-restriction');
    given(...registered())
      .when(requestRestriction({ kind: 'paid-in-full', serviceIds: [] }))
      .thenThrows(/paid for in full/, 'invalid-restriction');
  });

  it('is recorded only for a registered client', () =>
    spec
      .given()
      .when(requestRestriction())
      .thenThrows(/referral and register/, 'not-referred'));

  it('is decided only when it was requested', () =>
    given(...registered())
      .when(agreeToRestriction('restriction-9'))
      .thenThrows(/No restriction restriction-9/, 'restriction-not-found'));
});

describe("the client's restrictions", () => {
  it('lists each as requested, agreed or refused, in the order requested', () => {
    const events = historyOf([
      ...registered(),
      requestRestriction(noPaymentDisclosures, 'restriction-1'),
      requestRestriction(paidInFull, 'restriction-2'),
      requestRestriction({ kind: 'requested', scope: { recipientIds: ['provider-7'] } }, 'restriction-3'),
      refuseRestriction('the provider is the client’s prescriber', 'restriction-3'),
    ]);
    const state = fold(evolve, initialState, events);
    expect(restrictionList(state.restrictions).map((r) => [r.restrictionId, r.status, r.refusalReason])).toEqual([
      ['restriction-1', 'requested', undefined],
      ['restriction-2', 'agreed', undefined],
      ['restriction-3', 'refused', 'the provider is the client’s prescriber'],
    ]);
    expect(restrictionList(initialState.restrictions)).toEqual([]);
  });
});
