import { type SafetyConfig } from './safety.js';
import { type ScreeningOutcome } from './screening.js';
import { type ValidationProblem, isBlank } from './validation.js';

// Suicide risk found at a screen is work for a clinician the same day, not a flag
// (docs/domain/screening.md#same-day-safety-follow-up): a follow-up with a due time, an owner
// role and a site, listed until a clinician records what was done.

/**
 * What in a screen opens a follow-up:
 * - PHQ-9 item 9 above 0: thoughts of being better off dead or of self-harm (Kroenke, Spitzer
 *   & Williams 2001 ask for a suicide risk assessment whatever the total);
 * - a C-SSRS screener of moderate or high risk (Posner et al. 2011; the Columbia Lighthouse
 *   Project's screener with triage asks for a behavioural-health assessment from moderate risk).
 */
export const SUICIDE_RISK_SIGNALS = ['phq9-item-9', 'cssrs-moderate-risk', 'cssrs-high-risk'] as const;
export type SuicideRiskSignal = (typeof SUICIDE_RISK_SIGNALS)[number];

export function suicideRiskSignalOf(outcome: ScreeningOutcome): SuicideRiskSignal | undefined {
  if (outcome.instrument === 'PHQ-9' && outcome.needsSameDayFollowUp) return 'phq9-item-9';
  if (outcome.instrument === 'C-SSRS' && outcome.category === 'high') return 'cssrs-high-risk';
  if (outcome.instrument === 'C-SSRS' && outcome.category === 'moderate') return 'cssrs-moderate-risk';
  return undefined;
}

/** What the clinician did: a C-SSRS screener that found no more than low risk, a safety plan made with the client, or an escalation. */
export const SAFETY_FOLLOW_UP_OUTCOMES = ['cssrs-completed', 'safety-plan-made', 'escalated'] as const;
export type SafetyFollowUpOutcome = (typeof SAFETY_FOLLOW_UP_OUTCOMES)[number];

/** Where an escalated follow-up sent the client. */
export const ESCALATION_DESTINATIONS = [
  'emergency-services',
  'emergency-department',
  'crisis-team',
  'psychiatric-evaluation',
  'inpatient-psychiatry',
] as const;
export type EscalationDestination = (typeof ESCALATION_DESTINATIONS)[number];

/** The clinician's reason stays in intake's stream: only the destination code is published. */
export type Escalation = { to: EscalationDestination; reason: string };

export type SafetyFollowUpRecord = {
  outcome: SafetyFollowUpOutcome;
  /** Escalations only. */
  escalation?: Escalation;
  /** Safety plans only: minted by the application. */
  safetyPlanId?: string;
};

export function validateSafetyFollowUpRecord(record: Partial<SafetyFollowUpRecord>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!(SAFETY_FOLLOW_UP_OUTCOMES as readonly string[]).includes(record.outcome as string)) {
    return [{ field: 'outcome', message: `give what was done, one of ${SAFETY_FOLLOW_UP_OUTCOMES.join(', ')}` }];
  }
  if (record.outcome === 'escalated') {
    if (!(ESCALATION_DESTINATIONS as readonly string[]).includes(record.escalation?.to as string)) {
      problems.push({
        field: 'escalation.to',
        message: `give where the client was escalated to, one of ${ESCALATION_DESTINATIONS.join(', ')}`,
      });
    }
    if (isBlank(record.escalation?.reason))
      problems.push({ field: 'escalation.reason', message: 'give the clinical reason for the escalation' });
  } else if (record.escalation !== undefined) {
    problems.push({ field: 'escalation', message: `an escalation goes with the outcome escalated, not ${record.outcome}: leave it out` });
  }
  if (record.outcome === 'safety-plan-made' && isBlank(record.safetyPlanId))
    problems.push({ field: 'safetyPlanId', message: 'give the safety plan an id' });
  return problems;
}

/** When a follow-up opened at `openedAt` is due: the same day, within the network's hours. */
export function followUpDueAt(openedAt: Date, config: SafetyConfig): string {
  return new Date(openedAt.getTime() + config.followUpDueHours * 3_600_000).toISOString();
}
