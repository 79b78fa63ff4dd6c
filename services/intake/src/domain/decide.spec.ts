import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { defaultIntakeConfig, intakeConfig } from './config.js';
import { decide, intakeDecider } from './decide.js';
import { clientStream } from './events.js';
import {
  CLIENT_ID,
  consentForm,
  cssrs,
  gad7,
  grantConsent,
  historyOf,
  imminentSuicideRisk,
  itemsSummingTo,
  noSuicideRisk,
  phq9,
  referral,
  registration,
  revokeConsent,
  screening,
  yesAnswers,
} from './testing/intake-fixtures.js';

const specOf = (decider: ReturnType<typeof intakeDecider>) => deciderSpec(decider);
const spec = specOf(intakeDecider());
const at = DEFAULT_NOW.toISOString();
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
const registered = () => [referral(), registration()];
const positivePhq9 = phq9(itemsSummingTo(10, 9, 3));

it('keeps each client in the stream intake-client-<clientId>', () => {
  expect(clientStream('c-42')).toBe('intake-client-c-42');
});

describe('referral', () => {
  it('records a referral for a new client', () =>
    spec
      .given()
      .when(referral({ source: 'court', reasonCode: 'court-mandated' }))
      .then({
        type: 'ReferralReceived',
        data: { clientId: CLIENT_ID, referralId: 'referral-1', source: 'court', reasonCode: 'court-mandated', receivedAt: at },
      }));

  it('refuses a second referral while an intake is in progress', () =>
    given(referral())
      .when(referral({ referralId: 'referral-2' }))
      .thenThrows(/intake in progress.*continue that intake/, 'intake-in-progress'));

  it('refuses an unknown source and a missing reason, naming both', () =>
    spec
      .given()
      .when(referral({ source: 'neighbour' as never, reasonCode: '' }))
      .thenThrows(/source.*reasonCode/s, 'invalid-referral'));

  it('requires the previous episode for an aftercare re-entry', () =>
    spec
      .given()
      .when(referral({ source: 'aftercare-re-entry' }))
      .thenThrows(/previousEpisodeId/, 'invalid-referral'));

  it('refuses a command meant for another client', () =>
    given(referral())
      .when({ ...registration(), clientId: 'client-2' })
      .thenThrows(/belongs to client client-1/, 'wrong-client'));
});

describe('registration', () => {
  it('registers the referred client at a site', () =>
    given(referral())
      .when(registration())
      .thenMatches({
        type: 'ClientRegistered',
        data: { clientId: CLIENT_ID, siteId: 'site-north', possibleDuplicateOf: [], registeredAt: at },
      }));

  it('flags possible duplicates found by the lookup instead of merging them', () =>
    given(referral())
      .when(registration({ possibleDuplicateOf: ['client-7', 'client-7', CLIENT_ID, 'client-9'] }))
      .thenMatches({ type: 'ClientRegistered', data: { possibleDuplicateOf: ['client-7', 'client-9'] } }));

  it('refuses to register before a referral, saying to record it first', () =>
    spec
      .given()
      .when(registration())
      .thenThrows(/record the referral before registering/, 'not-referred'));

  it('refuses to register the same client twice in one intake', () =>
    given(...registered())
      .when(registration())
      .thenThrows(/already registered at site site-north/, 'already-registered'));

  it('refuses a registration with invalid personal details, naming each', () =>
    given(referral())
      .when(registration({ siteId: '', person: { givenName: '', familyName: 'Núñez', dateOfBirth: '14/03/1988', contact: {} } }))
      .thenThrows(/siteId.*givenName.*dateOfBirth/s, 'invalid-registration'));
});

describe('consent', () => {
  it('records a valid Part 2 consent on the 2024 form', () =>
    given(...registered())
      .when(grantConsent())
      .then({ type: 'ConsentGranted', data: { clientId: CLIENT_ID, consent: consentForm(), grantedAt: at } }));

  it('refuses an incomplete consent, naming every missing element and statement with its section', () => {
    const { statements: _statements, ...form } = consentForm({ disclosingParty: '', purposes: [] });
    const when = given(...registered()).when({ ...grantConsent(), data: { ...form, statements: {} } });
    when.thenThrows(
      /disclosing-party \(42 CFR 2\.31\(a\)\(2\).*purpose \(42 CFR 2\.31\(a\)\(5\).*revocation \(42 CFR 2\.31\(a\)\(6\).*treatment-not-conditioned/s,
      'invalid-consent',
    );
  });

  it("checks the statements against the network's policy: a network may word them its own way", () => {
    const policy = { ...defaultIntakeConfig.consent, minorRule: 'minor-alone' as const };
    const config = intakeConfig({ consent: policy });
    const events = decide(grantConsent({ clientIsMinor: true }), given(...registered()).state, DEFAULT_NOW, config);
    expect(events.map((event) => event.type)).toEqual(['ConsentGranted']);
    // The default rule (minor and guardian, 42 CFR 2.14(b)) asks for the guardian's signature too.
    expect(() => decide(grantConsent({ clientIsMinor: true }), given(...registered()).state, DEFAULT_NOW)).toThrow(/2\.14\(b\)/);
  });

  it('refuses a consent before the client is registered', () =>
    given(referral())
      .when(grantConsent())
      .thenThrows(/register the client at a site before you record a consent/, 'not-registered'));

  it('refuses a second consent with the same id', () =>
    given(...registered(), grantConsent())
      .when(grantConsent())
      .thenThrows(/already recorded: give a new consent a new id/, 'consent-exists'));

  it('records a written revocation with the instant it was received (42 CFR 2.31(a)(6))', () =>
    given(...registered(), grantConsent())
      .when(revokeConsent({ receivedAt: '2026-01-15T08:30:00.000Z', receivedVia: 'signed-form' }))
      .then({
        type: 'ConsentRevoked',
        data: {
          clientId: CLIENT_ID,
          consentId: 'consent-1',
          receivedAt: '2026-01-15T08:30:00.000Z',
          receivedVia: 'signed-form',
          recordedAt: at,
        },
      }));

  it('takes the revocation as received now when no receipt time is given', () =>
    given(...registered(), grantConsent())
      .when(revokeConsent({ receivedAt: undefined }))
      .then({
        type: 'ConsentRevoked',
        data: { clientId: CLIENT_ID, consentId: 'consent-1', receivedAt: at, receivedVia: 'letter', recordedAt: at },
      }));

  it('refuses to revoke an unknown consent', () =>
    given(...registered())
      .when(revokeConsent({ consentId: 'consent-9' }))
      .thenThrows(/no consent consent-9/, 'unknown-consent'));

  it('refuses to revoke a consent twice', () =>
    given(...registered(), grantConsent(), revokeConsent())
      .when(revokeConsent())
      .thenThrows(/already revoked/, 'consent-already-revoked'));

  it('refuses a revocation not received in writing', () =>
    given(...registered(), grantConsent())
      .when(revokeConsent({ receivedVia: 'phone' as never }))
      .thenThrows(/in writing/, 'invalid-revocation'));

  it('refuses a revocation received in the future, or before the consent was signed', () => {
    given(...registered(), grantConsent())
      .when(revokeConsent({ receivedAt: new Date(DEFAULT_NOW.getTime() + 1).toISOString() }))
      .thenThrows(/future/, 'invalid-revocation');
    given(...registered(), grantConsent())
      .when(revokeConsent({ receivedAt: '2026-01-14T23:59:59.999Z' }))
      .thenThrows(/before the consent was signed/, 'invalid-revocation');
  });

  it('keeps the revocation in state so the consent no longer covers disclosures from its receipt', () => {
    const state = given(...registered(), grantConsent(), revokeConsent()).state;
    expect(state.consents[0].revocation).toEqual({ receivedAt: '2026-01-15T08:30:00.000Z', channel: 'letter' });
  });
});

describe('screening', () => {
  it('computes the score itself and records it with the answers', () =>
    given(...registered())
      .when(screening(gad7([1, 1, 1, 1, 1, 1, 1]), 's-1'))
      .then({
        type: 'ScreeningRecorded',
        data: {
          clientId: CLIENT_ID,
          screeningId: 's-1',
          answers: gad7([1, 1, 1, 1, 1, 1, 1]),
          outcome: {
            instrument: 'GAD-7',
            score: 7,
            positive: false,
            band: 'mild',
            needsSameDayFollowUp: false,
            hasImminentSuicideRisk: false,
            reportsTraumaExposure: false,
          },
          administeredOn: '2026-01-15',
          recordedAt: at,
        },
      }));

  it('refuses answers it cannot score, listing each problem', () =>
    given(...registered())
      .when(screening(phq9([0, 0, 5])))
      .thenThrows(/PHQ-9 has 9 items; got 3 answers.*item 3 must be/s, 'invalid-screening-answers'));

  it('refuses to screen a client who is not registered', () =>
    given(referral())
      .when(screening(noSuicideRisk))
      .thenThrows(/register the client/, 'not-registered'));

  it('moves a registered client to screening', () => {
    expect(given(...registered(), screening(noSuicideRisk)).state.status).toBe('screening');
  });

  it('opens a same-day safety follow-up when PHQ-9 item 9 is above 0', () =>
    given(...registered())
      .when(screening(phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]), 's-phq'))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'SafetyFollowUpOpened', data: { screeningId: 's-phq', signal: 'phq9-item-9' } }));

  it('places a safety hold on imminent suicide risk, with its same-day follow-up', () =>
    given(...registered())
      .when(screening(imminentSuicideRisk, 's-cssrs'))
      .thenMatches(
        { type: 'ScreeningRecorded', data: { outcome: { category: 'high', hasImminentSuicideRisk: true } } },
        {
          type: 'SafetyHoldPlaced',
          data: { clientId: CLIENT_ID, screeningId: 's-cssrs', instrument: 'C-SSRS', riskCategory: 'high', placedAt: at },
        },
        { type: 'SafetyFollowUpOpened', data: { screeningId: 's-cssrs', signal: 'cssrs-high-risk' } },
      ));

  it('places no safety hold for moderate risk, only the same-day follow-up', () =>
    given(...registered())
      .when(screening(cssrs({ q2: true, q3: true, q4: false, q5: false })))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'SafetyFollowUpOpened', data: { signal: 'cssrs-moderate-risk' } }));

  it('does not place a second hold, nor open a second follow-up, while one is in force', () =>
    given(...registered(), screening(imminentSuicideRisk))
      .when(screening(cssrs({ q6: true, q6WithinPastThreeMonths: true })))
      .thenMatches({
        type: 'ScreeningRecorded',
      }));

  it('identifies a co-occurring condition on a positive screen, with ids and codes only', () =>
    given(...registered())
      .when(screening(positivePhq9, 's-phq'))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        {
          type: 'CoOccurringConditionIdentified',
          data: {
            clientId: CLIENT_ID,
            condition: 'depression',
            instrument: 'PHQ-9',
            score: 10,
            band: 'moderate',
            evidenceId: 's-phq',
            identifiedAt: at,
          },
        },
      ));

  it('names the severity band of a severe PHQ-9 on the condition it raises, so the referral can be urgent', () =>
    given(...registered())
      .when(screening(phq9(itemsSummingTo(24, 9, 3)), 's-phq'))
      .thenMatches(
        { type: 'ScreeningRecorded', data: { outcome: { score: 24, band: 'severe' } } },
        { type: 'CoOccurringConditionIdentified', data: { condition: 'depression', score: 24, band: 'severe' } },
      ));

  it('names the GAD-7 band on the anxiety it raises', () =>
    given(...registered())
      .when(screening(gad7(itemsSummingTo(15, 7, 3))))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'CoOccurringConditionIdentified', data: { condition: 'anxiety', score: 15, band: 'severe' } },
      ));

  it('names no band on a condition whose instrument has none', () => {
    const [, trauma] = historyOf([...registered(), screening({ instrument: 'PC-PTSD-5', exposure: true, items: yesAnswers(1, 5) })]).slice(
      2,
    );
    expect(trauma).toMatchObject({ type: 'CoOccurringConditionIdentified', data: { condition: 'trauma' } });
    expect(trauma!.data).not.toHaveProperty('band');
  });

  it('does not identify the same condition again on a repeat positive', () =>
    given(...registered(), screening(positivePhq9))
      .when(screening(phq9([3, 3, 3, 3, 3, 3, 3, 0, 0])))
      .thenMatches({ type: 'ScreeningRecorded' }));

  it('identifies trauma when the client reports a traumatic event', () =>
    given(...registered())
      .when(screening({ instrument: 'PC-PTSD-5', exposure: true, items: yesAnswers(1, 5) }))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'CoOccurringConditionIdentified', data: { condition: 'trauma', instrument: 'PC-PTSD-5', score: 1 } },
      ));

  it("applies the site's cutoffs", () =>
    specOf(intakeDecider(intakeConfig({ screening: { phq9PositiveFrom: 12 } })))
      .given(...historyOf(registered()))
      .when(screening(positivePhq9))
      .thenMatches({ type: 'ScreeningRecorded', data: { outcome: { score: 10, positive: false } } }));
});
