import { DEFAULT_LEVEL_CATALOGUE, factDatePolicy, safetyHoldPolicy, safetyLevelOfCode } from '@continuum/care-episode';
import { integer, optional, serviceConfig, string } from '@continuum/platform';
import { COUNSELLING_NOTES, INFORMATION_CATEGORIES, type InformationCategory } from '@continuum/consent';
import {
  DEFAULT_DETECTION_WINDOWS,
  DEFAULT_OUTSIDE_SEND_RULES,
  type OutsideSendRules,
  DEFAULT_PLAN_RULES,
  type DetectionWindows,
  type PlanRules,
  SPECIMENS,
  levelKeyOf,
  planRules,
} from './domain/index.js';

// The shared event store file (the auditors' trail is one log); treatment-plan's own read
// models (READ_STORE_URL, else MONGODB_URI, else sqlite:./data/treatment-plan/read.db).
// The scheduler's interval: how often overdue reviews, past weeks and expiring
// authorisations are looked for; 0 turns the timer off (tests call tick(now) themselves).
// The plan rules' figures are the network's, with defaults (services/treatment-plan/README.md#configuration).
export const treatmentPlanServiceConfig = serviceConfig(
  { port: 3102, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    SCHEDULER_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
    PLAN_REVIEW_INTERVAL_DAYS: integer({ default: DEFAULT_PLAN_RULES.reviewIntervalDays, min: 1 }),
    DISCHARGE_SOBRIETY_DAYS: integer({ default: DEFAULT_PLAN_RULES.dischargeSobrietyDays, min: 1 }),
    RELAPSE_WINDOW_DAYS: integer({ default: DEFAULT_PLAN_RULES.relapseWindowDays, min: 1 }),
    RELAPSES_FOR_STEP_UP: integer({ default: DEFAULT_PLAN_RULES.relapsesForStepUp, min: 1 }),
    AUTHORIZATION_REMINDER_DAYS: integer({ default: DEFAULT_PLAN_RULES.authorizationReminderDays, min: 0 }),
    // The rule for dating facts (fact-dates.ts in libs/care-episode): each site's IANA time
    // zone as `site-north=America/Chicago,site-south=America/Denver`, the zone of a site not
    // listed, and how many days back a late entry may be dated.
    SITE_TIME_ZONES: string({ default: '' }),
    DEFAULT_TIME_ZONE: string({ default: DEFAULT_PLAN_RULES.factDates.defaultTimeZone }),
    LATE_ENTRY_WINDOW_DAYS: integer({ default: DEFAULT_PLAN_RULES.factDates.lateEntryWindowDays, min: 0 }),
    // The ledger's safety level (safety-hold.ts in libs/care-episode): the lowest level a client
    // on intake's safety hold may be moved to, as an ASAM code (`3.7`, `4`, `4.0`), compared by
    // intensity rank so that it holds in both editions.
    SAFETY_LEVEL: string({ default: DEFAULT_PLAN_RULES.safetyHold.safetyLevel.code }),
    // Each programme's planned length in days (length-of-stay.ts), by level (`3-2.1=90`) or by
    // the ledger's programme id (`site-north/3-2.1/evening=60`), comma-separated; the setting
    // replaces the whole table.
    PROGRAMME_LENGTH_DAYS: string({ default: programmeLengthSettingOf(DEFAULT_PLAN_RULES.programmeLengthDays) }),
    // Sober days count only when each of the last weeks holds a negative test and attendance (sobriety.ts).
    SOBRIETY_EVIDENCE_WEEKS: integer({ default: DEFAULT_PLAN_RULES.sobrietyEvidence.weeks, min: 1 }),
    NEGATIVE_TESTS_PER_WEEK: integer({ default: DEFAULT_PLAN_RULES.sobrietyEvidence.negativeTestsPerWeek, min: 0 }),
    ATTENDED_SESSIONS_PER_WEEK: integer({ default: DEFAULT_PLAN_RULES.sobrietyEvidence.attendedSessionsPerWeek, min: 0 }),
    // Individual sessions a week asks for beside its hours, by level or programme (`3-2.1=2`), replacing the table.
    INDIVIDUAL_SESSIONS_PER_WEEK: string({ default: programmeLengthSettingOf(DEFAULT_PLAN_RULES.individualSessionsPerWeek) }),
    // The state's PDMP rule (medications.ts) and the sites that are certified opioid treatment programmes.
    PDMP_CHECK_WINDOW_DAYS: integer({ default: DEFAULT_PLAN_RULES.pdmp.checkWindowDays, min: 0 }),
    PDMP_RECHECK_INTERVAL_DAYS: integer({ default: DEFAULT_PLAN_RULES.pdmp.recheckIntervalDays, min: 1 }),
    OTP_SITES: string({ default: '' }),
    RANDOM_TEST_RATE_PERCENT: integer({ default: DEFAULT_PLAN_RULES.randomTestRatePercent, min: 0, max: 100 }),
    // Detection windows replacing the defaults' entries, as `<substance>.<specimen>=<days>`
    // (`cannabis.urine=30`); a substance or specimen not given keeps its default (toxicology.ts).
    DETECTION_WINDOWS: string({ default: '' }),
    // The categories of information a payer authorisation request carries (42 CFR 2.31(a)(3);
    // domain/outside-sends.ts), comma-separated, from @continuum/consent's categories.
    PAYER_AUTHORIZATION_CATEGORIES: string({ default: DEFAULT_OUTSIDE_SEND_RULES.payerAuthorization.categories.join(',') }),
  },
);

export type TreatmentPlanConfig = ReturnType<typeof treatmentPlanServiceConfig.load>;

/** The plan rules this deployment runs with: the defaults, with the network's figures from the environment. */
export function planRulesFrom(config: TreatmentPlanConfig): PlanRules {
  return planRules({
    reviewIntervalDays: config.PLAN_REVIEW_INTERVAL_DAYS,
    dischargeSobrietyDays: config.DISCHARGE_SOBRIETY_DAYS,
    relapseWindowDays: config.RELAPSE_WINDOW_DAYS,
    relapsesForStepUp: config.RELAPSES_FOR_STEP_UP,
    authorizationReminderDays: config.AUTHORIZATION_REMINDER_DAYS,
    factDates: factDatePolicy({
      siteTimeZones: siteTimeZonesOf(config.SITE_TIME_ZONES),
      defaultTimeZone: config.DEFAULT_TIME_ZONE,
      lateEntryWindowDays: config.LATE_ENTRY_WINDOW_DAYS,
    }),
    safetyHold: safetyHoldPolicy({ safetyLevel: safetyLevelOfCodeSetting(config.SAFETY_LEVEL) }),
    programmeLengthDays: programmeLengthsOf(config.PROGRAMME_LENGTH_DAYS),
    sobrietyEvidence: {
      weeks: config.SOBRIETY_EVIDENCE_WEEKS,
      negativeTestsPerWeek: config.NEGATIVE_TESTS_PER_WEEK,
      attendedSessionsPerWeek: config.ATTENDED_SESSIONS_PER_WEEK,
    },
    individualSessionsPerWeek: perLevelOf('INDIVIDUAL_SESSIONS_PER_WEEK', config.INDIVIDUAL_SESSIONS_PER_WEEK, 0, 'sessions'),
    pdmp: {
      checkWindowDays: config.PDMP_CHECK_WINDOW_DAYS,
      recheckIntervalDays: config.PDMP_RECHECK_INTERVAL_DAYS,
      opioidTreatmentProgrammeSites: config.OTP_SITES.split(',')
        .map((site) => site.trim())
        .filter((site) => site !== ''),
    },
    randomTestRatePercent: config.RANDOM_TEST_RATE_PERCENT,
    detectionWindows: detectionWindowsOf(config.DETECTION_WINDOWS),
  });
}

/**
 * The outside sends' rules with the network's categories for an authorisation request. An
 * unknown category, or SUD counselling notes (they go only under a consent of their own,
 * 42 CFR 2.31(b), never with other categories), is refused at boot.
 */
export function outsideSendRulesFrom(config: TreatmentPlanConfig): OutsideSendRules {
  const categories = config.PAYER_AUTHORIZATION_CATEGORIES.split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = categories.filter((c) => !(INFORMATION_CATEGORIES as readonly string[]).includes(c) || c === COUNSELLING_NOTES);
  if (categories.length === 0 || unknown.length > 0) {
    throw new RangeError(
      `PAYER_AUTHORIZATION_CATEGORIES: give one or more of ${INFORMATION_CATEGORIES.filter((c) => c !== COUNSELLING_NOTES).join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`,
    );
  }
  return {
    ...DEFAULT_OUTSIDE_SEND_RULES,
    payerAuthorization: { ...DEFAULT_OUTSIDE_SEND_RULES.payerAuthorization, categories: categories as InformationCategory[] },
  };
}

/** `alcohol.urine=1,cannabis.urine=30` over the defaults; a specimen the plan does not know, or a non-whole number of days, is refused at boot. */
export function detectionWindowsOf(setting: string): DetectionWindows {
  const windows: Record<string, Record<string, number>> = Object.fromEntries(
    Object.entries(DEFAULT_DETECTION_WINDOWS).map(([substance, row]) => [substance, { ...row }]),
  );
  for (const entry of setting
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^([a-z0-9*][a-z0-9.-]*)\.([a-z-]+|\*)=(\d+)$/.exec(entry);
    if (!match || !(match[2] === '*' || (SPECIMENS as readonly string[]).includes(match[2]!))) {
      throw new RangeError(
        `DETECTION_WINDOWS: "${entry}" is not <substance>.<specimen>=<days> with a specimen of ${SPECIMENS.join(', ')} (e.g. cannabis.urine=30)`,
      );
    }
    windows[match[1]!] = { ...windows[match[1]!], [match[2]!]: Number(match[3]) };
  }
  return windows;
}

/**
 * `3-2.1=90,4-2.1=90,site-north/3-2.5/other=30` → days per level or programme. A level the
 * catalogue does not hold, or a length that is not a whole number of days, is refused at boot.
 */
export function programmeLengthsOf(setting: string): Record<string, number> {
  return perLevelOf('PROGRAMME_LENGTH_DAYS', setting, 1, 'days');
}

/** `<level or programme>=<whole number of unit>` entries, each at least `min`, keyed as given. */
function perLevelOf(variable: string, setting: string, min: number, unit: string): Record<string, number> {
  const lengths: Record<string, number> = {};
  for (const entry of setting
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [key, days, ...rest] = entry.split('=').map((part) => part.trim());
    if (!key || !days || rest.length > 0 || !/^\d+$/.test(days) || Number(days) < min) {
      throw new RangeError(`${variable}: "${entry}" is not <level or programme>=<${unit}> (e.g. 3-2.1=${unit === 'days' ? 90 : 2})`);
    }
    const level = levelOfKey(key.includes('/') ? (key.split('/')[1] ?? '') : key);
    if (!level)
      throw new RangeError(
        `${variable}: "${key}" names no level of the catalogue as <edition>-<code> (e.g. 3-2.1, 4-2.1, or site-north/3-2.1/evening)`,
      );
    lengths[key] = Number(days);
  }
  return lengths;
}

function programmeLengthSettingOf(lengths: Readonly<Record<string, number>>): string {
  return Object.entries(lengths)
    .map(([key, days]) => `${key}=${days}`)
    .join(',');
}

/** `3-2.1` → the catalogue's level, or undefined. */
function levelOfKey(key: string) {
  return DEFAULT_LEVEL_CATALOGUE.levels.find((level) => levelKeyOf(level) === key);
}

/** `3.7` → the level; a code neither edition holds is refused at boot, naming the variable. */
function safetyLevelOfCodeSetting(code: string) {
  try {
    return safetyLevelOfCode(code);
  } catch (error) {
    throw new RangeError(`SAFETY_LEVEL: ${(error as Error).message}`);
  }
}

/** `site-north=America/Chicago,site-south=America/Denver` → each site's zone; a zone the runtime does not know is refused at boot. */
export function siteTimeZonesOf(setting: string): Record<string, string> {
  const zones: Record<string, string> = {};
  for (const entry of setting
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [siteId, zone, ...rest] = entry.split('=').map((part) => part.trim());
    if (!siteId || !zone || rest.length > 0)
      throw new RangeError(`SITE_TIME_ZONES: "${entry}" is not site=Zone (e.g. site-north=America/Chicago)`);
    zones[siteId] = zone;
  }
  return zones;
}
