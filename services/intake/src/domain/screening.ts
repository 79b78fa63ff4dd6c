import { type CalendarDate } from '@continuum/care-episode';
import { type ValidationProblem } from './validation.js';

// Screening instruments as data, and their scoring. The score is always computed here from
// the item answers: a caller never supplies a score, so a total cannot disagree with its items.

export type Instrument = 'PHQ-9' | 'GAD-7' | 'PC-PTSD-5' | 'MDQ' | 'AUDIT-C' | 'DAST-10' | 'C-SSRS';
export type MdqImpairment = 'none' | 'minor' | 'moderate' | 'serious';
/** AUDIT-C cutoffs were validated for men and women; `unspecified` takes the lower (women's) cutoff so risk is not missed. */
export type AuditCSex = 'male' | 'female' | 'unspecified';

/**
 * C-SSRS screener, in the order it is asked. Q3–Q5 are asked only after a yes to Q2;
 * the Q6 follow-up (within the past three months) only after a yes to Q6.
 */
export type CssrsAnswers = {
  /** Q1 wished to be dead or not wake up (past month) */
  q1: boolean;
  /** Q2 actual thoughts of killing oneself (past month) */
  q2: boolean;
  /** Q3 thought about how (a method) */
  q3?: boolean;
  /** Q4 some intention of acting on the thoughts */
  q4?: boolean;
  /** Q5 started to work out or worked out the details of a plan, intending to carry it out */
  q5?: boolean;
  /** Q6 ever done, started or prepared anything to end one's life */
  q6: boolean;
  /** Q6 follow-up: was that within the past three months? */
  q6WithinPastThreeMonths?: boolean;
};

export type ScreeningAnswers =
  | { instrument: 'PHQ-9'; items: number[] }
  | { instrument: 'GAD-7'; items: number[] }
  /** `items` only when the exposure gate is answered yes. */
  | { instrument: 'PC-PTSD-5'; exposure: boolean; items?: boolean[] }
  | { instrument: 'MDQ'; items: boolean[]; sameTimePeriod: boolean; impairment: MdqImpairment }
  | { instrument: 'AUDIT-C'; items: number[]; sex: AuditCSex }
  | { instrument: 'DAST-10'; items: boolean[] }
  | { instrument: 'C-SSRS'; answers: CssrsAnswers };

/** DAST-10 drug-use bands, least to most severe. */
export const DRUG_USE_BANDS = ['none', 'low', 'moderate', 'substantial', 'severe'] as const;
export type DrugUseBand = (typeof DRUG_USE_BANDS)[number];
/** C-SSRS screener risk categories, least to most severe. */
export const SUICIDE_RISK_CATEGORIES = ['none', 'low', 'moderate', 'high'] as const;
export type SuicideRiskCategory = (typeof SUICIDE_RISK_CATEGORIES)[number];
/** PHQ-9 depression severity (Kroenke, Spitzer & Williams 2001): 0–4, 5–9, 10–14, 15–19, 20–27. */
export const PHQ9_BANDS = ['none-minimal', 'mild', 'moderate', 'moderately-severe', 'severe'] as const;
export type Phq9Band = (typeof PHQ9_BANDS)[number];
/** GAD-7 anxiety severity (Spitzer et al. 2006): 0–4, 5–9, 10–14, 15–21. */
export const GAD7_BANDS = ['minimal', 'mild', 'moderate', 'severe'] as const;
export type Gad7Band = (typeof GAD7_BANDS)[number];
export type SeverityBand = Phq9Band | Gad7Band;

export type ScreeningOutcome = {
  instrument: Instrument;
  score: number;
  positive: boolean;
  /** PHQ-9 and GAD-7: the published severity band of the score. */
  band?: SeverityBand;
  /** DAST-10: the drug-use band; C-SSRS: the risk category. */
  category?: DrugUseBand | SuicideRiskCategory;
  /** PHQ-9 item 9 (thoughts of self-harm) answered above 0. */
  needsSameDayFollowUp: boolean;
  /** C-SSRS high risk: puts the client on a safety hold. */
  hasImminentSuicideRisk: boolean;
  /** PC-PTSD-5 exposure gate answered yes. */
  reportsTraumaExposure: boolean;
};

/** A screening as the client's record keeps it, and as measurement and the C-SSRS gate read it. */
export type ScreeningRecord = {
  screeningId: string;
  outcome: ScreeningOutcome;
  recordedAt: string;
  /** The day it was given; absent from screenings recorded before dates were kept. */
  administeredOn?: CalendarDate;
};

/**
 * Cutoffs, per network and overridable per site. Defaults are the published cutoffs
 * (docs/domain/screening.md#the-instruments).
 */
export type ScreeningConfig = {
  phq9PositiveFrom: number;
  /** The lowest score of each PHQ-9 severity band above none-minimal. */
  phq9Bands: { mildFrom: number; moderateFrom: number; moderatelySevereFrom: number; severeFrom: number };
  gad7PositiveFrom: number;
  /** The lowest score of each GAD-7 severity band above minimal. */
  gad7Bands: { mildFrom: number; moderateFrom: number; severeFrom: number };
  /** 3 by default; some networks use 4 for more specificity. */
  pcPtsd5PositiveFrom: number;
  mdqPositiveFromYes: number;
  mdqImpairmentsThatCount: MdqImpairment[];
  auditCPositiveFromMen: number;
  auditCPositiveFromWomen: number;
  dast10LowFrom: number;
  /** Also where DAST-10 turns positive. */
  dast10ModerateFrom: number;
  dast10SubstantialFrom: number;
  dast10SevereFrom: number;
};

export const defaultScreeningConfig: ScreeningConfig = {
  phq9PositiveFrom: 10,
  // Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606–613: scores of 5, 10, 15
  // and 20 represent mild, moderate, moderately severe and severe depression.
  phq9Bands: { mildFrom: 5, moderateFrom: 10, moderatelySevereFrom: 15, severeFrom: 20 },
  gad7PositiveFrom: 10,
  // Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092–1097: scores of
  // 5, 10 and 15 represent mild, moderate and severe anxiety.
  gad7Bands: { mildFrom: 5, moderateFrom: 10, severeFrom: 15 },
  pcPtsd5PositiveFrom: 3,
  mdqPositiveFromYes: 7,
  mdqImpairmentsThatCount: ['moderate', 'serious'],
  auditCPositiveFromMen: 4,
  auditCPositiveFromWomen: 3,
  dast10LowFrom: 1,
  dast10ModerateFrom: 3,
  dast10SubstantialFrom: 6,
  dast10SevereFrom: 9,
};

type ScaleItems = { answers: 'scale'; count: number; max: number };
type YesNoItems = { answers: 'yes-no'; count: number };

/** Each instrument's items; the co-occurring condition a positive result suggests, if any. */
export const INSTRUMENTS: Record<Instrument, { items: ScaleItems | YesNoItems; condition?: CoOccurringCondition }> = {
  'PHQ-9': { items: { answers: 'scale', count: 9, max: 3 }, condition: 'depression' },
  'GAD-7': { items: { answers: 'scale', count: 7, max: 3 }, condition: 'anxiety' },
  'PC-PTSD-5': { items: { answers: 'yes-no', count: 5 }, condition: 'ptsd' },
  MDQ: { items: { answers: 'yes-no', count: 13 }, condition: 'bipolar' },
  'AUDIT-C': { items: { answers: 'scale', count: 3, max: 4 } },
  'DAST-10': { items: { answers: 'yes-no', count: 10 } },
  'C-SSRS': { items: { answers: 'yes-no', count: 6 } },
};

export type CoOccurringCondition = 'depression' | 'anxiety' | 'ptsd' | 'bipolar' | 'trauma';

// DAST-10 item 3 asks "Are you always able to stop using drugs when you want to?": a no is the risk answer.
const DAST10_REVERSED_ITEM = 3;
// PHQ-9 item 9 asks about thoughts of being better off dead or of self-harm.
const PHQ9_SELF_HARM_ITEM = 9;

/** Every problem with the answers; empty when they can be scored. */
export function validateScreeningAnswers(answers: ScreeningAnswers): ValidationProblem[] {
  const instrument = answers?.instrument;
  if (!instrument || !(instrument in INSTRUMENTS)) {
    return [
      { field: 'instrument', message: `unknown instrument "${String(instrument)}": use one of ${Object.keys(INSTRUMENTS).join(', ')}` },
    ];
  }
  switch (answers.instrument) {
    case 'PHQ-9':
    case 'GAD-7':
    case 'DAST-10':
      return checkItems(answers.instrument, answers.items);
    case 'AUDIT-C': {
      const problems = checkItems('AUDIT-C', answers.items);
      if (!['male', 'female', 'unspecified'].includes(answers.sex)) {
        problems.push({ field: 'sex', message: 'AUDIT-C cutoffs depend on sex: give male, female or unspecified' });
      }
      return problems;
    }
    case 'MDQ': {
      const problems = checkItems('MDQ', answers.items);
      if (typeof answers.sameTimePeriod !== 'boolean') {
        problems.push({
          field: 'sameTimePeriod',
          message: 'answer MDQ question 2 (did several happen in the same period?) with yes or no',
        });
      }
      if (!['none', 'minor', 'moderate', 'serious'].includes(answers.impairment)) {
        problems.push({ field: 'impairment', message: 'answer MDQ question 3 with none, minor, moderate or serious' });
      }
      return problems;
    }
    case 'PC-PTSD-5':
      if (typeof answers.exposure !== 'boolean') {
        return [{ field: 'exposure', message: 'answer the PC-PTSD-5 exposure question with yes or no' }];
      }
      if (!answers.exposure) {
        return answers.items === undefined
          ? []
          : [{ field: 'items', message: 'PC-PTSD-5 items are not asked when the exposure question is answered no: leave them out' }];
      }
      return checkItems('PC-PTSD-5', answers.items);
    case 'C-SSRS':
      return checkCssrs(answers.answers);
  }
}

function checkItems(instrument: Instrument, items: unknown): ValidationProblem[] {
  const shape = INSTRUMENTS[instrument].items;
  if (!Array.isArray(items)) return [{ field: 'items', message: `${instrument} needs ${shape.count} item answers` }];
  const problems: ValidationProblem[] = [];
  if (items.length !== shape.count) {
    problems.push({ field: 'items', message: `${instrument} has ${shape.count} items; got ${items.length} answers` });
  }
  items.slice(0, shape.count).forEach((answer, index) => {
    const valid = shape.answers === 'scale' ? Number.isInteger(answer) && answer >= 0 && answer <= shape.max : typeof answer === 'boolean';
    if (!valid) {
      const expected = shape.answers === 'scale' ? `a whole number from 0 to ${shape.max}` : 'yes or no (true or false)';
      problems.push({
        field: `items[${index}]`,
        message: `${instrument} item ${index + 1} must be ${expected}; got ${JSON.stringify(answer)}`,
      });
    }
  });
  return problems;
}

function checkCssrs(answers: CssrsAnswers | undefined): ValidationProblem[] {
  if (!answers || typeof answers !== 'object') return [{ field: 'answers', message: 'give the C-SSRS screener answers q1 to q6' }];
  const problems: ValidationProblem[] = [];
  const yesNo = (field: keyof CssrsAnswers, label: string) => {
    if (typeof answers[field] !== 'boolean') problems.push({ field: `answers.${field}`, message: `answer ${label} with yes or no` });
  };
  const notAsked = (field: keyof CssrsAnswers, why: string) => {
    if (answers[field] !== undefined)
      problems.push({ field: `answers.${field}`, message: `${field.toUpperCase()} is not asked ${why}: leave it out` });
  };
  yesNo('q1', 'C-SSRS Q1');
  yesNo('q2', 'C-SSRS Q2');
  yesNo('q6', 'C-SSRS Q6');
  if (answers.q2 === true) {
    yesNo('q3', 'C-SSRS Q3 (asked after a yes to Q2)');
    yesNo('q4', 'C-SSRS Q4 (asked after a yes to Q2)');
    yesNo('q5', 'C-SSRS Q5 (asked after a yes to Q2)');
  } else if (answers.q2 === false) {
    for (const field of ['q3', 'q4', 'q5'] as const) notAsked(field, 'when Q2 is answered no');
  }
  if (answers.q6 === true) {
    yesNo('q6WithinPastThreeMonths', 'the C-SSRS Q6 follow-up (was it within the past three months?)');
  } else if (answers.q6 === false && answers.q6WithinPastThreeMonths !== undefined) {
    problems.push({
      field: 'answers.q6WithinPastThreeMonths',
      message: 'the Q6 follow-up is not asked when Q6 is answered no: leave it out',
    });
  }
  return problems;
}

/** Thrown by `scoreScreening` when the answers cannot be scored; carries every problem. */
export class InvalidScreeningAnswers extends Error {
  override readonly name = 'InvalidScreeningAnswers';
  constructor(readonly problems: ValidationProblem[]) {
    super(`the screening answers cannot be scored: ${problems.map((p) => p.message).join('; ')}`);
  }
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const countYes = (values: readonly boolean[]) => values.filter(Boolean).length;

/** Scores valid answers; throws InvalidScreeningAnswers otherwise (validate first to answer 400/422). */
export function scoreScreening(answers: ScreeningAnswers, config: ScreeningConfig = defaultScreeningConfig): ScreeningOutcome {
  const problems = validateScreeningAnswers(answers);
  if (problems.length > 0) throw new InvalidScreeningAnswers(problems);
  const base = { needsSameDayFollowUp: false, hasImminentSuicideRisk: false, reportsTraumaExposure: false };

  switch (answers.instrument) {
    case 'PHQ-9': {
      const score = sum(answers.items);
      return {
        ...base,
        instrument: 'PHQ-9',
        score,
        positive: score >= config.phq9PositiveFrom,
        band: phq9Band(score, config),
        needsSameDayFollowUp: answers.items[PHQ9_SELF_HARM_ITEM - 1] > 0,
      };
    }
    case 'GAD-7': {
      const score = sum(answers.items);
      return { ...base, instrument: 'GAD-7', score, positive: score >= config.gad7PositiveFrom, band: gad7Band(score, config) };
    }
    case 'PC-PTSD-5': {
      // No exposure to a traumatic event: the five symptom questions are not asked and the screen is negative.
      if (!answers.exposure) return { ...base, instrument: 'PC-PTSD-5', score: 0, positive: false };
      const score = countYes(answers.items ?? []);
      return { ...base, instrument: 'PC-PTSD-5', score, positive: score >= config.pcPtsd5PositiveFrom, reportsTraumaExposure: true };
    }
    case 'MDQ': {
      const score = countYes(answers.items);
      // All three parts must agree: enough symptoms, together in one period, causing real problems.
      const positive =
        score >= config.mdqPositiveFromYes && answers.sameTimePeriod && config.mdqImpairmentsThatCount.includes(answers.impairment);
      return { ...base, instrument: 'MDQ', score, positive };
    }
    case 'AUDIT-C': {
      const score = sum(answers.items);
      const cutoff = answers.sex === 'male' ? config.auditCPositiveFromMen : config.auditCPositiveFromWomen;
      return { ...base, instrument: 'AUDIT-C', score, positive: score >= cutoff };
    }
    case 'DAST-10': {
      const score = answers.items.filter((yes, index) => (index + 1 === DAST10_REVERSED_ITEM ? !yes : yes)).length;
      const category = drugUseBand(score, config);
      return { ...base, instrument: 'DAST-10', score, category, positive: score >= config.dast10ModerateFrom };
    }
    case 'C-SSRS': {
      const a = answers.answers;
      const category = suicideRiskCategory(a);
      const score = countYes([a.q1, a.q2, a.q3 ?? false, a.q4 ?? false, a.q5 ?? false, a.q6]);
      return { ...base, instrument: 'C-SSRS', score, category, positive: category !== 'none', hasImminentSuicideRisk: category === 'high' };
    }
  }
}

/** PHQ-9 severity band (Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606–613). */
export function phq9Band(score: number, config: ScreeningConfig = defaultScreeningConfig): Phq9Band {
  const bands = config.phq9Bands;
  if (score >= bands.severeFrom) return 'severe';
  if (score >= bands.moderatelySevereFrom) return 'moderately-severe';
  if (score >= bands.moderateFrom) return 'moderate';
  if (score >= bands.mildFrom) return 'mild';
  return 'none-minimal';
}

/** GAD-7 severity band (Spitzer et al. 2006, Arch Intern Med 166:1092–1097). */
export function gad7Band(score: number, config: ScreeningConfig = defaultScreeningConfig): Gad7Band {
  const bands = config.gad7Bands;
  if (score >= bands.severeFrom) return 'severe';
  if (score >= bands.moderateFrom) return 'moderate';
  if (score >= bands.mildFrom) return 'mild';
  return 'minimal';
}

function drugUseBand(score: number, config: ScreeningConfig): DrugUseBand {
  if (score >= config.dast10SevereFrom) return 'severe';
  if (score >= config.dast10SubstantialFrom) return 'substantial';
  if (score >= config.dast10ModerateFrom) return 'moderate';
  if (score >= config.dast10LowFrom) return 'low';
  return 'none';
}

/**
 * Continuum's triage of the C-SSRS screener:
 * - high (imminent risk): intent (Q4) or a plan with intent (Q5), or suicidal behaviour within the past three months;
 * - moderate: thoughts with a method (Q3), or suicidal behaviour longer ago;
 * - low: a wish to be dead (Q1) or thoughts (Q2) without method, intent, plan or behaviour;
 * - none: every answer no.
 */
export function suicideRiskCategory(a: CssrsAnswers): SuicideRiskCategory {
  if (a.q4 === true || a.q5 === true || (a.q6 && a.q6WithinPastThreeMonths === true)) return 'high';
  if (a.q3 === true || a.q6) return 'moderate';
  if (a.q1 || a.q2) return 'low';
  return 'none';
}

/** The co-occurring conditions a screening outcome suggests, as codes for the dual-diagnosis service. */
export function conditionsSuggestedBy(outcome: ScreeningOutcome): CoOccurringCondition[] {
  const condition = INSTRUMENTS[outcome.instrument].condition;
  if (outcome.positive && condition) return [condition];
  // Trauma reported without a positive PTSD screen still warrants trauma-informed follow-up.
  if (outcome.reportsTraumaExposure) return ['trauma'];
  return [];
}
