import { type ValidationProblem, isBlank } from './validation.js';

// The clinician's assessment: the six dimension ratings (0–4 each) and the facts
// Continuum's placement rules read. Dimension names are our own short labels.

export const DIMENSIONS = ['withdrawal', 'biomedical', 'emotionalBehavioural', 'readiness', 'relapseRisk', 'recoveryEnvironment'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type DimensionRatings = Record<Dimension, number>;

/** The severity of a substance use disorder (DSM-5: 2–3 criteria mild, 4–5 moderate, 6+ severe). */
export type UseSeverity = 'mild' | 'moderate' | 'severe';
/**
 * One substance: its code, years of use, and the disorder's severity. With the number of the
 * 11 DSM-5 criteria met, the severity follows from it (it may then be left out) and must agree.
 */
export type SubstanceUse = { substanceCode: string; yearsOfUse: number; severity: UseSeverity; criteriaCount?: number };
export type WithdrawalRisk = 'none' | 'low' | 'moderate' | 'high' | 'severe';
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
  /** A completed partial hospitalisation programme: like a residential one, IOP is its step down. Absent means no. */
  completedPartialHospitalisation?: boolean;
  coOccurringDisorder: CoOccurringDisorderStatus;
  /** Trauma the client reports during the assessment; raises a co-occurring condition. */
  reportsTrauma: boolean;
};

const SEVERITIES: readonly string[] = ['mild', 'moderate', 'severe'];
export const WITHDRAWAL_RISKS = ['none', 'low', 'moderate', 'high', 'severe'] as const;
/** DSM-5 lists 11 criteria for a substance use disorder. */
const DSM5_CRITERIA = 11;
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

/**
 * DSM-5 (American Psychiatric Association 2013): a substance use disorder is mild with 2–3 of
 * the 11 criteria, moderate with 4–5 and severe with 6 or more; fewer than 2 is no disorder.
 */
export function severityOfCriteriaCount(criteriaCount: number): UseSeverity | undefined {
  if (criteriaCount >= 6) return 'severe';
  if (criteriaCount >= 4) return 'moderate';
  if (criteriaCount >= 2) return 'mild';
  return undefined;
}

/** The assessment as the rules read it: each substance's severity taken from its criteria count where one is given. */
export function withSeverities(assessment: Assessment): Assessment {
  return {
    ...assessment,
    substances: assessment.substances.map((use) => {
      const counted = use.criteriaCount === undefined ? undefined : severityOfCriteriaCount(use.criteriaCount);
      return counted === undefined || use.severity !== undefined ? use : { ...use, severity: counted };
    }),
  };
}

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
      const count = use?.criteriaCount;
      if (count !== undefined && (!Number.isInteger(count) || count < 0 || count > DSM5_CRITERIA)) {
        add(`substances[${i}].criteriaCount`, `give the number of DSM-5 criteria met as a whole number from 0 to ${DSM5_CRITERIA}`);
      } else if (count !== undefined && severityOfCriteriaCount(count) === undefined) {
        add(
          `substances[${i}].criteriaCount`,
          `${count} criteria are not a substance use disorder (DSM-5 asks for 2 or more): leave the substance out, or correct the count`,
        );
      } else if (count !== undefined && use.severity !== undefined && use.severity !== severityOfCriteriaCount(count)) {
        // Input agreement: the clinician's severity and the count must tell the same story; name both.
        const counted = severityOfCriteriaCount(count)!;
        add(
          `substances[${i}].severity`,
          `${use.severity} does not agree with ${count} DSM-5 criteria, which make a ${counted} disorder (2–3 mild, 4–5 moderate, 6 or more severe): correct one of them`,
        );
        add(`substances[${i}].criteriaCount`, `${count} criteria make a ${counted} disorder, not ${use.severity}: correct one of them`);
      } else if (count === undefined && !SEVERITIES.includes(use?.severity)) {
        add(
          `substances[${i}].severity`,
          'give the severity as mild, moderate or severe, or the number of DSM-5 criteria met (criteriaCount)',
        );
      } else if (use?.severity !== undefined && !SEVERITIES.includes(use.severity)) {
        add(`substances[${i}].severity`, 'give the severity as mild, moderate or severe');
      }
    });
  }

  for (const fact of BOOLEAN_FACTS) {
    if (typeof assessment?.[fact] !== 'boolean') add(fact, `answer ${fact} with true or false`);
  }
  if (assessment?.relapsedAfterTreatment === true && assessment.hasPriorTreatment === false) {
    add('relapsedAfterTreatment', 'a relapse after treatment needs prior treatment: set hasPriorTreatment, or clear the relapse');
  }
  if (!(WITHDRAWAL_RISKS as readonly string[]).includes(assessment?.withdrawalRisk)) {
    add('withdrawalRisk', `give the withdrawal risk as ${WITHDRAWAL_RISKS.join(', ')}`);
  } else if (Number.isInteger(assessment.ratings?.withdrawal)) {
    // Input agreement: Dimension 1 and the withdrawal risk describe the same thing; name both when they disagree.
    const rating = assessment.ratings.withdrawal;
    const risk = assessment.withdrawalRisk;
    const isHigh = risk === 'high' || risk === 'severe';
    const disagreement =
      rating === 4 && !isHigh
        ? `a withdrawal rating of 4 needs a high or severe withdrawal risk, not ${risk}`
        : isHigh && rating !== 4
          ? `a ${risk} withdrawal risk is a withdrawal rating of 4, not ${rating}`
          : rating === 0 && risk !== 'none'
            ? `a withdrawal rating of 0 means no withdrawal risk, not ${risk}`
            : risk === 'none' && rating !== 0
              ? `no withdrawal risk is a withdrawal rating of 0, not ${rating}`
              : undefined;
    if (disagreement) {
      add('ratings.withdrawal', `${disagreement}: correct the rating or the risk`);
      add('withdrawalRisk', `${disagreement}: correct the rating or the risk`);
    }
  }
  if (assessment?.completedPartialHospitalisation !== undefined && typeof assessment.completedPartialHospitalisation !== 'boolean') {
    add('completedPartialHospitalisation', 'answer completedPartialHospitalisation with true or false, or leave it out');
  }
  if (!CO_OCCURRING.includes(assessment?.coOccurringDisorder))
    add('coOccurringDisorder', 'give the co-occurring disorder as none, stable or not-stable');
  if (!Array.isArray(assessment?.obligations) || assessment.obligations.some((o) => !OBLIGATIONS.includes(o))) {
    add('obligations', 'list obligations from children, work and caregiving (an empty list when none)');
  }
  return problems;
}
