import { type CalendarDate } from '@continuum/care-episode';
import {
  DRUG_USE_BANDS,
  GAD7_BANDS,
  type Instrument,
  PHQ9_BANDS,
  SUICIDE_RISK_CATEGORIES,
  type ScreeningOutcome,
  type ScreeningRecord,
} from './screening.js';

// Measurement-based care (docs/domain/screening.md#measurement-during-treatment): screenings
// repeated during treatment, each with the date it was given; a client's trend per instrument
// (dated scores and bands, response and remission), and a worsening told to the treatment plan.

export type MeasurementConfig = {
  /** A rise of at least this many points from the previous score is a worsening (`score-up`); instruments not listed have none. */
  worseningScoreRise: Partial<Record<Instrument, number>>;
  /** Response: the latest score at least this many percent below the baseline (the episode's first score). */
  responseDropPercent: number;
  /** Remission: the latest score below this; instruments not listed have no remission. */
  remissionBelow: Partial<Record<Instrument, number>>;
};

export const defaultMeasurementConfig: MeasurementConfig = {
  // Löwe B, Unützer J, Callahan CM, et al. Med Care 2004;42:1194–1201: a change of 5 points is
  // the PHQ-9's minimal clinically important difference.
  worseningScoreRise: { 'PHQ-9': 5 },
  // Response as a fall of 50 % or more from baseline, and remission as PHQ-9 < 5 (Kroenke,
  // Spitzer & Williams 2001) and GAD-7 < 5 (Spitzer et al. 2006): the scores of the
  // none-minimal band.
  responseDropPercent: 50,
  remissionBelow: { 'PHQ-9': 5, 'GAD-7': 5 },
};

/** The instruments whose change in score response is measured on: symptom and use scales, not the C-SSRS triage or the yes counts of PC-PTSD-5 and MDQ. */
const MEASURED_FOR_RESPONSE: readonly Instrument[] = ['PHQ-9', 'GAD-7', 'AUDIT-C', 'DAST-10'];

export const WORSENING_REASONS = ['score-up', 'band-up', 'new-suicide-risk'] as const;
export type WorseningReason = (typeof WORSENING_REASONS)[number];

/** The day the screening was given: its own date, or (recorded before dates were kept) the day it was recorded. */
export const administeredOnOf = (screening: ScreeningRecord): CalendarDate => screening.administeredOn ?? screening.recordedAt.slice(0, 10);

/** In the order the screenings were given: by date, then by when they were recorded. */
export function inOrderGiven<Screening extends ScreeningRecord>(screenings: readonly Screening[]): Screening[] {
  return [...screenings].sort((a, b) => administeredOnOf(a).localeCompare(administeredOnOf(b)) || a.recordedAt.localeCompare(b.recordedAt));
}

// One scale for the bands of every instrument that has them, so "a band up" compares like with
// like: each instrument's bands as scoring names them, least severe first.
const BAND_RANKS: Partial<Record<Instrument, readonly string[]>> = {
  'PHQ-9': PHQ9_BANDS,
  'GAD-7': GAD7_BANDS,
  'DAST-10': DRUG_USE_BANDS,
  'C-SSRS': SUICIDE_RISK_CATEGORIES,
};

/** The band a screening is reported with: the PHQ-9 or GAD-7 severity band, the DAST-10 drug-use band, the C-SSRS risk category. */
export function bandOf(outcome: ScreeningOutcome): string | undefined {
  return outcome.band ?? outcome.category;
}

const rankOf = (instrument: Instrument, band: string | undefined) =>
  band === undefined ? -1 : (BAND_RANKS[instrument]?.indexOf(band) ?? -1);
const hasSuicideRisk = (outcome: ScreeningOutcome) =>
  outcome.instrument === 'C-SSRS' ? outcome.category !== undefined && outcome.category !== 'none' : outcome.needsSameDayFollowUp;

/**
 * Why this screening is a worsening against the previous one of its instrument in the episode
 * (empty when it is not):
 * - `score-up`: the score rose by the instrument's threshold or more (PHQ-9: 5 points);
 * - `band-up`: its band is higher (PHQ-9, GAD-7, DAST-10);
 * - `new-suicide-risk`: a C-SSRS risk category higher than before (none when there was no earlier
 *   screener), or — safer reading — a PHQ-9 whose item 9 is above 0 after one at 0 (or none).
 */
export function worseningReasons(
  current: ScreeningOutcome,
  previous: ScreeningOutcome | undefined,
  config: MeasurementConfig,
): WorseningReason[] {
  const reasons: WorseningReason[] = [];
  const rise = config.worseningScoreRise[current.instrument];
  if (previous && rise !== undefined && current.score - previous.score >= rise) reasons.push('score-up');
  if (
    current.instrument !== 'C-SSRS' &&
    previous &&
    rankOf(current.instrument, bandOf(current)) > rankOf(current.instrument, bandOf(previous))
  )
    reasons.push('band-up');
  if (current.instrument === 'C-SSRS' && rankOf('C-SSRS', current.category) > rankOf('C-SSRS', previous?.category ?? 'none'))
    reasons.push('new-suicide-risk');
  if (current.instrument === 'PHQ-9' && hasSuicideRisk(current) && !(previous && hasSuicideRisk(previous)))
    reasons.push('new-suicide-risk');
  return reasons;
}

/** The screening given before `current` among the same instrument's (by date given, then recording), if any. */
export function previousOf<Screening extends ScreeningRecord>(
  screenings: readonly Screening[],
  current: ScreeningRecord,
): Screening | undefined {
  const ordered = inOrderGiven(
    screenings.filter((s) => s.outcome.instrument === current.outcome.instrument && s.screeningId !== current.screeningId),
  );
  return ordered
    .filter(
      (s) =>
        administeredOnOf(s) < administeredOnOf(current) ||
        (administeredOnOf(s) === administeredOnOf(current) && s.recordedAt <= current.recordedAt),
    )
    .at(-1);
}

export type TrendPoint = {
  screeningId: string;
  administeredOn: CalendarDate;
  recordedAt: string;
  score: number;
  band: string | null;
  positive: boolean;
};

export type ScreeningTrend = {
  instrument: Instrument;
  /** Every screening of the instrument in the episode, in the order given. */
  points: TrendPoint[];
  /** The episode's first score. */
  baseline: TrendPoint | null;
  latest: TrendPoint | null;
  /** Latest minus baseline, in points; null with fewer than two screenings. */
  changeFromBaseline: number | null;
  /** The latest at least `responseDropPercent` below a baseline above 0; null where it cannot be said (fewer than two scores, a baseline of 0, an instrument without response). */
  isResponse: boolean | null;
  /** The latest below the instrument's remission cutoff (PHQ-9, GAD-7: 5); null for other instruments or with no score yet. */
  isRemission: boolean | null;
};

export function screeningTrend(screenings: readonly ScreeningRecord[], instrument: Instrument, config: MeasurementConfig): ScreeningTrend {
  const points = inOrderGiven(screenings.filter((s) => s.outcome.instrument === instrument)).map((s): TrendPoint => ({
    screeningId: s.screeningId,
    administeredOn: administeredOnOf(s),
    recordedAt: s.recordedAt,
    score: s.outcome.score,
    band: bandOf(s.outcome) ?? null,
    positive: s.outcome.positive,
  }));
  const baseline = points[0] ?? null;
  const latest = points.at(-1) ?? null;
  const hasTwo = points.length >= 2 && baseline !== null && latest !== null;
  const remissionBelow = config.remissionBelow[instrument];
  return {
    instrument,
    points,
    baseline,
    latest,
    changeFromBaseline: hasTwo ? latest.score - baseline.score : null,
    isResponse:
      hasTwo && baseline.score > 0 && MEASURED_FOR_RESPONSE.includes(instrument)
        ? (baseline.score - latest.score) * 100 >= config.responseDropPercent * baseline.score
        : null,
    isRemission: remissionBelow === undefined || latest === null ? null : latest.score < remissionBelow,
  };
}
