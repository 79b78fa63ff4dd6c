import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { type RecordScreening } from './commands.js';
import { type ScreeningWorsened } from './events.js';
import { intakeConfig } from './config.js';
import { intakeDecider } from './decide.js';
import { type ScreeningAnswers, type ScreeningRecord, scoreScreening } from './screening.js';
import { defaultMeasurementConfig, screeningTrend } from './measurement.js';
import {
  CLIENT_ID,
  admission,
  assessment,
  cssrs,
  gad7,
  historyOf,
  itemsSummingTo,
  noSuicideRisk,
  phq9,
  placementDecision,
  referral,
  registration,
  screening,
  yesAnswers,
} from './testing/intake-fixtures.js';

// Measurement during treatment (docs/domain/screening.md#measurement-during-treatment): screenings
// of an admitted client, each with its date; the trend per instrument; a worsening told to the plan.

const spec = deciderSpec(intakeDecider());
const at = DEFAULT_NOW.toISOString();
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
/** 0–3 answers summing to `total`, item 9 (thoughts of self-harm) at 0. */
const phq9Of = (total: number) => phq9(itemsSummingTo(total, 9, 3));
const gad7Of = (total: number) => gad7(itemsSummingTo(total, 7, 3));
const dast10 = (yes: number): ScreeningAnswers => {
  const others = yesAnswers(yes, 9);
  return { instrument: 'DAST-10', items: [others[0]!, others[1]!, true, ...others.slice(2)] };
};
/** Screened at intake with these (the C-SSRS the assessment needs first), assessed, placed at IOP and admitted. */
const admittedAfter = (...atIntake: RecordScreening[]) => [
  referral(),
  registration(),
  ...atIntake,
  screening(noSuicideRisk, 'cssrs-intake'),
  assessment(),
  placementDecision(),
  admission(),
];

describe('screening during treatment keeps its date', () => {
  it("dates a screening today at the client's site when no day is given", () =>
    given(...admittedAfter())
      .when(screening(phq9Of(6), 'week-4'))
      .thenMatches({ type: 'ScreeningRecorded', data: { screeningId: 'week-4', administeredOn: '2026-01-15' } }));

  it('records a screening given on an earlier day as a late entry, with its reason', () =>
    given(...admittedAfter())
      .when({
        ...screening(phq9Of(6), 'week-4'),
        data: { ...screening(phq9Of(6), 'week-4').data, administeredOn: '2026-01-13', lateEntryReason: 'transcribed-from-paper' },
      })
      .thenMatches({
        type: 'ScreeningRecorded',
        data: { administeredOn: '2026-01-13', lateEntryReason: 'transcribed-from-paper', recordedAt: at },
      }));

  it('refuses a screening dated after today, or earlier without a reason, naming the field', () => {
    const dated = (administeredOn: string): RecordScreening => ({
      ...screening(phq9Of(6)),
      data: { ...screening(phq9Of(6)).data, administeredOn },
    });
    given(...admittedAfter())
      .when(dated('2026-01-16'))
      .thenThrows(/administeredOn: the screening is recorded once it has happened/, 'invalid-screening-answers');
    given(...admittedAfter())
      .when(dated('2026-01-14'))
      .thenThrows(/lateEntryReason: the screening is dated 2026-01-14, before today/, 'invalid-screening-answers');
  });

  it("counts a C-SSRS entered late from the start of the day it was given, for the assessment's 24 hours", () => {
    const yesterday: RecordScreening = {
      ...screening(noSuicideRisk),
      data: { ...screening(noSuicideRisk).data, administeredOn: '2026-01-14', lateEntryReason: 'documented-late' },
    };
    // Given 2026-01-14, recorded 2026-01-15 09:00: from 2026-01-14T00:00Z, 33 hours before now.
    given(referral(), registration(), yesterday)
      .when(assessment())
      .thenThrows(/more than 24 hours old/, 'cssrs-required');
  });
});

describe('a worsening during treatment is told to the treatment plan', () => {
  const worsened = (data: Omit<ScreeningWorsened['data'], 'clientId' | 'siteId' | 'recordedAt'>): ScreeningWorsened => ({
    type: 'ScreeningWorsened',
    data: { clientId: CLIENT_ID, siteId: 'site-north', ...data, recordedAt: at },
  });

  it("tells a PHQ-9 up 5 points and a band up, with exactly the contract's fields", () =>
    given(...admittedAfter(screening(phq9Of(10), 'baseline')))
      .when(screening(phq9Of(15), 'week-2'))
      .then(
        {
          type: 'ScreeningRecorded',
          data: {
            clientId: CLIENT_ID,
            screeningId: 'week-2',
            answers: phq9Of(15),
            outcome: scoreScreening(phq9Of(15)),
            administeredOn: '2026-01-15',
            recordedAt: at,
          },
        },
        worsened({
          screeningId: 'week-2',
          instrument: 'PHQ-9',
          score: 15,
          band: 'moderately-severe',
          previousScore: 10,
          previousBand: 'moderate',
          reasons: ['score-up', 'band-up'],
        }),
      ));

  // 20 and 25 both severe, both with item 9 at 1: a rise of 5 and nothing else.
  const severe20 = phq9([3, 3, 3, 3, 3, 3, 1, 0, 1]);
  const severe25 = phq9([3, 3, 3, 3, 3, 3, 3, 3, 1]);
  it.each([
    ['up 5 within a band (20 → 25)', ['score-up'], severe20, severe25],
    ['up 4 into the next band (9 → 13)', ['band-up'], phq9Of(9), phq9Of(13)],
    ['up 4 within a band (10 → 14)', [], phq9Of(10), phq9Of(14)],
    ['down (15 → 9)', [], phq9Of(15), phq9Of(9)],
  ] as const)('PHQ-9 %s tells %j', (_name, reasons, before, after) => {
    const events = given(...admittedAfter(screening(before, 'before')))
      .when(screening(after, 'after'))
      .events();
    const told = events.find((event) => event.type === 'ScreeningWorsened');
    expect(told?.data ?? { reasons: [] }).toMatchObject({ reasons });
  });

  it('compares with the previous screening, not the baseline', () =>
    given(...admittedAfter(screening(phq9Of(20), 'baseline')), screening(phq9Of(8), 'week-2'))
      .when(screening(phq9Of(13), 'week-4'))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'ScreeningWorsened', data: { previousScore: 8, previousBand: 'mild', reasons: ['score-up', 'band-up'] } },
      ));

  it('tells a GAD-7 band up (9 → 10), and not a rise within a band', () => {
    given(...admittedAfter(screening(gad7Of(9))))
      .when(screening(gad7Of(10)))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'ScreeningWorsened', data: { instrument: 'GAD-7', band: 'moderate', previousBand: 'mild', reasons: ['band-up'] } },
        { type: 'CoOccurringConditionIdentified', data: { condition: 'anxiety' } },
      );
    given(...admittedAfter(screening(gad7Of(10))))
      .when(screening(gad7Of(14)))
      .thenMatches({ type: 'ScreeningRecorded' });
  });

  it('tells a DAST-10 band up', () =>
    given(...admittedAfter(screening(dast10(2))))
      .when(screening(dast10(3)))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'ScreeningWorsened', data: { instrument: 'DAST-10', band: 'moderate', previousBand: 'low', reasons: ['band-up'] } },
      ));

  it('tells a new C-SSRS risk against the screener before it, beside its same-day follow-up', () =>
    given(...admittedAfter())
      .when(screening(cssrs({ q2: true, q3: true, q4: false, q5: false }), 'cssrs-week-3'))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyFollowUpOpened' },
        {
          type: 'ScreeningWorsened',
          data: { instrument: 'C-SSRS', band: 'moderate', previousBand: 'none', previousScore: 0, reasons: ['new-suicide-risk'] },
        },
      ));

  it('tells no new C-SSRS risk when the category stays or falls', () => {
    const moderate = cssrs({ q2: true, q3: true, q4: false, q5: false });
    given(...admittedAfter(), screening(moderate))
      .when(screening(moderate))
      .thenMatches({ type: 'ScreeningRecorded' });
    given(...admittedAfter(), screening(moderate))
      .when(screening(cssrs({ q1: true })))
      .thenMatches({ type: 'ScreeningRecorded' });
  });

  it('tells a new suicide risk when PHQ-9 item 9 rises above 0 (safer reading), with its follow-up', () =>
    given(...admittedAfter(screening(phq9([1, 1, 1, 1, 0, 0, 0, 0, 0]))))
      .when(screening(phq9([1, 1, 1, 1, 0, 0, 0, 0, 1])))
      .thenMatches(
        { type: 'ScreeningRecorded' },
        { type: 'SafetyFollowUpOpened' },
        {
          type: 'ScreeningWorsened',
          data: { score: 5, band: 'mild', previousBand: 'none-minimal', reasons: ['band-up', 'new-suicide-risk'] },
        },
      ));

  it('tells nothing at intake, before admission: there is no plan to review yet', () =>
    given(referral(), registration(), screening(phq9Of(5)))
      .when(screening(phq9Of(20)))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'CoOccurringConditionIdentified' }));

  it("follows the network's score rise", () =>
    deciderSpec(intakeDecider(intakeConfig({ measurement: { worseningScoreRise: { 'PHQ-9': 3 } } })))
      .given(...historyOf(admittedAfter(screening(phq9Of(10)))))
      .when(screening(phq9Of(13)))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'ScreeningWorsened', data: { reasons: ['score-up'] } }));

  it('compares a screening entered late with the one given before its date', () => {
    const lateOn = (answers: ScreeningAnswers, screeningId: string, administeredOn: string): RecordScreening => ({
      ...screening(answers, screeningId),
      data: { ...screening(answers, screeningId).data, administeredOn, lateEntryReason: 'transcribed-from-paper' },
    });
    // The week-1 paper form (4) arrives after today's 12: it is compared with the intake baseline (5), not with 12.
    given(...admittedAfter(lateOn(phq9Of(5), 'baseline', '2026-01-10')), screening(phq9Of(12), 'today'))
      .when(lateOn(phq9Of(4), 'week-1', '2026-01-12'))
      .thenMatches({ type: 'ScreeningRecorded' });
  });
});

describe("a client's trend per instrument", () => {
  let n = 0;
  const measured = (answers: ScreeningAnswers, administeredOn: string): ScreeningRecord => ({
    screeningId: `s-${++n}`,
    outcome: scoreScreening(answers),
    recordedAt: `${administeredOn}T10:00:00.000Z`,
    administeredOn,
  });
  const trendOf = (instrument: Parameters<typeof screeningTrend>[1], ...screenings: ScreeningRecord[]) =>
    screeningTrend(screenings, instrument, defaultMeasurementConfig);

  it('lists the dated scores and bands in the order given, from the baseline to the latest', () => {
    const trend = trendOf(
      'PHQ-9',
      measured(phq9Of(9), '2026-02-01'),
      measured(phq9Of(14), '2026-01-05'),
      measured(gad7Of(12), '2026-01-05'),
    );
    expect(trend.points.map((p) => [p.administeredOn, p.score, p.band])).toEqual([
      ['2026-01-05', 14, 'moderate'],
      ['2026-02-01', 9, 'mild'],
    ]);
    expect(trend).toMatchObject({ baseline: { score: 14 }, latest: { score: 9 }, changeFromBaseline: -5 });
  });

  it.each([
    [14, 7, true],
    [14, 8, false],
    [10, 5, true],
    [10, 6, false],
  ] as const)('a PHQ-9 from %i to %i is a response: %s (50 %% below the baseline or more)', (baseline, latest, isResponse) => {
    expect(trendOf('PHQ-9', measured(phq9Of(baseline), '2026-01-05'), measured(phq9Of(latest), '2026-02-05')).isResponse).toBe(isResponse);
  });

  it.each([
    ['PHQ-9', 4, true],
    ['PHQ-9', 5, false],
    ['GAD-7', 4, true],
    ['GAD-7', 5, false],
  ] as const)('a latest %s of %i is remission: %s (below 5)', (instrument, latest, isRemission) => {
    const answers = instrument === 'PHQ-9' ? phq9Of : gad7Of;
    expect(trendOf(instrument, measured(answers(12), '2026-01-05'), measured(answers(latest), '2026-02-05')).isRemission).toBe(isRemission);
  });

  it('cannot say response with one score, or from a baseline of 0', () => {
    expect(trendOf('PHQ-9', measured(phq9Of(12), '2026-01-05'))).toMatchObject({
      isResponse: null,
      changeFromBaseline: null,
      isRemission: false,
    });
    expect(trendOf('PHQ-9', measured(phq9Of(0), '2026-01-05'), measured(phq9Of(0), '2026-02-05')).isResponse).toBeNull();
  });

  it('measures response on AUDIT-C and DAST-10 too, and remission only on PHQ-9 and GAD-7', () => {
    const auditC = (total: number): ScreeningAnswers => ({ instrument: 'AUDIT-C', items: itemsSummingTo(total, 3, 4), sex: 'female' });
    expect(trendOf('AUDIT-C', measured(auditC(8), '2026-01-05'), measured(auditC(3), '2026-02-05'))).toMatchObject({
      isResponse: true,
      isRemission: null,
    });
  });

  it('reports the C-SSRS by its risk category, with no response or remission', () => {
    const trend = trendOf('C-SSRS', measured(cssrs({ q1: true }), '2026-01-05'), measured(noSuicideRisk, '2026-02-05'));
    expect(trend.points.map((p) => p.band)).toEqual(['low', 'none']);
    expect(trend).toMatchObject({ isResponse: null, isRemission: null });
  });

  it('is empty for an instrument never given', () => {
    expect(trendOf('GAD-7', measured(phq9Of(5), '2026-01-05'))).toEqual({
      instrument: 'GAD-7',
      points: [],
      baseline: null,
      latest: null,
      changeFromBaseline: null,
      isResponse: null,
      isRemission: null,
    });
  });
});
