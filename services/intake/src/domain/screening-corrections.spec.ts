import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { fold } from '@continuum/decider';
import { type MarkScreeningEnteredInError, type RecordScreening } from './commands.js';
import { evolve, initialState } from './client.js';
import { intakeDecider } from './decide.js';
import {
  CLIENT_ID,
  admission,
  assessment,
  historyOf,
  itemsSummingTo,
  noSuicideRisk,
  phq9,
  placementDecision,
  referral,
  registration,
  screening,
} from './testing/intake-fixtures.js';

const spec = deciderSpec(intakeDecider());
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
const phq9Of = (total: number) => phq9(itemsSummingTo(total, 9, 3));
const markInError = (screeningId: string, reasonCode = 'wrong-client'): MarkScreeningEnteredInError => ({
  type: 'MarkScreeningEnteredInError',
  clientId: CLIENT_ID,
  data: { screeningId, reasonCode, markedBy: 'clinician-7' },
});
/** Screened at intake (a PHQ-9 of 14 as the baseline), assessed, placed and admitted. */
const admitted = (): Parameters<typeof historyOf>[0] => [
  referral(),
  registration(),
  screening(phq9Of(14), 'phq-intake'),
  screening(noSuicideRisk, 'cssrs-intake'),
  assessment(),
  placementDecision(),
  admission(),
];
const wrongClients: RecordScreening = screening(phq9Of(3), 'phq-wrong-client');

describe('marking a screening entered-in-error', () => {
  it('records the correction with its reason; the screening stays in the history and leaves the folded record', () => {
    given(...admitted(), wrongClients)
      .when(markInError('phq-wrong-client'))
      .then({
        type: 'ScreeningMarkedInError',
        data: {
          clientId: CLIENT_ID,
          screeningId: 'phq-wrong-client',
          reasonCode: 'wrong-client',
          markedBy: 'clinician-7',
          markedAt: DEFAULT_NOW.toISOString(),
        },
      });
    const history = historyOf([...admitted(), wrongClients, markInError('phq-wrong-client')]);
    expect(history.filter((event) => event.type === 'ScreeningRecorded').map((event) => event.data.screeningId)).toContain(
      'phq-wrong-client',
    );
    const state = fold(evolve, initialState, history);
    expect(state.screenings.map((s) => s.screeningId)).toEqual(['phq-intake', 'cssrs-intake']);
    expect(state.screeningsEnteredInError).toEqual([
      expect.objectContaining({ screeningId: 'phq-wrong-client', reasonCode: 'wrong-client' }),
    ]);
  });

  it('compares the next screening with the corrected list: no worsening against a screen that was not the client’s', () => {
    // Against the wrong client's 3, a 14 would be a worsening (score up 11, band up).
    given(...admitted(), wrongClients)
      .when(screening(phq9Of(14), 'phq-week-2'))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'ScreeningWorsened' });
    given(...admitted(), wrongClients, markInError('phq-wrong-client'))
      .when(screening(phq9Of(14), 'phq-week-2'))
      .thenMatches({ type: 'ScreeningRecorded' });
  });

  it('changes nothing when marked again, and refuses the same id recorded anew', () => {
    given(...admitted(), wrongClients, markInError('phq-wrong-client'))
      .when(markInError('phq-wrong-client'))
      .thenNothingHappens();
    given(...admitted(), wrongClients, markInError('phq-wrong-client'))
      .when(screening(phq9Of(8), 'phq-wrong-client'))
      .thenThrows(/already recorded/, 'screening-exists');
  });

  it('refuses a screening the record does not list, and a reason off the list', () => {
    given(...admitted())
      .when(markInError('phq-nowhere'))
      .thenThrows(/has no screening phq-nowhere/, 'unknown-screening');
    given(...admitted(), wrongClients)
      .when(markInError('phq-wrong-client', 'typo'))
      .thenThrows(/reasonCode: use one of wrong-client, duplicate, wrong-answers, wrong-date, other/, 'invalid-correction');
  });
});
