import {
  DEFAULT_FACT_DATE_POLICY,
  DEFAULT_LEVEL_CATALOGUE,
  DEFAULT_SAFETY_HOLD_POLICY,
  type FactDatePolicy,
  type LevelCatalogue,
  type SafetyHoldPolicy,
} from '@continuum/care-episode';
import { DEFAULT_DETECTION_WINDOWS, type DetectionWindows } from './toxicology.js';

/**
 * Every number the plan's rules use: defaults a network (and a site) may change
 * (services/treatment-plan/README.md#configuration), so the decider takes them as input and
 * never reads a constant.
 */
export type PlanRules = {
  /** A plan is reviewed this many days after activation, then after each review. */
  reviewIntervalDays: number;
  /** Consecutive days without use a client needs before a `completed` discharge. */
  dischargeSobrietyDays: number;
  /** The span, in days ending today, in which repeated use suggests a step-up. */
  relapseWindowDays: number;
  /** How many positive tests or relapses within the window recommend a step-up. */
  relapsesForStepUp: number;
  /** How many days before an authorisation's through date its expiry is reminded. */
  authorizationReminderDays: number;
  /** Weekly minimum hours per level and population (`minimumWeeklyHours` in care-episode). */
  levels: LevelCatalogue;
  /** Site time zones and the late-entry window: the same rule the care-episode ledger reads. */
  factDates: FactDatePolicy;
  /** The ledger's: the lowest level a client on intake's safety hold may be at (default 3.7). */
  safetyHold: SafetyHoldPolicy;
  /**
   * A programme's planned length in days, from the start date to the planned end (length-of-stay.ts),
   * keyed by the programme's id (`<siteId>/<edition>-<code>/<track>`, as the ledger names it) or by
   * its level (`<edition>-<code>`); the programme's own figure wins. A level with neither gets no
   * planned end at admission.
   */
  programmeLengthDays: Readonly<Record<string, number>>;
  /** Days a further positive for the same substance may still be the same use, by substance and specimen (toxicology.ts). */
  detectionWindows: DetectionWindows;
  /**
   * Sober days count only when backed by evidence: in each of the last `weeks` seven-day spans
   * ending on the day asked about, at least `negativeTestsPerWeek` negative tests after the
   * last use and `attendedSessionsPerWeek` attended sessions (sobriety.ts).
   */
  sobrietyEvidence: { weeks: number; negativeTestsPerWeek: number; attendedSessionsPerWeek: number };
  /**
   * Individual sessions a week asks for, by level (`<edition>-<code>`) or programme id, beside
   * the hours (attendance.ts); sessions of kind `individual-therapy` count.
   */
  individualSessionsPerWeek: Readonly<Record<string, number>>;
  /**
   * The state's prescription-drug-monitoring rule: a check within `checkWindowDays` before a
   * controlled medication is first ordered here, then every `recheckIntervalDays`. Sites that
   * are certified opioid treatment programmes may order methadone (42 CFR 8.11).
   */
  pdmp: { checkWindowDays: number; recheckIntervalDays: number; opioidTreatmentProgrammeSites: readonly string[] };
  /** Random testing: the share of a site's open plans drawn each week, in percent (random-draws.ts). */
  randomTestRatePercent: number;
};

export const DEFAULT_PLAN_RULES: PlanRules = Object.freeze({
  reviewIntervalDays: 30,
  dischargeSobrietyDays: 30,
  relapseWindowDays: 14,
  relapsesForStepUp: 2,
  authorizationReminderDays: 7,
  levels: DEFAULT_LEVEL_CATALOGUE,
  factDates: DEFAULT_FACT_DATE_POLICY,
  safetyHold: DEFAULT_SAFETY_HOLD_POLICY,
  // Intensive outpatient runs 90 days unless the network says otherwise, in both editions.
  programmeLengthDays: Object.freeze({ '3-2.1': 90, '4-2.1': 90 }),
  detectionWindows: DEFAULT_DETECTION_WINDOWS,
  // One negative test and one attended session in each of the 4 weeks a 30-day streak spans.
  sobrietyEvidence: Object.freeze({ weeks: 4, negativeTestsPerWeek: 1, attendedSessionsPerWeek: 1 }),
  // The seed programmes' IOP: individual therapy twice a week.
  individualSessionsPerWeek: Object.freeze({ '3-2.1': 2, '4-2.1': 2 }),
  // Many states ask for a check before the first prescription of a controlled substance and at
  // least every 90 days while it continues; the window and interval are the network's to set.
  pdmp: Object.freeze({
    checkWindowDays: 7,
    recheckIntervalDays: 90,
    opioidTreatmentProgrammeSites: Object.freeze([]) as readonly string[],
  }),
  randomTestRatePercent: 25,
});

/** A network's or site's rules: the defaults (or `base`) with the given values replaced. */
export function planRules(overrides: Partial<PlanRules> = {}, base: PlanRules = DEFAULT_PLAN_RULES): PlanRules {
  return { ...base, ...overrides };
}
