import { type ValidationProblem, isBlank } from './validation.js';

// The clinician's assessment: the six dimension ratings (0–4 each) and the facts
// Continuum's placement rules read. Dimension names are our own short labels.

export const DIMENSIONS = [
  'withdrawal',
  'biomedical',
  'emotionalBehavioural',
  'readiness',
  'relapseRisk',
  'recoveryEnvironment',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type DimensionRatings = Record<Dimension, number>;

/** The clinician's judgement of a substance-use disorder's severity (DSM-5: 2–3 criteria mild, 4–5 moderate, 6+ severe). */
export type UseSeverity = 'mild' | 'moderate' | 'severe';
export type SubstanceUse = { substanceCode: string; yearsOfUse: number; severity: UseSeverity };
export type WithdrawalRisk = 'none' | 'low' | 'moderate' | 'high';
export type Obligation = 'children' | 'work' | 'caregiving';
export type CoOccurringDisorderStatus = 'none' | 'stable' | 'not-stable';

export type Assessment = {
  assessmentId: string;
  clinicianId: string;
  ratings: DimensionRatings;
  substances: SubstanceUse[];
  hasPriorTreatment: boolean;
  relapsedAfterTreatment: boolean;
  withdrawalRisk: WithdrawalRisk;
  isHomeStableAndSafe: boolean;
  hasSupportNetwork: boolean;
  livesInSoberLiving: boolean;
  obligations: Obligation[];
  isWillingToAttend: boolean;
  completedResidentialProgramme: boolean;
  coOccurringDisorder: CoOccurringDisorderStatus;
  /** Trauma the client reports during the assessment; raises a co-occurring condition. */
  reportsTrauma: boolean;
};

const SEVERITIES: readonly string[] = ['mild', 'moderate', 'severe'];
const WITHDRAWAL_RISKS: readonly string[] = ['none', 'low', 'moderate', 'high'];
const OBLIGATIONS: readonly string[] = ['children', 'work', 'caregiving'];
const CO_OCCURRING: readonly string[] = ['none', 'stable', 'not-stable'];
const BOOLEAN_FACTS = [
  'hasPriorTreatment',
  'relapsedAfterTreatment',
  'isHomeStableAndSafe',
  'hasSupportNetwork',
  'livesInSoberLiving',
  'isWillingToAttend',
  'completedResidentialProgramme',
  'reportsTrauma',
] as const;

/** Every problem with the assessment; empty when the placement rules can read it. */
export function validateAssessment(assessment: Assessment): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (isBlank(assessment?.assessmentId)) add('assessmentId', 'give the assessment an id');
  if (isBlank(assessment?.clinicianId)) add('clinicianId', 'record which clinician made the assessment');

  for (const dimension of DIMENSIONS) {
    const rating = assessment?.ratings?.[dimension];
    if (!Number.isInteger(rating) || rating < 0 || rating > 4) {
      add(`ratings.${dimension}`, `rate the ${dimension} dimension with a whole number from 0 to 4; got ${JSON.stringify(rating)}`);
    }
  }

  if (!Array.isArray(assessment?.substances) || assessment.substances.length === 0) {
    add('substances', 'list at least one substance with its years of use and severity');
  } else {
    assessment.substances.forEach((use, i) => {
      if (isBlank(use?.substanceCode)) add(`substances[${i}].substanceCode`, 'give the substance code, e.g. alcohol or opioids');
      if (typeof use?.yearsOfUse !== 'number' || !Number.isFinite(use.yearsOfUse) || use.yearsOfUse < 0) {
        add(`substances[${i}].yearsOfUse`, 'give the years of use as a number of 0 or more (fractions allowed)');
      }
      if (!SEVERITIES.includes(use?.severity)) add(`substances[${i}].severity`, 'give the severity as mild, moderate or severe');
    });
  }

  for (const fact of BOOLEAN_FACTS) {
    if (typeof assessment?.[fact] !== 'boolean') add(fact, `answer ${fact} with true or false`);
  }
  if (assessment?.relapsedAfterTreatment === true && assessment.hasPriorTreatment === false) {
    add('relapsedAfterTreatment', 'a relapse after treatment needs prior treatment: set hasPriorTreatment, or clear the relapse');
  }
  if (!WITHDRAWAL_RISKS.includes(assessment?.withdrawalRisk)) add('withdrawalRisk', 'give the withdrawal risk as none, low, moderate or high');
  if (!CO_OCCURRING.includes(assessment?.coOccurringDisorder)) add('coOccurringDisorder', 'give the co-occurring disorder as none, stable or not-stable');
  if (!Array.isArray(assessment?.obligations) || assessment.obligations.some((o) => !OBLIGATIONS.includes(o))) {
    add('obligations', 'list obligations from children, work and caregiving (an empty list when none)');
  }
  return problems;
}
