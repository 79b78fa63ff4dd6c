import { RuleBroken } from '@continuum/decider';

// The level-of-care catalogue. Levels follow the ASAM Criteria numbering, but the names
// here are our own wording: the ASAM text is licensed (docs/domain/levels-of-care.md).
// Every figure is a default that a network, and then a site, may override
// (`buildLevelCatalogue`); rules read them from a catalogue, never from a constant.

export type AsamEdition = 3 | 4;

/** A level of care as stored in every event: the code never travels without its edition. */
export type LevelOfCare = { edition: AsamEdition; code: string };

export type Population = 'adult' | 'adolescent';

/**
 * Weekly clinical hours a level expects. Outpatient is bounded from above (< 9 adult hours:
 * more than that is intensive outpatient), the intensive levels from below.
 */
export type WeeklyHours = {
  /** At least this many clinical hours a week; an under-dosed week raises an alert. */
  minimum?: number;
  /** Fewer than this many hours a week; at or above it the client belongs at a higher level. */
  lessThan?: number;
};

/**
 * - `none`: clinically managed (counsellors, therapists);
 * - `monitored`: physician-monitored with nursing on site around the clock (3rd ed. 3.7);
 * - `managed`: physician-directed medical care (3rd ed. 4; 4th ed. 1.7, 2.7, 3.7, 4.0, where
 *   withdrawal management is folded in).
 */
export type MedicalCare = 'none' | 'monitored' | 'managed';

export type LevelDefinition = LevelOfCare & {
  name: string;
  /** The abbreviation clinicians use (IOP, PHP, OP), where there is one. */
  abbreviation?: string;
  weeklyHours: Record<Population, WeeklyHours>;
  /** Residential or inpatient: the client lives in the programme's 24-hour structure. */
  is24Hour: boolean;
  medicalCare: MedicalCare;
  /**
   * Position on one intensity scale shared by both editions, so that a change is a step-up,
   * a step-down or lateral even across editions. The default is the code times ten, with
   * levels that mean the same in both editions on the same rank (3rd ed. 1 "outpatient" sits
   * with 4th ed. 1.5 "outpatient therapy" at 15; 3rd ed. 4 with 4th ed. 4.0 at 40). A change
   * between two levels of equal rank (re-coding a client from 3rd-edition 2.1 to
   * 4th-edition 2.1) is lateral.
   */
  intensity: number;
};

export type LevelCatalogue = { readonly levels: readonly LevelDefinition[] };

/** What a network or a site may change about a level; the level itself is named by edition and code. */
export type LevelOverride = LevelOfCare &
  Partial<Pick<LevelDefinition, 'name' | 'abbreviation' | 'is24Hour' | 'medicalCare' | 'intensity'>> & {
    weeklyHours?: Partial<Record<Population, WeeklyHours>>;
  };

const noHours: Record<Population, WeeklyHours> = { adult: {}, adolescent: {} };
const sameForBoth = (hours: WeeklyHours): Record<Population, WeeklyHours> => ({ adult: hours, adolescent: hours });

// Outpatient ends where intensive outpatient begins: 9 hours for adults, 6 for adolescents.
const outpatientHours: Record<Population, WeeklyHours> = { adult: { lessThan: 9 }, adolescent: { lessThan: 6 } };
const intensiveOutpatientHours: Record<Population, WeeklyHours> = { adult: { minimum: 9 }, adolescent: { minimum: 6 } };
// Partial hospitalization (≥ 20) and low-intensity residential (≥ 5) have one figure
// (docs/domain/levels-of-care.md#the-catalogue); until a network says otherwise it applies to adolescents too.
const partialHospitalizationHours = sameForBoth({ minimum: 20 });
const lowIntensityResidentialHours = sameForBoth({ minimum: 5 });

const THIRD_EDITION: LevelDefinition[] = [
  { edition: 3, code: '0.5', name: 'Early intervention', weeklyHours: noHours, is24Hour: false, medicalCare: 'none', intensity: 5 },
  {
    edition: 3,
    code: '1',
    name: 'Outpatient',
    abbreviation: 'OP',
    weeklyHours: outpatientHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 15,
  },
  {
    edition: 3,
    code: '2.1',
    name: 'Intensive outpatient',
    abbreviation: 'IOP',
    weeklyHours: intensiveOutpatientHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 21,
  },
  {
    edition: 3,
    code: '2.5',
    name: 'Partial hospitalization',
    abbreviation: 'PHP',
    weeklyHours: partialHospitalizationHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 25,
  },
  {
    edition: 3,
    code: '3.1',
    name: 'Low-intensity residential, clinically managed',
    weeklyHours: lowIntensityResidentialHours,
    is24Hour: true,
    medicalCare: 'none',
    intensity: 31,
  },
  {
    edition: 3,
    code: '3.3',
    name: 'Population-specific residential, clinically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'none',
    intensity: 33,
  },
  {
    edition: 3,
    code: '3.5',
    name: 'High-intensity residential, clinically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'none',
    intensity: 35,
  },
  {
    edition: 3,
    code: '3.7',
    name: 'Intensive inpatient, medically monitored',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'monitored',
    intensity: 37,
  },
  {
    edition: 3,
    code: '4',
    name: 'Intensive inpatient, medically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'managed',
    intensity: 40,
  },
];

// The 4th edition keeps the meaning of 2.1, 2.5 (now "high-intensity outpatient", the
// successor of partial hospitalization), 3.1 and 1.5 (outpatient therapy), so those carry the
// 3rd-edition hours. No hours are set for 1.0, 1.7 and 2.7 (docs/domain/levels-of-care.md#the-catalogue):
// a network sets them.
const FOURTH_EDITION: LevelDefinition[] = [
  {
    edition: 4,
    code: '1.0',
    name: 'Long-term remission monitoring',
    weeklyHours: noHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 10,
  },
  {
    edition: 4,
    code: '1.5',
    name: 'Outpatient therapy',
    abbreviation: 'OP',
    weeklyHours: outpatientHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 15,
  },
  {
    edition: 4,
    code: '1.7',
    name: 'Outpatient, medically managed',
    weeklyHours: noHours,
    is24Hour: false,
    medicalCare: 'managed',
    intensity: 17,
  },
  {
    edition: 4,
    code: '2.1',
    name: 'Intensive outpatient',
    abbreviation: 'IOP',
    weeklyHours: intensiveOutpatientHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 21,
  },
  {
    edition: 4,
    code: '2.5',
    name: 'High-intensity outpatient',
    weeklyHours: partialHospitalizationHours,
    is24Hour: false,
    medicalCare: 'none',
    intensity: 25,
  },
  {
    edition: 4,
    code: '2.7',
    name: 'Intensive outpatient, medically managed',
    weeklyHours: noHours,
    is24Hour: false,
    medicalCare: 'managed',
    intensity: 27,
  },
  {
    edition: 4,
    code: '3.1',
    name: 'Low-intensity residential, clinically managed',
    weeklyHours: lowIntensityResidentialHours,
    is24Hour: true,
    medicalCare: 'none',
    intensity: 31,
  },
  {
    edition: 4,
    code: '3.5',
    name: 'High-intensity residential, clinically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'none',
    intensity: 35,
  },
  {
    edition: 4,
    code: '3.7',
    name: 'Residential, medically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'managed',
    intensity: 37,
  },
  {
    edition: 4,
    code: '4.0',
    name: 'Inpatient, medically managed',
    weeklyHours: noHours,
    is24Hour: true,
    medicalCare: 'managed',
    intensity: 40,
  },
];

export const DEFAULT_LEVEL_CATALOGUE: LevelCatalogue = Object.freeze({
  levels: Object.freeze([...THIRD_EDITION, ...FOURTH_EDITION].map((level) => Object.freeze(level))),
});

export function isSameLevel(a: LevelOfCare, b: LevelOfCare): boolean {
  return a.edition === b.edition && a.code === b.code;
}

/** Only edition and code: a level in an event never carries catalogue data that may later change. */
export function levelOf(level: LevelOfCare): LevelOfCare {
  return { edition: level.edition, code: level.code };
}

/**
 * A catalogue with overrides applied in order: pass the network's, then the site's, so the
 * site wins. An override naming a level the catalogue does not hold is refused rather than
 * ignored, because a silently ignored typo would leave the default in force.
 */
export function buildLevelCatalogue(base: LevelCatalogue, ...overrideLayers: ReadonlyArray<readonly LevelOverride[]>): LevelCatalogue {
  let levels = [...base.levels];
  for (const overrides of overrideLayers) {
    for (const override of overrides) {
      findLevel(override, { levels });
      const { weeklyHours, ...fields } = override;
      levels = levels.map((level) =>
        isSameLevel(level, override) ? { ...level, ...fields, weeklyHours: { ...level.weeklyHours, ...weeklyHours } } : level,
      );
    }
  }
  return { levels };
}

const editionName = (edition: AsamEdition) => (edition === 3 ? '3rd' : '4th');

export function findLevel(level: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): LevelDefinition {
  const found = catalogue.levels.find((candidate) => isSameLevel(candidate, level));
  if (found) return found;
  const codes = catalogue.levels.filter((candidate) => candidate.edition === level.edition).map((candidate) => candidate.code);
  if (codes.length === 0) {
    throw new RuleBroken(
      `there is no ASAM edition ${String(level.edition)} in the level catalogue: use edition 3 or 4 with the level code`,
      'unknown-level-of-care',
      { level },
    );
  }
  throw new RuleBroken(
    `level ${String(level.code)} is not in the ASAM ${editionName(level.edition)} edition: use one of ${codes.join(', ')}`,
    'unknown-level-of-care',
    { level, codes },
  );
}

/** "2.1 (IOP, 3rd ed.)" — for messages and timelines; ids and codes only, nothing about the client. */
export function describeLevel(level: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): string {
  const known = catalogue.levels.find((candidate) => isSameLevel(candidate, level));
  const label = known ? (known.abbreviation ?? known.name) : 'not in the catalogue';
  return `${level.code} (${label}, ${editionName(level.edition)} ed.)`;
}

export type ChangeDirection = 'step-up' | 'step-down' | 'lateral';

/** Compares intensity ranks, so it also classifies a change between editions (see `intensity`). */
export function classifyChange(from: LevelOfCare, to: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): ChangeDirection {
  const difference = findLevel(to, catalogue).intensity - findLevel(from, catalogue).intensity;
  if (difference > 0) return 'step-up';
  if (difference < 0) return 'step-down';
  return 'lateral';
}

/**
 * Whether `level` is at least as intensive as `floor`, by intensity rank, so across editions:
 * with the default ranks 4th-edition 3.7 and 3rd-edition 4 are at or above 3rd-edition 3.7,
 * and 3rd-edition 3.5 or 4th-edition 3.5 below it.
 */
export function isAtOrAbove(level: LevelOfCare, floor: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): boolean {
  return findLevel(level, catalogue).intensity >= findLevel(floor, catalogue).intensity;
}

export function is24Hour(level: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): boolean {
  return findLevel(level, catalogue).is24Hour;
}

/**
 * True for medically managed and medically monitored levels: both have medical staff who
 * can take a client at high withdrawal risk, which is what the placement rule asks for.
 * Use `findLevel(level).medicalCare` to tell them apart.
 */
export function isMedicallyManaged(level: LevelOfCare, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): boolean {
  return findLevel(level, catalogue).medicalCare !== 'none';
}

/** Undefined when the level sets no minimum (outpatient sets a ceiling instead: see `weeklyHoursOf`). */
export function minimumWeeklyHours(
  level: LevelOfCare,
  population: Population,
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): number | undefined {
  return findLevel(level, catalogue).weeklyHours[population].minimum;
}

export function weeklyHoursOf(
  level: LevelOfCare,
  population: Population,
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): WeeklyHours {
  return findLevel(level, catalogue).weeklyHours[population];
}
