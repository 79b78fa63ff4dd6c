import { findLevel } from '@continuum/care-episode';
import { DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { RuleBroken } from '@continuum/decider';
import { integer, oneOf, optional, serviceConfig, string } from '@continuum/platform';
import { type IntakeConfig, defaultIntakeConfig, intakeConfig, placementLevelsOf } from './domain/index.js';

// Every service shares one SQLite event store file by default: the auditors' trail is one
// log, and SQLite's WAL lets several processes write to it safely.
// The read models are intake's own: READ_STORE_URL, else MONGODB_URI, else
// sqlite:./data/intake/read.db (readStoreUrlFrom, shared with `projections:rebuild`). Secret,
// because a MongoDB address may carry a password.
// The network's edition, withdrawal management level and safety figures
// (docs/domain/screening.md#safety-hold, docs/domain/placement.md#placement-rules-v2) are
// settings; every other figure of intake's rules is a default in code (domain/config.ts).
export const intakeServiceConfig = serviceConfig(
  { port: 3101, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    ASAM_EDITION: oneOf(['3', '4'], { default: '3' }),
    // Where the placement rules send high withdrawal risk: 3.7 (medically monitored) or 4 / 4.0 (medically managed).
    WITHDRAWAL_MANAGEMENT: oneOf(['medically-monitored', 'medically-managed'], { default: 'medically-monitored' }),
    SAFETY_LEVEL: string({ default: defaultIntakeConfig.safety.safetyLevel.code }),
    CSSRS_WINDOW_HOURS: integer({ default: defaultIntakeConfig.safety.cssrsValidForHours, min: 1, max: 24 * 14 }),
    SAFETY_FOLLOW_UP_DUE_HOURS: integer({ default: defaultIntakeConfig.safety.followUpDueHours, min: 1, max: 24 }),
    // Who signs a minor's Part 2 consent under the network's state law (42 CFR 2.14): the minor
    // alone (2.14(a)), or the minor and a parent or guardian (2.14(b), the safer default).
    CONSENT_MINOR_RULE: oneOf(['minor-alone', 'minor-and-guardian'], { default: DEFAULT_CONSENT_POLICY.minorRule }),
    // How often the scheduler looks for safety follow-ups past their due time; 0 turns the timer off (tests call tick(now)).
    SCHEDULER_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
  },
);

export type IntakeServiceConfig = ReturnType<typeof intakeServiceConfig.load>;

/** The rules' figures for this network, from the settings; a safety level the edition does not have stops the service at start. */
export function intakeConfigOf(
  settings: Pick<
    IntakeServiceConfig,
    'ASAM_EDITION' | 'WITHDRAWAL_MANAGEMENT' | 'SAFETY_LEVEL' | 'CSSRS_WINDOW_HOURS' | 'SAFETY_FOLLOW_UP_DUE_HOURS' | 'CONSENT_MINOR_RULE'
  >,
): IntakeConfig {
  const edition = Number(settings.ASAM_EDITION) as 3 | 4;
  const safetyLevel = { edition, code: settings.SAFETY_LEVEL };
  try {
    findLevel(safetyLevel, defaultIntakeConfig.levels);
  } catch (error) {
    if (error instanceof RuleBroken) throw new Error(`SAFETY_LEVEL: ${error.message}`);
    throw error;
  }
  return intakeConfig({
    placement: { levels: placementLevelsOf(edition), withdrawalManagement: settings.WITHDRAWAL_MANAGEMENT },
    safety: { safetyLevel, cssrsValidForHours: settings.CSSRS_WINDOW_HOURS, followUpDueHours: settings.SAFETY_FOLLOW_UP_DUE_HOURS },
    consent: { minorRule: settings.CONSENT_MINOR_RULE },
  });
}
