import { deciderSpec } from '@continuum/testing';
import { expiringAuthorizations } from './authorizations.js';
import { treatmentPlan } from './decide.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import { type Step, activePlan, dayOfPlan, discharge, historyOf, on, remindExpiry } from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const throughDate = dayOfPlan(30);

describe('expiring authorisations', () => {
  const authorizations = [
    { authorizationRef: 'payer-a', throughDate: dayOfPlan(30) },
    { authorizationRef: 'payer-b', throughDate: dayOfPlan(24) },
    { authorizationRef: 'payer-c', throughDate: dayOfPlan(22) },
    { authorizationRef: 'payer-d', throughDate: dayOfPlan(40) },
  ];

  it('lists those whose last covered day is within 7 days, soonest first', () => {
    expect(expiringAuthorizations(authorizations, dayOfPlan(23), DEFAULT_PLAN_RULES)).toEqual([
      { authorizationRef: 'payer-b', throughDate: dayOfPlan(24), daysLeft: 1 },
      { authorizationRef: 'payer-a', throughDate: dayOfPlan(30), daysLeft: 7 },
    ]);
  });

  it('lists an authorisation on its last covered day, and not the day after', () => {
    expect(
      expiringAuthorizations(authorizations, on(dayOfPlan(22)), DEFAULT_PLAN_RULES).map((a) => [a.authorizationRef, a.daysLeft]),
    ).toContainEqual(['payer-c', 0]);
    expect(expiringAuthorizations(authorizations, dayOfPlan(23), DEFAULT_PLAN_RULES).map((a) => a.authorizationRef)).not.toContain(
      'payer-c',
    );
  });

  it('does not list one 8 days from its end', () => {
    expect(
      expiringAuthorizations([{ authorizationRef: 'payer-a', throughDate: dayOfPlan(30) }], dayOfPlan(22), DEFAULT_PLAN_RULES),
    ).toEqual([]);
  });

  it('takes the reminder days from the network’s rules', () => {
    expect(
      expiringAuthorizations(authorizations, dayOfPlan(10), planRules({ authorizationReminderDays: 14 })).map((a) => a.authorizationRef),
    ).toEqual(['payer-c', 'payer-b']);
  });
});

describe('reminding of an expiry', () => {
  it('records a reminder within the reminder days', () =>
    given(...activePlan())
      .when(remindExpiry('payer-a', throughDate), on(dayOfPlan(23)))
      .then({
        type: 'AuthorizationExpiryReminded',
        data: { planId: 'episode-1', authorizationRef: 'payer-a', throughDate, remindedOn: dayOfPlan(23) },
      }));

  it('reminds once per authorisation and through date, however often the scheduler asks', () =>
    given(...activePlan(), [remindExpiry('payer-a', throughDate), dayOfPlan(23)])
      .when(remindExpiry('payer-a', throughDate), on(dayOfPlan(25)))
      .thenNothingHappens());

  it('reminds again when the payer extends the authorisation to a new through date', () =>
    given(...activePlan(), [remindExpiry('payer-a', throughDate), dayOfPlan(23)])
      .when(remindExpiry('payer-a', dayOfPlan(60)), on(dayOfPlan(55)))
      .thenMatches({ type: 'AuthorizationExpiryReminded', data: { throughDate: dayOfPlan(60) } }));

  it('does nothing before the reminder days begin', () =>
    given(...activePlan())
      .when(remindExpiry('payer-a', throughDate), on(dayOfPlan(22)))
      .thenNothingHappens());

  it('refuses a reminder without a reference', () =>
    given(...activePlan())
      .when(remindExpiry('', throughDate), on(dayOfPlan(23)))
      .thenThrows(/authorizationRef: give the authorisation's reference/, 'invalid-authorization-reminder'));

  it('refuses a reminder on a closed plan', () =>
    given(...activePlan(), discharge('administrative', dayOfPlan(20)))
      .when(remindExpiry('payer-a', throughDate), on(dayOfPlan(23)))
      .thenThrows(/closed at discharge/, 'plan-closed'));
});
