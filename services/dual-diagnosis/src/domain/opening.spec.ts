import { deciderSpec } from '@continuum/testing';
import { DEFAULT_REFERRAL_CONFIG } from './config.js';
import { referralDecider } from './decide.js';
import { SOURCE_EVENT, at, openReferral, opened } from './testing/referral-fixtures.js';

const spec = deciderSpec(referralDecider());

describe('opening a referral', () => {
  it('opens a routine referral due in 14 days', () =>
    spec
      .given()
      .when(openReferral(), at('2026-01-15T09:00:00.000Z'))
      .thenMatches({
        type: 'ReferralOpened',
        data: { urgency: 'routine', dueAt: '2026-01-29T09:00:00.000Z', openedAt: '2026-01-15T09:00:00.000Z', sourceEventId: SOURCE_EVENT },
      }));

  it('opens an urgent referral due in 72 hours', () =>
    spec
      .given()
      .when(openReferral({ urgency: 'urgent' }), at('2026-01-15T09:00:00.000Z'))
      .thenMatches({ type: 'ReferralOpened', data: { dueAt: '2026-01-18T09:00:00.000Z' } }));

  it('opens an emergent referral due by the end of the same day', () =>
    spec
      .given()
      .when(openReferral({ urgency: 'emergent' }), at('2026-01-15T22:30:00.000Z'))
      .thenMatches({ type: 'ReferralOpened', data: { dueAt: '2026-01-16T00:00:00.000Z' } }));

  it('makes the referral emergent when the client is at imminent suicide risk (C-SSRS), and says why', () =>
    spec
      .given()
      .when(openReferral({ urgency: 'routine', hasImminentSuicideRisk: true }), at('2026-01-15T09:00:00.000Z'))
      .thenMatches({
        type: 'ReferralOpened',
        data: { urgency: 'emergent', urgencyReasonCode: 'imminent-suicide-risk', dueAt: '2026-01-16T00:00:00.000Z' },
      }));

  describe('the urgency follows the severity of the screen that found the condition', () => {
    it.each([
      ['PHQ-9', 'severe'],
      ['PHQ-9', 'moderately-severe'],
      ['GAD-7', 'severe'],
    ])('opens a %s scored %s as urgent, due in 72 hours, and says why', (instrument, band) =>
      spec
        .given()
        .when(openReferral({ severity: { instrument, band } }), at('2026-01-15T09:00:00.000Z'))
        .thenMatches({
          type: 'ReferralOpened',
          data: { urgency: 'urgent', urgencyReasonCode: 'symptom-severity', dueAt: '2026-01-18T09:00:00.000Z' },
        }),
    );

    it.each([
      ['PHQ-9', 'moderate'],
      ['GAD-7', 'moderate'],
      ['GAD-7', 'moderately-severe'],
    ])("keeps a %s scored %s at the network's screening urgency", (instrument, band) =>
      spec
        .given()
        .when(openReferral({ severity: { instrument, band } }), at('2026-01-15T09:00:00.000Z'))
        .thenMatches({ type: 'ReferralOpened', data: { urgency: 'routine', dueAt: '2026-01-29T09:00:00.000Z' } }),
    );

    it('never lowers what was asked for', () =>
      spec
        .given()
        .when(openReferral({ urgency: 'emergent', severity: { instrument: 'PHQ-9', band: 'severe' } }))
        .thenMatches({ type: 'ReferralOpened', data: { urgency: 'emergent' } }));

    it('makes the referral emergent, due the same day, for any suicide-risk signal (an open safety follow-up), over severity', () =>
      spec
        .given()
        .when(
          openReferral({ hasSuicideRiskSignal: true, severity: { instrument: 'PHQ-9', band: 'severe' } }),
          at('2026-01-15T09:00:00.000Z'),
        )
        .thenMatches({
          type: 'ReferralOpened',
          data: { urgency: 'emergent', urgencyReasonCode: 'suicide-risk-signal', dueAt: '2026-01-16T00:00:00.000Z' },
        }));

    it('lets imminent suicide risk win over severity: emergent, the same day', () =>
      spec
        .given()
        .when(
          openReferral({ hasImminentSuicideRisk: true, severity: { instrument: 'PHQ-9', band: 'severe' } }),
          at('2026-01-15T09:00:00.000Z'),
        )
        .thenMatches({
          type: 'ReferralOpened',
          data: { urgency: 'emergent', urgencyReasonCode: 'imminent-suicide-risk', dueAt: '2026-01-16T00:00:00.000Z' },
        }));

    it("takes the bands that raise the urgency from the network's configuration", () => {
      const onlySevere = deciderSpec(
        referralDecider({ ...DEFAULT_REFERRAL_CONFIG, urgencyForSeverity: { 'PHQ-9': { severe: 'urgent' } } }),
      );
      onlySevere
        .given()
        .when(openReferral({ severity: { instrument: 'PHQ-9', band: 'moderately-severe' } }))
        .thenMatches({ type: 'ReferralOpened', data: { urgency: 'routine' } });
    });
  });

  it('opens once however often the request is delivered', () => spec.given(opened()).when(openReferral()).thenNothingHappens());

  it("takes the due times from the network's configuration", () => {
    const custom = deciderSpec(
      referralDecider({
        ...DEFAULT_REFERRAL_CONFIG,
        due: { ...DEFAULT_REFERRAL_CONFIG.due, routine: { kind: 'within-hours', hours: 7 * 24 } },
      }),
    );
    custom
      .given()
      .when(openReferral(), at('2026-01-15T09:00:00.000Z'))
      .thenMatches({ type: 'ReferralOpened', data: { dueAt: '2026-01-22T09:00:00.000Z' } });
  });

  it('raises the urgency of a waiting referral when imminent risk is found later, and moves the due date', () =>
    spec
      .given(opened())
      .when({ type: 'RaiseUrgency', data: { urgency: 'emergent', reasonCode: 'imminent-suicide-risk' } }, at('2026-01-16T08:00:00.000Z'))
      .thenMatches({ type: 'UrgencyRaised', data: { from: 'routine', to: 'emergent', dueAt: '2026-01-16T00:00:00.000Z' } }));

  it('does not lower an urgency', () =>
    spec
      .given(opened({ urgency: 'emergent' }))
      .when({ type: 'RaiseUrgency', data: { urgency: 'urgent', reasonCode: 'x' } })
      .thenNothingHappens());
});
