import {
  DEFAULT_FACT_DATE_POLICY,
  DEFAULT_LEVEL_CATALOGUE,
  DEFAULT_SAFETY_HOLD_POLICY,
  type FactDatePolicy,
  type LevelCatalogue,
  type SafetyHoldPolicy,
} from '@continuum/care-episode';

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
});

/** A network's or site's rules: the defaults (or `base`) with the given values replaced. */
export function planRules(overrides: Partial<PlanRules> = {}, base: PlanRules = DEFAULT_PLAN_RULES): PlanRules {
  return { ...base, ...overrides };
}
