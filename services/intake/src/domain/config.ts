import { type ConsentPolicy, DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { DEFAULT_FACT_DATE_POLICY, DEFAULT_LEVEL_CATALOGUE, type FactDatePolicy, type LevelCatalogue } from '@continuum/care-episode';
import { type MeasurementConfig, defaultMeasurementConfig } from './measurement.js';
import { type PlacementConfig, defaultPlacementConfig } from './placement.js';
import { type SafetyConfig, defaultSafetyConfig } from './safety.js';
import { type ScreeningConfig, defaultScreeningConfig } from './screening.js';

/** Every number intake's rules use, per network and overridable per site (docs/conventions.md#rules-live-in-deciders: no constant buried in code). */
export type IntakeConfig = {
  screening: ScreeningConfig;
  placement: PlacementConfig;
  safety: SafetyConfig;
  measurement: MeasurementConfig;
  /** Which day is today at a site, and how late a screening may be entered (libs/care-episode's one date rule for facts). */
  factDates: FactDatePolicy;
  /** The network's level catalogue, with its site's overrides (`buildLevelCatalogue` in care-episode). */
  levels: LevelCatalogue;
  /** Who signs for a minor under the network's state law, and the wording of each required statement (42 CFR 2.14, 2.31; @continuum/consent). */
  consent: ConsentPolicy;
};

export const defaultIntakeConfig: IntakeConfig = {
  screening: defaultScreeningConfig,
  placement: defaultPlacementConfig,
  safety: defaultSafetyConfig,
  measurement: defaultMeasurementConfig,
  factDates: DEFAULT_FACT_DATE_POLICY,
  levels: DEFAULT_LEVEL_CATALOGUE,
  consent: DEFAULT_CONSENT_POLICY,
};

export type IntakeConfigOverrides = {
  screening?: Partial<ScreeningConfig>;
  placement?: Partial<Omit<PlacementConfig, 'levels'>> & { levels?: Partial<PlacementConfig['levels']> };
  safety?: Partial<SafetyConfig>;
  measurement?: Partial<MeasurementConfig>;
  factDates?: FactDatePolicy;
  levels?: LevelCatalogue;
  consent?: Partial<Omit<ConsentPolicy, 'statementTexts'>> & { statementTexts?: Partial<ConsentPolicy['statementTexts']> };
};

/** A network's or site's config: the defaults (or `base`) with the given values replaced. */
export function intakeConfig(overrides: IntakeConfigOverrides = {}, base: IntakeConfig = defaultIntakeConfig): IntakeConfig {
  return {
    screening: { ...base.screening, ...overrides.screening },
    placement: {
      ...base.placement,
      ...overrides.placement,
      levels: { ...base.placement.levels, ...overrides.placement?.levels },
    },
    safety: { ...base.safety, ...overrides.safety },
    measurement: { ...base.measurement, ...overrides.measurement },
    factDates: overrides.factDates ?? base.factDates,
    levels: overrides.levels ?? base.levels,
    consent: {
      ...base.consent,
      ...overrides.consent,
      statementTexts: { ...base.consent.statementTexts, ...overrides.consent?.statementTexts },
    },
  };
}
