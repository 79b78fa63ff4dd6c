import { integer, optional, serviceConfig, string } from '@continuum/platform';
import { type InformationCategory, type PurposeOfUse } from '@continuum/consent';
import { type AftercareRules, DEFAULT_AFTERCARE_DISCLOSURES, aftercareRules } from './domain/index.js';

// The shared event store file (the auditors' trail is one log); aftercare's own read models
// (READ_STORE_URL, else MONGODB_URI, else sqlite:./data/aftercare/read.db). The scheduler's
// interval: how often check-ins past their grace days and plans at the end of their year are
// looked for; 0 turns the timer off (tests call tick(now) themselves). The network's
// aftercare figures (services/aftercare/README.md#configuration): the check-in schedule, the grace days, the
// BARC-10 drop that recommends readmission and the misses that mark a client unreachable; and
// what the sends to outside recipients carry and why (docs/domain/aftercare.md#what-aftercare-discloses).
export const aftercareServiceConfig = serviceConfig(
  { port: 3104, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    SCHEDULER_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
    /** The first check-ins, in days after discharge, comma-separated. */
    CHECK_IN_FIRST_DAYS: string({ default: '7,30' }),
    /** Then one check-in every this many days (0: none)… */
    CHECK_IN_EVERY_DAYS: integer({ default: 90, min: 0 }),
    /** …up to this day, when continuing care ends. */
    CONTINUING_CARE_DAYS: integer({ default: 365, min: 1 }),
    CHECK_IN_GRACE_DAYS: integer({ default: 7, min: 0 }),
    BARC10_DROP_FOR_READMISSION: integer({ default: 8, min: 1, max: 50 }),
    MISSES_FOR_UNREACHABLE: integer({ default: 3, min: 1 }),
    /** HL7 v3 PurposeOfUse of every send to an outside recipient (42 CFR 2.31(a)(5)). */
    DISCLOSURE_PURPOSE: string({ default: DEFAULT_AFTERCARE_DISCLOSURES.purpose }),
    /** The categories of information each send carries (42 CFR 2.31(a)(3)), comma-separated. */
    STEP_DOWN_DISCLOSES: string({ default: DEFAULT_AFTERCARE_DISCLOSURES.categories['step-down'].join(',') }),
    RECOVERY_RESIDENCE_DISCLOSES: string({ default: DEFAULT_AFTERCARE_DISCLOSURES.categories['recovery-residence'].join(',') }),
    PEER_SUPPORT_DISCLOSES: string({ default: DEFAULT_AFTERCARE_DISCLOSURES.categories['peer-support'].join(',') }),
  },
);

export type AftercareConfig = ReturnType<typeof aftercareServiceConfig.load>;

/** The network's rules from the configuration; a schedule that cannot work stops the service at boot, naming the problem. */
export function aftercareRulesFrom(config: AftercareConfig): AftercareRules {
  return aftercareRules({
    schedule: {
      first: config.CHECK_IN_FIRST_DAYS.split(',').map((day) => Number(day.trim())),
      thenEveryDays: config.CHECK_IN_EVERY_DAYS,
      untilDays: config.CONTINUING_CARE_DAYS,
    },
    graceDays: config.CHECK_IN_GRACE_DAYS,
    barcDropForReadmission: config.BARC10_DROP_FOR_READMISSION,
    missesForUnreachable: config.MISSES_FOR_UNREACHABLE,
    disclosures: {
      ...DEFAULT_AFTERCARE_DISCLOSURES,
      purpose: config.DISCLOSURE_PURPOSE as PurposeOfUse,
      categories: {
        'step-down': categoriesOf(config.STEP_DOWN_DISCLOSES),
        'recovery-residence': categoriesOf(config.RECOVERY_RESIDENCE_DISCLOSES),
        'peer-support': categoriesOf(config.PEER_SUPPORT_DISCLOSES),
      },
    },
  });
}

/** A comma-separated list; aftercareRules refuses an unknown category (or counselling notes) at boot. */
const categoriesOf = (list: string) =>
  list
    .split(',')
    .map((category) => category.trim())
    .filter((category) => category !== '') as InformationCategory[];
