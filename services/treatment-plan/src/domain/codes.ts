// The coded vocabularies of a treatment plan. Events carry these codes, never free text:
// plan events may leave the service as integration events, and a note in a person's own
// words is protected health information (docs/domain/compliance.md#what-stays-inside-a-service).

export const GOAL_STATUSES = ['proposed', 'active', 'achieved', 'not-achieved', 'cancelled'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** A goal in one of these is closed: discharge readiness asks for every goal to be closed. */
export const CLOSED_GOAL_STATUSES: readonly GoalStatus[] = ['achieved', 'not-achieved', 'cancelled'];

/** The six ASAM dimensions a problem may be filed under (Continuum stores only the number). */
export const ASAM_DIMENSIONS = [1, 2, 3, 4, 5, 6] as const;
export type AsamDimension = (typeof ASAM_DIMENSIONS)[number];

/** The intervention kinds (docs/domain/treatment-plan.md#interventions), as codes. */
export const INTERVENTION_KINDS = [
  'individual-therapy',
  'group-counselling',
  'family-counselling',
  'cbt',
  'dbt',
  'motivational-enhancement',
  'drug-education',
  'relapse-prevention',
  'skills-training',
  'creative-therapy',
  'mat-buprenorphine',
  'mat-methadone',
  'mat-naltrexone',
  'mat-acamprosate',
  'vocational-training',
  'peer-support-group',
  'case-management',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

export const PLAN_SIGNERS = ['clinician', 'client'] as const;
export type PlanSigner = (typeof PLAN_SIGNERS)[number];

export const DRUG_TEST_RESULTS = ['negative', 'positive', 'dilute', 'refused'] as const;
export type DrugTestResult = (typeof DRUG_TEST_RESULTS)[number];

export const DUAL_DIAGNOSIS_SPECIALTIES = ['psychiatric-evaluation', 'medication-management', 'trauma-therapy', 'other'] as const;
export type DualDiagnosisSpecialty = (typeof DUAL_DIAGNOSIS_SPECIALTIES)[number];

export const REFERRAL_URGENCIES = ['emergent', 'urgent', 'routine'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

/** The code of the goal a completed dual-diagnosis referral adds to the plan. */
export const INTEGRATED_CARE_GOAL_CODE = 'integrated-care';

/** Weekly minimums differ for adolescents (IOP ≥ 6 hours instead of 9). */
export const POPULATIONS = ['adult', 'adolescent'] as const;

/**
 * Why intake says a screening worsened (its ScreeningWorsened): a score up by the network's
 * margin (PHQ-9: 5 points), a severity band up, or a new C-SSRS suicide risk.
 */
export const WORSENING_REASONS = ['score-up', 'band-up', 'new-suicide-risk'] as const;
export type WorseningReason = (typeof WORSENING_REASONS)[number];

/** A screening that worsened, as the plan keeps it: ids, codes and scores, never the answers. */
export type ScreeningMeasure = {
  screeningId: string;
  /** `PHQ-9`, `GAD-7`, `C-SSRS`, … */
  instrument: string;
  score: number;
  band?: string;
  previousScore?: number;
  previousBand?: string;
  reasons: WorseningReason[];
};

/** The measure field by field, so that nothing else a sender adds rides along into the plan. */
export function screeningMeasureOf({
  screeningId,
  instrument,
  score,
  band,
  previousScore,
  previousBand,
  reasons,
}: ScreeningMeasure): ScreeningMeasure {
  return {
    screeningId,
    instrument,
    score,
    ...(band === undefined ? {} : { band }),
    ...(previousScore === undefined ? {} : { previousScore }),
    ...(previousBand === undefined ? {} : { previousBand }),
    reasons: [...new Set(reasons)],
  };
}
