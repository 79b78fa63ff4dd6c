import { deciderSpec } from '@continuum/testing';
import { DEFAULT_REFERRAL_CONFIG } from './config.js';
import { referralDecider } from './decide.js';
import { accepted, assigned, at, markOverdue, opened, overdue, scheduled, sent } from './testing/referral-fixtures.js';

// The referral of the fixtures is routine, opened 2026-01-15 09:00 and due 2026-01-29 09:00; escalation every 24 h.
const spec = deciderSpec(referralDecider());
const DUE = '2026-01-29T09:00:00.000Z';

describe('overdue referrals', () => {
  it('are not overdue a millisecond before the due instant', () =>
    spec.given(opened()).when(markOverdue, at('2026-01-29T08:59:59.999Z')).thenNothingHappens());

  it('raise ReferralOverdue at level 1 at the due instant', () =>
    spec
      .given(opened())
      .when(markOverdue, at(DUE))
      .thenMatches({ type: 'ReferralOverdue', data: { dueAt: DUE, escalationLevel: 1, siteId: 'site-north', raisedAt: DUE } }));

  // The overdue queue's rule (docs/domain/dual-diagnosis.md#urgency-and-due-dates): overdue from the due instant.
  it('are not overdue a minute before the due instant, and are a minute after it', () => {
    spec.given(opened()).when(markOverdue, at('2026-01-29T08:59:00.000Z')).thenNothingHappens();
    spec
      .given(opened())
      .when(markOverdue, at('2026-01-29T09:01:00.000Z'))
      .thenMatches({ type: 'ReferralOverdue', data: { dueAt: DUE, escalationLevel: 1 } });
  });

  it('raise each level once, however often the scheduler ticks', () =>
    spec.given(opened(), overdue(1)).when(markOverdue, at('2026-01-30T08:59:59.000Z')).thenNothingHappens());

  it('escalate to level 2 once the interval has passed again', () =>
    spec
      .given(opened(), overdue(1))
      .when(markOverdue, at('2026-01-30T09:00:00.000Z'))
      .thenMatches({ type: 'ReferralOverdue', data: { escalationLevel: 2 } }));

  it('jump to the level reached when the scheduler was down for days', () =>
    spec
      .given(opened(), overdue(1))
      .when(markOverdue, at('2026-02-02T10:00:00.000Z'))
      .thenMatches({ type: 'ReferralOverdue', data: { escalationLevel: 5 } }));

  it('still count while sent but not yet accepted', () =>
    spec
      .given(opened(), assigned(), sent())
      .when(markOverdue, at(DUE))
      .thenMatches({ type: 'ReferralOverdue', data: { escalationLevel: 1 } }));

  it('stop counting once accepted or scheduled', () => {
    spec.given(opened(), assigned(), sent(), accepted()).when(markOverdue, at('2026-02-10T00:00:00.000Z')).thenNothingHappens();
    spec
      .given(opened(), assigned(), sent(), accepted(), scheduled())
      .when(markOverdue, at('2026-02-10T00:00:00.000Z'))
      .thenNothingHappens();
  });

  it("escalate on the network's interval", () => {
    const every6Hours = deciderSpec(referralDecider({ ...DEFAULT_REFERRAL_CONFIG, escalateEveryHours: 6 }));
    every6Hours
      .given(opened(), overdue(1))
      .when(markOverdue, at('2026-01-29T15:00:00.000Z'))
      .thenMatches({ type: 'ReferralOverdue', data: { escalationLevel: 2 } });
  });

  it('of an emergent referral are overdue from midnight of the day it opened', () =>
    spec
      .given(opened({ urgency: 'emergent', dueAt: '2026-01-16T00:00:00.000Z' }))
      .when(markOverdue, at('2026-01-16T00:00:00.000Z'))
      .thenMatches({ type: 'ReferralOverdue', data: { escalationLevel: 1 } }));
});
