import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { fold } from '@continuum/decider';
import { type ClientSafetyHoldLifted, type ClientSafetyHoldNoted, clientEpisodes } from './client-episodes.js';
import {
  type ChangeLevelOfCare,
  type EpisodeCommand,
  type OpenEpisode,
  type TransferSite,
  careEpisode,
  createCareEpisodeDecider,
} from './decide.js';
import {
  type EpisodeDischarged,
  type EpisodeOpened,
  type LevelOfCareChanged,
  type SafetyHoldLifted,
  type SafetyHoldNoted,
} from './episode.js';
import { DEFAULT_FACT_DATE_POLICY } from './fact-dates.js';
import { DEFAULT_LEVEL_CATALOGUE, type LevelOfCare, isAtOrAbove } from './levels.js';
import {
  DEFAULT_SAFETY_HOLD_POLICY,
  type LiftSafetyHold,
  type NoteSafetyHold,
  type SafetyHold,
  safetyHoldPolicy,
  safetyHoldStatus,
  safetyLevelOfCode,
} from './safety-hold.js';
import { timeline } from './timeline.js';

// The safety hold in the care-episode ledger (docs/domain/levels-of-care.md#the-safety-level):
// while intake's hold lasts, no level change and no transfer leaves the client below the
// network's safety level (default 3.7), in either ASAM edition.

const onItsDay = (command: EpisodeCommand): Date =>
  'effectiveDate' in command.data && command.data.effectiveDate ? new Date(`${command.data.effectiveDate}T12:00:00.000Z`) : DEFAULT_NOW;
const spec = deciderSpec(careEpisode, { nowOf: onItsDay });
const claimSpec = deciderSpec(clientEpisodes);

const third = (code: string): LevelOfCare => ({ edition: 3, code });
const fourth = (code: string): LevelOfCare => ({ edition: 4, code });
const clinician = { userId: 'user-clinician-1', role: 'clinician' };

const HOLD: SafetyHold = { screeningId: 'screening-1', instrument: 'C-SSRS', riskCategory: 'high', placedAt: '2026-01-03T10:00:00.000Z' };

const opened = (level: LevelOfCare = third('3.7')): EpisodeOpened => ({
  type: 'EpisodeOpened',
  data: {
    episodeId: 'episode-1',
    clientId: 'client-1',
    level,
    siteId: 'site-north',
    programmeId: 'site-north/3-3.7/other',
    openedBy: clinician,
    assessmentId: 'assessment-1',
    admissionId: 'admission-1',
    startDate: '2026-01-05',
  },
});
const holdNoted = (hold: Partial<SafetyHold> = {}): SafetyHoldNoted => ({
  type: 'SafetyHoldNoted',
  data: { episodeId: 'episode-1', clientId: 'client-1', ...HOLD, ...hold },
});
const holdLifted = (releasedAt = '2026-01-20T09:00:00.000Z'): SafetyHoldLifted => ({
  type: 'SafetyHoldLifted',
  data: {
    episodeId: 'episode-1',
    clientId: 'client-1',
    screeningId: 'screening-1',
    reason: 'safety-plan-recorded',
    safetyPlanId: 'safety-plan-1',
    releasedAt,
  },
});
const levelChanged = (from: LevelOfCare, to: LevelOfCare, effectiveDate = '2026-01-12'): LevelOfCareChanged => ({
  type: 'LevelOfCareChanged',
  data: {
    episodeId: 'episode-1',
    from,
    to,
    direction: 'step-up',
    reason: { code: 'safety-risk' },
    evidence: [{ kind: 'screening', id: 'screening-1' }],
    decidedBy: clinician,
    effectiveDate,
  },
});
const discharged: EpisodeDischarged = {
  type: 'EpisodeDischarged',
  data: {
    episodeId: 'episode-1',
    disposition: 'against-advice',
    dischargeSummaryRef: 'summary-1',
    dischargedBy: clinician,
    date: '2026-01-10',
  },
};

const noteHold = (hold: Partial<SafetyHold> = {}, clientId = 'client-1'): NoteSafetyHold => ({
  type: 'NoteSafetyHold',
  data: { clientId, hold: { ...HOLD, ...hold } },
});
const liftHold = (release: Partial<LiftSafetyHold['data']['release']> = {}): LiftSafetyHold => ({
  type: 'LiftSafetyHold',
  data: {
    clientId: 'client-1',
    release: { reason: 'safety-plan-recorded', safetyPlanId: 'safety-plan-1', releasedAt: '2026-01-20T09:00:00.000Z', ...release },
  },
});
const changeLevel = (from: LevelOfCare, to: LevelOfCare, effectiveDate = '2026-01-21'): ChangeLevelOfCare => ({
  type: 'ChangeLevelOfCare',
  data: {
    from,
    to,
    reason: { code: 'clinical-progress' },
    evidence: [{ kind: 'review', id: 'review-1' }],
    decidedBy: clinician,
    effectiveDate,
  },
});
const transfer = (effectiveDate = '2026-01-21'): TransferSite => ({
  type: 'TransferSite',
  data: { toSiteId: 'site-south', reason: { code: 'clinical-need' }, decidedBy: clinician, effectiveDate },
});
const openEpisode = (level: LevelOfCare, safetyHold?: SafetyHold): OpenEpisode => ({
  type: 'OpenEpisode',
  data: { ...opened(level).data, ...(safetyHold === undefined ? {} : { safetyHold }) },
});

describe("the network's safety level", () => {
  it('is 3.7 unless the network says otherwise', () => {
    expect(DEFAULT_SAFETY_HOLD_POLICY.safetyLevel).toEqual(third('3.7'));
  });

  it.each([
    [third('3.7'), true],
    [fourth('3.7'), true],
    [third('4'), true],
    [fourth('4.0'), true],
    [third('3.5'), false],
    [fourth('3.5'), false],
    [third('3.3'), false],
    [third('3.1'), false],
    [fourth('2.7'), false],
    [third('2.1'), false],
  ])('compares %p with 3rd-edition 3.7 by intensity rank, across editions (at or above: %p)', (level, atOrAbove) => {
    expect(isAtOrAbove(level, third('3.7'))).toBe(atOrAbove);
  });

  it("reads a network's code in the 3rd edition where it has it, else in the 4th", () => {
    expect(safetyLevelOfCode('3.7')).toEqual(third('3.7'));
    expect(safetyLevelOfCode('4')).toEqual(third('4'));
    expect(safetyLevelOfCode('4.0')).toEqual(fourth('4.0'));
  });

  it('refuses a code neither edition holds, rather than leave held clients unprotected', () => {
    expect(() => safetyLevelOfCode('3.9')).toThrow(/3\.9 is not a level code of the ASAM 3rd or 4th edition/);
    expect(() => safetyHoldPolicy({ safetyLevel: fourth('3.3') })).toThrow(/not in the level catalogue/);
  });
});

describe('a hold placed while the episode is open', () => {
  it('is noted on the episode with the screening that placed it, ids and codes only', () =>
    spec.given(opened()).when(noteHold()).then(holdNoted()));

  it('notes nothing more while the client is already held (a second placement, a redelivery)', () =>
    spec
      .given(opened(), holdNoted())
      .when(noteHold({ screeningId: 'screening-2' }))
      .thenNothingHappens());

  it('keeps what a caller slips into the hold out of the ledger', () => {
    const [event] = spec
      .given(opened())
      .when(noteHold({ answers: { q4: 'yes, tonight' } } as Partial<SafetyHold>))
      .events();
    expect(JSON.stringify(event)).not.toContain('tonight');
  });

  it('refuses a hold without the screening that placed it', () =>
    spec
      .given(opened())
      .when(noteHold({ screeningId: '' }))
      .thenThrows(/screeningId: give the id of the screening/, 'invalid-safety-hold'));

  it("refuses to note a hold on another client's episode", () =>
    spec
      .given(opened())
      .when(noteHold({}, 'client-2'))
      .thenThrows(/episode episode-1 is not client client-2's/, 'not-the-clients-episode'));

  it("leaves a discharged episode as it is: the client's claim stream carries the hold to the next episode", () =>
    spec.given(opened(), discharged).when(noteHold()).thenNothingHappens());

  it('never moves the level or its date', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), holdNoted()]);
    expect(state).toMatchObject({ status: 'open', level: third('3.7'), lastEffectiveDate: '2026-01-05', safetyHold: HOLD });
  });

  it('is no segment of the level timeline', () => {
    expect(timeline([opened(), holdNoted(), holdLifted()])).toHaveLength(1);
  });
});

describe('a hold that came before the episode opened', () => {
  it('opens with the episode', () =>
    spec
      .given()
      .when(openEpisode(third('3.7'), HOLD))
      .then({ ...opened(), data: { ...opened().data } }, holdNoted()));

  it('is recorded even when intake admitted below the safety level, and shows the client below it', () => {
    const events = spec
      .given()
      .when(openEpisode(third('2.1'), HOLD))
      .events();
    expect(events.map((event) => event.type)).toEqual(['EpisodeOpened', 'SafetyHoldNoted']);
    const state = fold(careEpisode.evolve, careEpisode.initialState, events);
    if (state.status === 'not-opened') throw new Error('not opened');
    expect(safetyHoldStatus(state)).toEqual({ isOnSafetyHold: true, safetyLevel: third('3.7'), hold: HOLD, isBelowSafetyLevel: true });
  });
});

describe('level changes while the client is held', () => {
  describe('from 3rd-edition 4 (medically managed inpatient)', () => {
    const held = [opened(third('4')), holdNoted()];
    it('allows a step-down to the safety level itself, 3.7', () =>
      spec
        .given(...held)
        .when(changeLevel(third('4'), third('3.7')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { to: third('3.7'), direction: 'step-down' } }));

    it("allows a step-down to the 4th edition's 3.7, the same rank", () =>
      spec
        .given(...held)
        .when(changeLevel(third('4'), fourth('3.7')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { to: fourth('3.7') } }));

    it('refuses a step-down to 3.5, one level below, in the 3rd edition', () =>
      spec
        .given(...held)
        .when(changeLevel(third('4'), third('3.5')))
        .thenThrows(/3\.5 \(High-intensity residential, clinically managed, 3rd ed\.\) is below it/, 'below-safety-level'));

    it('refuses a step-down to 3.5 in the 4th edition too', () =>
      spec
        .given(...held)
        .when(changeLevel(third('4'), fourth('3.5')))
        .thenThrows(/4th ed\.\) is below it/, 'below-safety-level'));
  });

  describe('from 3.7', () => {
    const held = [opened(), holdNoted()];
    it.each([
      third('3.5'),
      third('3.3'),
      third('3.1'),
      third('2.5'),
      third('2.1'),
      third('1'),
      fourth('3.5'),
      fourth('3.1'),
      fourth('2.7'),
      fourth('2.1'),
      fourth('1.5'),
    ])('refuses a step-down to %p', (to) =>
      spec
        .given(...held)
        .when(changeLevel(third('3.7'), to))
        .thenThrows(/on a safety hold/, 'below-safety-level'),
    );

    it('allows a step-up to 3rd-edition 4 or 4th-edition 4.0', () => {
      spec
        .given(...held)
        .when(changeLevel(third('3.7'), third('4')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { direction: 'step-up' } });
      spec
        .given(...held)
        .when(changeLevel(third('3.7'), fourth('4.0')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { direction: 'step-up' } });
    });

    it('allows re-coding 3.7 to the 4th edition (lateral)', () =>
      spec
        .given(...held)
        .when(changeLevel(third('3.7'), fourth('3.7')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { direction: 'lateral' } }));

    it('says why, what the level must be, and what ends the hold', () =>
      spec
        .given(...held)
        .when(changeLevel(third('3.7'), third('2.1')))
        .thenThrows(
          /the client is on a safety hold \(C-SSRS high risk, screening screening-1\): while it lasts a level change must keep them at or above the network's safety level, 3\.7 \(Intensive inpatient, medically monitored, 3rd ed\.\), and 2\.1 \(IOP, 3rd ed\.\) is below it\. Either choose 3\.7 .* or a more intensive level, or have a clinician record a suicide-risk assessment and a safety plan for the client in intake: that ends the hold, and then this change can be made/,
          'below-safety-level',
        ));

    it("names the level, the safety level and the hold in the problem's details", () => {
      let details: unknown;
      try {
        careEpisode.decide(
          changeLevel(third('3.7'), third('2.1')),
          fold(careEpisode.evolve, careEpisode.initialState, held),
          new Date('2026-01-21T12:00:00.000Z'),
        );
      } catch (error) {
        details = (error as { details?: unknown }).details;
      }
      expect(details).toEqual({
        level: third('2.1'),
        safetyLevel: third('3.7'),
        safetyHold: { screeningId: 'screening-1', placedAt: HOLD.placedAt },
        endsWhen: 'safety-plan-recorded',
      });
    });
  });

  describe('once the hold is lifted', () => {
    it('allows the step-down to IOP', () =>
      spec
        .given(opened(), holdNoted(), holdLifted())
        .when(changeLevel(third('3.7'), third('2.1')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { to: third('2.1'), direction: 'step-down' } }));
  });

  describe('opened below the safety level under a hold', () => {
    const held = [opened(third('2.1')), holdNoted()];
    it('refuses a step-up that stops short of the safety level', () =>
      spec
        .given(...held)
        .when(changeLevel(third('2.1'), third('2.5')))
        .thenThrows(/2\.5 \(PHP, 3rd ed\.\) is below it/, 'below-safety-level'));

    it('allows the step-up to the safety level', () =>
      spec
        .given(...held)
        .when(changeLevel(third('2.1'), fourth('3.7')))
        .thenMatches({ type: 'LevelOfCareChanged', data: { direction: 'step-up' } }));
  });

  it("follows the network's own safety level", () => {
    const network = createCareEpisodeDecider(
      DEFAULT_LEVEL_CATALOGUE,
      DEFAULT_FACT_DATE_POLICY,
      safetyHoldPolicy({ safetyLevel: third('3.5') }),
    );
    const networkSpec = deciderSpec(network, { nowOf: onItsDay });
    networkSpec
      .given(opened(), holdNoted())
      .when(changeLevel(third('3.7'), fourth('3.5')))
      .thenMatches({ type: 'LevelOfCareChanged' });
    networkSpec
      .given(opened(), holdNoted())
      .when(changeLevel(third('3.7'), third('3.1')))
      .thenThrows(/safety level, 3\.5/, 'below-safety-level');
  });

  it('leaves every level change free when the client is not held', () =>
    spec
      .given(opened())
      .when(changeLevel(third('3.7'), third('2.1')))
      .thenMatches({ type: 'LevelOfCareChanged' }));
});

describe('transfers while the client is held', () => {
  it('moves a held client at the safety level', () =>
    spec.given(opened(), holdNoted()).when(transfer()).thenMatches({ type: 'SiteTransferred' }));

  it('refuses to move a held client who is below the safety level, until stepped up', () =>
    spec
      .given(opened(third('2.1')), holdNoted())
      .when(transfer())
      .thenThrows(
        /and at 2\.1 \(IOP, 3rd ed\.\), below the network's safety level, 3\.7 .*: a transfer would place them at the new site below it\. Either step the client up/,
        'below-safety-level',
      ));

  it('moves the same client once the hold is lifted', () =>
    spec
      .given(opened(third('2.1')), holdNoted(), holdLifted())
      .when(transfer())
      .thenMatches({ type: 'SiteTransferred' }));
});

describe('lifting the hold', () => {
  it('lifts it when intake records a safety plan, naming the screening that placed it', () =>
    spec.given(opened(), holdNoted()).when(liftHold()).then(holdLifted()));

  it('keeps it when intake released it because the client was admitted at a 24-hour level', () =>
    spec
      .given(opened(), holdNoted())
      .when(liftHold({ reason: 'placed-at-24-hour-level', safetyPlanId: undefined }))
      .thenNothingHappens());

  it("keeps it when the release is older than the hold (an earlier hold's release, delivered late)", () =>
    spec
      .given(opened(), holdNoted())
      .when(liftHold({ releasedAt: '2026-01-02T10:00:00.000Z' }))
      .thenNothingHappens());

  it('lifts nothing when the client is not held (a redelivered release)', () =>
    spec.given(opened(), holdNoted(), holdLifted()).when(liftHold()).thenNothingHappens());

  it('refuses a release without its instant', () =>
    spec
      .given(opened(), holdNoted())
      .when(liftHold({ releasedAt: 'yesterday' }))
      .thenThrows(/releasedAt: give the instant/, 'invalid-safety-hold'));
});

describe("the client's claim stream keeps the hold whatever their episodes", () => {
  const noted: ClientSafetyHoldNoted = { type: 'SafetyHoldNoted', data: { clientId: 'client-1', ...HOLD } };
  const lifted: ClientSafetyHoldLifted = {
    type: 'SafetyHoldLifted',
    data: {
      clientId: 'client-1',
      screeningId: 'screening-1',
      reason: 'safety-plan-recorded',
      safetyPlanId: 'safety-plan-1',
      releasedAt: '2026-01-20T09:00:00.000Z',
    },
  };

  it('notes a hold that arrives before any episode', () => claimSpec.given().when(noteHold()).then(noted));

  it('notes nothing more while the client is held', () =>
    claimSpec
      .given(noted)
      .when(noteHold({ screeningId: 'screening-2' }))
      .thenNothingHappens());

  it('lifts it on a safety plan, and the next episode opens without it', () => {
    claimSpec.given(noted).when(liftHold()).then(lifted);
    expect(fold(clientEpisodes.evolve, clientEpisodes.initialState, [noted, lifted]).safetyHold).toBeUndefined();
  });

  it('keeps it on a release by admission at a 24-hour level', () =>
    claimSpec
      .given(noted)
      .when(liftHold({ reason: 'placed-at-24-hour-level' }))
      .thenNothingHappens());

  it('offers the hold to the writer that opens the next episode', () => {
    const state = fold(clientEpisodes.evolve, clientEpisodes.initialState, [
      { type: 'EpisodeStarted', data: { clientId: 'client-1', episodeId: 'episode-1', startDate: '2026-01-05' } },
      { type: 'EpisodeEnded', data: { clientId: 'client-1', episodeId: 'episode-1', endDate: '2026-01-10' } },
      noted,
    ]);
    expect(state.safetyHold).toEqual(HOLD);
  });
});

describe('the episode view of the hold', () => {
  it('says when the client is not held, with the safety level', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened()]);
    if (state.status === 'not-opened') throw new Error('not opened');
    expect(safetyHoldStatus(state)).toEqual({ isOnSafetyHold: false, safetyLevel: third('3.7') });
  });

  it('shows a held client at the safety level as not below it', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(fourth('3.7')), holdNoted()]);
    if (state.status === 'not-opened') throw new Error('not opened');
    expect(safetyHoldStatus(state)).toMatchObject({ isOnSafetyHold: true, isBelowSafetyLevel: false });
  });

  it('follows a level change up to the safety level', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [
      opened(third('2.1')),
      holdNoted(),
      levelChanged(third('2.1'), third('3.7')),
    ]);
    if (state.status === 'not-opened') throw new Error('not opened');
    expect(safetyHoldStatus(state)).toMatchObject({ isBelowSafetyLevel: false });
  });
});
