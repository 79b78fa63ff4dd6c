import { type LevelOfCare } from '@continuum/care-episode';
import { administeredOnOf, inOrderGiven } from './measurement.js';
import { type ScreeningRecord } from './screening.js';
import { type ValidationProblem, isBlank, startOfDate } from './validation.js';

// Suicide-risk safety (docs/domain/screening.md#safety-hold): how recent a C-SSRS screener must
// be for an assessment, the level a held client is admitted at or above, and what a clinician
// records to end the hold. Figures are the network's (IntakeConfig.safety), these are defaults.

export type SafetyConfig = {
  /**
   * An assessment needs a C-SSRS screener recorded within this many hours before it. Suicide
   * risk changes quickly; the Columbia screener asks about the past month, and a screen older
   * than a day no longer describes the client in front of the clinician.
   */
  cssrsValidForHours: number;
  /** While a safety hold lasts, a client is admitted at this level or a more intensive one (in the network's edition). */
  safetyLevel: LevelOfCare;
  /**
   * A suicide-risk signal is followed up the same day: due this many hours after the screen.
   * Hours rather than the calendar day, because a screen late in the afternoon must not fall
   * due after midnight at a site whose day differs from UTC's.
   */
  followUpDueHours: number;
  /** Who does the follow-up: the role whose queue it is. */
  followUpOwnerRole: 'clinician' | 'prescriber' | 'nurse';
};

export const defaultSafetyConfig: SafetyConfig = {
  cssrsValidForHours: 24,
  // 3.7: medically monitored around the clock, the least intensive level with nursing and a
  // physician on call day and night.
  safetyLevel: { edition: 3, code: '3.7' },
  // One working shift: "same day" for a screen recorded during the day.
  followUpDueHours: 8,
  followUpOwnerRole: 'clinician',
};

/** How the clinician assessed suicide risk before ending a hold. */
export const SUICIDE_RISK_ASSESSMENT_METHODS = [
  /** The full Columbia–Suicide Severity Rating Scale (Posner et al. 2011), not the screener. */
  'c-ssrs-full-scale',
  /** SAMHSA's Suicide Assessment Five-step Evaluation and Triage. */
  'safe-t',
  /** A structured clinical interview. */
  'clinical-interview',
] as const;
export type SuicideRiskAssessmentMethod = (typeof SUICIDE_RISK_ASSESSMENT_METHODS)[number];

/** The clinician's conclusion. `high` (imminent) keeps the hold: a safety plan does not end imminent risk. */
export const ASSESSED_SUICIDE_RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type AssessedSuicideRiskLevel = (typeof ASSESSED_SUICIDE_RISK_LEVELS)[number];

export type SuicideRiskAssessment = { assessmentId: string; method: SuicideRiskAssessmentMethod; riskLevel: AssessedSuicideRiskLevel };

export function validateSuicideRiskAssessment(assessment: Partial<SuicideRiskAssessment> | undefined): ValidationProblem[] {
  if (!assessment || typeof assessment !== 'object') {
    return [
      {
        field: 'suicideRiskAssessment',
        message: 'a safety hold ends only with a suicide-risk assessment: give its method and the risk level the clinician found',
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  if (isBlank(assessment.assessmentId))
    problems.push({ field: 'suicideRiskAssessment.assessmentId', message: 'give the suicide-risk assessment an id' });
  if (!(SUICIDE_RISK_ASSESSMENT_METHODS as readonly string[]).includes(assessment.method as string)) {
    problems.push({
      field: 'suicideRiskAssessment.method',
      message: `give how the risk was assessed, one of ${SUICIDE_RISK_ASSESSMENT_METHODS.join(', ')}`,
    });
  }
  if (!(ASSESSED_SUICIDE_RISK_LEVELS as readonly string[]).includes(assessment.riskLevel as string)) {
    problems.push({
      field: 'suicideRiskAssessment.riskLevel',
      message: `give the risk level the clinician found, one of ${ASSESSED_SUICIDE_RISK_LEVELS.join(', ')}`,
    });
  }
  return problems;
}

/** The most recently given C-SSRS screener among the screenings, if any. */
export function latestCssrs<Screening extends ScreeningRecord>(screenings: readonly Screening[]): Screening | undefined {
  return inOrderGiven(screenings.filter((screening) => screening.outcome.instrument === 'C-SSRS')).at(-1);
}

/**
 * Whether the screener was given within the window before `now`: when it was recorded, or, for
 * one recorded after the day it was given, the start of that day (UTC), which is never later than
 * it was given: a late entry counts as older, not younger.
 */
export function isCssrsRecent(screening: ScreeningRecord, now: Date, config: SafetyConfig): boolean {
  const recordedOn = screening.recordedAt.slice(0, 10);
  const administeredOn = administeredOnOf(screening);
  const givenAt = administeredOn < recordedOn ? startOfDate(administeredOn) : Date.parse(screening.recordedAt);
  return now.getTime() - givenAt <= config.cssrsValidForHours * 3_600_000;
}
