import { type AsamEdition, type LevelCatalogue, type LevelOfCare, describeLevel, isAtOrAbove, isSameLevel } from '@continuum/care-episode';
import { type Assessment, DIMENSIONS, type Dimension } from './assessment.js';
import { type SafetyConfig } from './safety.js';

// Continuum's own, transparent placement rules, version 2 (docs/domain/placement.md#placement-rules-v2):
// the assessment's ratings and facts (and whether the client is on a safety hold) in; a
// recommended level, the rule that decided it with each reason, what would change it, barriers
// and further recommendations out. The rules are checked from the most intensive need down and
// the first that fires decides, so a client who needs round-the-clock care is never sent to IOP
// because some IOP conditions also hold. Nothing here lowers a level for convenience: neither
// unwillingness nor obligations do. The clinician decides; see DecidePlacement.

export type PlacementReason = { code: string; sentence: string };

/** Which rule decided, in the order they are checked (a to g). */
export const PLACEMENT_RULES = [
  'safety-hold',
  'withdrawal-management',
  'biomedical-or-psychiatric',
  'twenty-four-hour-structure',
  'partial-hospitalisation',
  'intensive-outpatient',
  'outpatient',
] as const;
export type PlacementRule = (typeof PLACEMENT_RULES)[number];

export type PlacementRecommendation = {
  level: LevelOfCare;
  /** The rule that decided the level. */
  rule: PlacementRule;
  /** Why: each fact of the deciding rule that holds, then what else supports the level (obligations for IOP). */
  reasons: PlacementReason[];
  /** What would lead to another level, e.g. "A stable, safe home or a sober-living residence would make 2.1 (IOP) appropriate." */
  whatWouldChange: PlacementReason[];
  /** What may keep the client from attending; never a reason for a lower level. */
  barriers: PlacementReason[];
  /** Further steps the facts call for beside the level, e.g. an acute psychiatric evaluation. */
  alsoRecommended: PlacementReason[];
};

/** The levels the rules recommend, in the network's edition. */
export type PlacementLevels = {
  outpatient: LevelOfCare;
  intensiveOutpatient: LevelOfCare;
  /** 3rd edition partial hospitalisation; 4th edition high-intensity outpatient. Both 2.5. */
  partialHospitalisation: LevelOfCare;
  lowIntensityResidential: LevelOfCare;
  residential: LevelOfCare;
  /** 3.7: round-the-clock nursing with a physician on call. */
  medicallyMonitored: LevelOfCare;
  /** 4 (3rd) or 4.0 (4th): hospital-based, physician-directed care. */
  medicallyManaged: LevelOfCare;
};

export type PlacementConfig = {
  /** Years of use of one substance from which use counts as long-term. */
  longTermUseYears: number;
  /** A dimension rated this or more (and no 24-hour need) calls for partial hospitalisation. */
  partialHospitalisationFromRating: number;
  /** A dimension rated this or more, or moderate use, or a step-down, calls for IOP. */
  intensiveOutpatientFromRating: number;
  /** Residential care is low-intensity (3.1) when no dimension is rated above this. */
  lowIntensityResidentialUpToRating: number;
  /** Relapse risk (Dimension 5), and with no support network the recovery environment (Dimension 6), at this or more call for 24-hour structure. */
  twentyFourHourFromRating: number;
  /** Where a network sends high withdrawal risk: medically monitored (3.7, default) or medically managed (4). */
  withdrawalManagement: 'medically-monitored' | 'medically-managed';
  levels: PlacementLevels;
};

/**
 * The recommended levels of each edition (docs/domain/levels-of-care.md): 3rd — outpatient 1,
 * IOP 2.1, PHP 2.5, residential 3.1/3.5, 3.7, 4; 4th — outpatient 1.5 (1.0 is remission
 * monitoring), IOP 2.1, high-intensity outpatient 2.5, 3.1/3.5, 3.7, 4.0.
 */
export function placementLevelsOf(edition: AsamEdition): PlacementLevels {
  const level = (code: string): LevelOfCare => ({ edition, code });
  return edition === 3
    ? {
        outpatient: level('1'),
        intensiveOutpatient: level('2.1'),
        partialHospitalisation: level('2.5'),
        lowIntensityResidential: level('3.1'),
        residential: level('3.5'),
        medicallyMonitored: level('3.7'),
        medicallyManaged: level('4'),
      }
    : {
        outpatient: level('1.5'),
        intensiveOutpatient: level('2.1'),
        partialHospitalisation: level('2.5'),
        lowIntensityResidential: level('3.1'),
        residential: level('3.5'),
        medicallyMonitored: level('3.7'),
        medicallyManaged: level('4.0'),
      };
}

export const defaultPlacementConfig: PlacementConfig = {
  longTermUseYears: 5,
  partialHospitalisationFromRating: 3,
  intensiveOutpatientFromRating: 2,
  lowIntensityResidentialUpToRating: 2,
  twentyFourHourFromRating: 3,
  withdrawalManagement: 'medically-monitored',
  levels: placementLevelsOf(3),
};

/** What the rules read: the assessment (severities from criteria counts where given) and the client's safety hold. */
export type PlacementFacts = { assessment: Assessment; isOnSafetyHold: boolean };

/** The rules' figures: the placement config, the safety level and the catalogue that ranks levels. */
export type PlacementRulesConfig = { placement: PlacementConfig; safety: Pick<SafetyConfig, 'safetyLevel'>; levels: LevelCatalogue };

/** A fact a rule reads: whether it holds, the reason it gives, and how it reads and looks once resolved (for "what would change it"). */
type Condition = { holds: boolean; reason: PlacementReason; resolved: string; resolve: (a: Assessment) => Assessment };
type Decision = { rule: PlacementRule; level: LevelOfCare; conditions: Condition[]; supporting?: PlacementReason[] };

export function recommendPlacement(facts: PlacementFacts, config: PlacementRulesConfig): PlacementRecommendation {
  const decision = decide(facts, config);
  const holding = decision.conditions.filter((condition) => condition.holds);
  return {
    level: decision.level,
    rule: decision.rule,
    reasons: [...holding.map((condition) => condition.reason), ...(decision.supporting ?? [])],
    whatWouldChange: whatWouldChange(facts, decision, config),
    barriers: barriersOf(facts.assessment),
    alsoRecommended: alsoRecommendedFor(facts.assessment),
  };
}

/** The dimensions as clinicians name them in a sentence. */
const DIMENSION_NAMES: Record<Dimension, string> = {
  withdrawal: 'withdrawal (Dimension 1)',
  biomedical: 'biomedical (Dimension 2)',
  emotionalBehavioural: 'emotional and behavioural (Dimension 3)',
  readiness: 'readiness to change (Dimension 4)',
  relapseRisk: 'relapse risk (Dimension 5)',
  recoveryEnvironment: 'recovery environment (Dimension 6)',
};
const namesOfDimensions = (dimensions: readonly Dimension[]) => joinWithAnd(dimensions.map((d) => DIMENSION_NAMES[d]));

const maxRating = (a: Assessment, dimensions: readonly Dimension[] = DIMENSIONS) => Math.max(...dimensions.map((d) => a.ratings[d]));
const withRatingsAtMost = (a: Assessment, most: number): Assessment => ({
  ...a,
  ratings: Object.fromEntries(DIMENSIONS.map((d) => [d, Math.min(a.ratings[d], most)])) as Assessment['ratings'],
});
const hasStableHome = (a: Assessment) => a.isHomeStableAndSafe || a.livesInSoberLiving;
const isSteppingDown = (a: Assessment) => a.completedResidentialProgramme || a.completedPartialHospitalisation === true;
const usesWith = (a: Assessment, severity: Assessment['substances'][number]['severity']) =>
  a.substances.filter((use) => use.severity === severity);
const names = (uses: Assessment['substances']) => uses.map((use) => use.substanceCode).join(', ');

function decide(facts: PlacementFacts, config: PlacementRulesConfig): Decision {
  const { placement } = config;
  const { levels } = placement;
  const a = facts.assessment;

  // (a) Imminent suicide risk: never below the network's safety level. A more intensive level
  // the other rules find stands, with its own reasons beside the hold's.
  if (facts.isOnSafetyHold) {
    const safetyLevel = config.safety.safetyLevel;
    const hold: Condition = {
      holds: true,
      reason: {
        code: 'safety-hold',
        sentence: `The client is on a safety hold after an imminent suicide risk screen: no level below the safety level ${describeLevel(safetyLevel, config.levels)}.`,
      },
      resolved: "ending the safety hold (a clinician's suicide-risk assessment and safety plan)",
      // The hold is not a fact of the assessment: whatWouldChange lifts it on the facts themselves.
      resolve: (assessment) => assessment,
    };
    const rest = decide({ ...facts, isOnSafetyHold: false }, config);
    return {
      rule: 'safety-hold',
      level: isAtOrAbove(safetyLevel, rest.level, config.levels) ? safetyLevel : rest.level,
      conditions: [hold],
      // Other needs at the safety level or above are reasons for the level too: the hold's end would not lower it.
      ...(isAtOrAbove(rest.level, safetyLevel, config.levels)
        ? { supporting: rest.conditions.filter((c) => c.holds).map((c) => c.reason) }
        : {}),
    };
  }

  // (b) Withdrawal that needs medical management around the clock.
  const withdrawal: Condition[] = [
    {
      holds: a.ratings.withdrawal === 4,
      reason: {
        code: 'withdrawal-rated-4',
        sentence: 'Withdrawal (Dimension 1) is rated 4: withdrawal must be managed with medical staff on hand day and night.',
      },
      resolved: 'withdrawal rated below 4',
      resolve: (x) => ({ ...x, ratings: { ...x.ratings, withdrawal: Math.min(x.ratings.withdrawal, 3) } }),
    },
    {
      holds: a.withdrawalRisk === 'high' || a.withdrawalRisk === 'severe',
      reason: {
        code: 'high-withdrawal-risk',
        sentence: `Withdrawal risk is ${a.withdrawalRisk}: withdrawal management in 24-hour medical care.`,
      },
      resolved: 'withdrawal risk below high',
      resolve: (x) => ({
        ...x,
        withdrawalRisk: x.withdrawalRisk === 'high' || x.withdrawalRisk === 'severe' ? 'moderate' : x.withdrawalRisk,
      }),
    },
  ];
  if (withdrawal.some((c) => c.holds)) {
    return {
      rule: 'withdrawal-management',
      level: placement.withdrawalManagement === 'medically-managed' ? levels.medicallyManaged : levels.medicallyMonitored,
      conditions: withdrawal,
    };
  }

  // (c) Biomedical or emotional/behavioural conditions that need 24-hour medical monitoring.
  const medical: Condition[] = [
    {
      holds: a.ratings.biomedical === 4,
      reason: {
        code: 'biomedical-rated-4',
        sentence: 'Biomedical conditions (Dimension 2) are rated 4: they need 24-hour medical monitoring.',
      },
      resolved: 'biomedical conditions rated below 4',
      resolve: (x) => ({ ...x, ratings: { ...x.ratings, biomedical: Math.min(x.ratings.biomedical, 3) } }),
    },
    {
      holds: a.ratings.emotionalBehavioural === 4,
      reason: {
        code: 'emotional-behavioural-rated-4',
        sentence: 'Emotional, behavioural or cognitive conditions (Dimension 3) are rated 4: they need 24-hour medical monitoring.',
      },
      resolved: 'emotional and behavioural conditions rated below 4',
      resolve: (x) => ({ ...x, ratings: { ...x.ratings, emotionalBehavioural: Math.min(x.ratings.emotionalBehavioural, 3) } }),
    },
  ];
  if (medical.some((c) => c.holds)) return { rule: 'biomedical-or-psychiatric', level: levels.medicallyMonitored, conditions: medical };

  // (d) A life that cannot carry outpatient care: 24-hour residential structure.
  const from = placement.twentyFourHourFromRating;
  const longTerm = a.substances.filter((use) => use.yearsOfUse >= placement.longTermUseYears);
  const residential: Condition[] = [
    {
      holds: !hasStableHome(a),
      reason: {
        code: 'home-cannot-support-outpatient',
        sentence:
          "The client's home is not stable or not safe, and they do not live in sober living: outpatient care would send them back to it every day.",
      },
      resolved: 'a stable, safe home or a sober-living residence',
      resolve: (x) => ({ ...x, isHomeStableAndSafe: true }),
    },
    {
      holds: !a.hasSupportNetwork && (a.ratings.relapseRisk >= from || a.ratings.recoveryEnvironment >= from),
      reason: {
        code: 'no-support-network',
        sentence: `The client has no support network, and relapse risk or the recovery environment is rated ${from} or more.`,
      },
      resolved: 'a support network',
      resolve: (x) => ({ ...x, hasSupportNetwork: true }),
    },
    {
      holds: longTerm.length > 0 && a.relapsedAfterTreatment && a.ratings.relapseRisk >= from,
      reason: {
        code: 'long-term-use-with-relapse-after-treatment',
        sentence: `Use of ${names(longTerm)} for ${placement.longTermUseYears} years or more, relapse after earlier treatment, and relapse risk (Dimension 5) rated ${from} or more.`,
      },
      resolved: `relapse risk rated below ${from}`,
      resolve: (x) => ({ ...x, ratings: { ...x.ratings, relapseRisk: Math.min(x.ratings.relapseRisk, from - 1) } }),
    },
    {
      holds: a.coOccurringDisorder === 'not-stable',
      reason: { code: 'co-occurring-disorder-not-stable', sentence: 'A co-occurring mental health disorder is not yet stable.' },
      resolved: 'a stabilised co-occurring disorder',
      resolve: (x) => ({ ...x, coOccurringDisorder: 'stable' }),
    },
  ];
  if (residential.some((c) => c.holds)) {
    const isLowIntensity = maxRating(a) <= placement.lowIntensityResidentialUpToRating;
    const intensity: PlacementReason = isLowIntensity
      ? {
          code: 'ratings-allow-low-intensity-residential',
          sentence: `No dimension is rated above ${placement.lowIntensityResidentialUpToRating}: low-intensity residential care.`,
        }
      : {
          code: 'ratings-call-for-high-intensity-residential',
          sentence: `A dimension is rated above ${placement.lowIntensityResidentialUpToRating}: high-intensity residential care.`,
        };
    return {
      rule: 'twenty-four-hour-structure',
      level: isLowIntensity ? levels.lowIntensityResidential : levels.residential,
      conditions: residential,
      supporting: [intensity],
    };
  }

  // (e) Daily, day-long structure: partial hospitalisation.
  const phpFrom = placement.partialHospitalisationFromRating;
  const rated3 = DIMENSIONS.filter((d) => a.ratings[d] >= phpFrom);
  const severe = usesWith(a, 'severe');
  const homeReason = stableHomeReason(a);
  const partial: Condition[] = [
    {
      holds: rated3.length > 0,
      reason: {
        code: 'dimension-rated-3-or-more',
        sentence: `${capitalise(namesOfDimensions(rated3))} ${rated3.length === 1 ? 'is' : 'are'} rated ${phpFrom} or more: daily, day-long structure.`,
      },
      resolved: `every dimension rated below ${phpFrom}`,
      resolve: (x) => withRatingsAtMost(x, phpFrom - 1),
    },
    {
      holds: severe.length > 0,
      reason: { code: 'severe-use', sentence: `Use of ${names(severe)} is severe.` },
      resolved: 'use that is not severe',
      resolve: (x) => ({
        ...x,
        substances: x.substances.map((use) => (use.severity === 'severe' ? { ...use, severity: 'moderate' as const } : use)),
      }),
    },
  ];
  if (partial.some((c) => c.holds))
    return { rule: 'partial-hospitalisation', level: levels.partialHospitalisation, conditions: partial, supporting: [homeReason] };

  // (f) Several sessions a week: IOP.
  const iopFrom = placement.intensiveOutpatientFromRating;
  const rated2 = DIMENSIONS.filter((d) => a.ratings[d] >= iopFrom);
  const moderate = usesWith(a, 'moderate');
  const intensive: Condition[] = [
    {
      holds: rated2.length > 0,
      reason: {
        code: 'dimension-rated-2',
        sentence: `${capitalise(namesOfDimensions(rated2))} ${rated2.length === 1 ? 'is' : 'are'} rated ${iopFrom}: sessions several days a week.`,
      },
      resolved: `every dimension rated below ${iopFrom}`,
      resolve: (x) => withRatingsAtMost(x, iopFrom - 1),
    },
    {
      holds: moderate.length > 0,
      reason: { code: 'moderate-use', sentence: `Use of ${names(moderate)} is moderate.` },
      resolved: 'mild use',
      resolve: (x) => ({ ...x, substances: x.substances.map((use) => ({ ...use, severity: 'mild' as const })) }),
    },
    {
      holds: isSteppingDown(a),
      reason: {
        code: 'step-down',
        sentence: a.completedResidentialProgramme
          ? 'The client steps down from a completed residential programme.'
          : 'The client steps down from a completed partial hospitalisation programme.',
      },
      resolved: 'no step-down from residential or partial hospitalisation',
      resolve: (x) => ({ ...x, completedResidentialProgramme: false, completedPartialHospitalisation: false }),
    },
  ];
  if (intensive.some((c) => c.holds)) {
    const supporting = [homeReason];
    // Obligations never lower a level; where a rating of 2 would allow PHP as well, they are a reason for IOP rather than PHP.
    if (a.obligations.length > 0 && rated2.length > 0) {
      supporting.push({
        code: 'obligations-favour-iop',
        sentence: `The ratings allow IOP or PHP; the client's obligations (${a.obligations.join(', ')}) are a reason for IOP, which leaves the rest of the day free.`,
      });
    }
    return { rule: 'intensive-outpatient', level: levels.intensiveOutpatient, conditions: intensive, supporting };
  }

  // (g) Every rating at most 1, mild use.
  return {
    rule: 'outpatient',
    level: levels.outpatient,
    conditions: [
      {
        holds: true,
        reason: {
          code: 'no-intensive-need',
          sentence: `No dimension is rated ${iopFrom} or more, use is mild, and the client is not stepping down from a more intensive programme.`,
        },
        resolved: '',
        resolve: (x) => x,
      },
    ],
    supporting: [homeReason],
  };
}

function stableHomeReason(a: Assessment): PlacementReason {
  return a.livesInSoberLiving
    ? { code: 'lives-in-sober-living', sentence: 'The client lives in a sober-living residence.' }
    : { code: 'home-stable-and-safe', sentence: "The client's home is stable and safe." };
}

/**
 * What would lead to another level: the facts of the deciding rule resolved and, where the level
 * would still be the same (another rule keeps it), the facts of that rule too, until it changes.
 * For outpatient, what would lead to IOP.
 */
function whatWouldChange(facts: PlacementFacts, decision: Decision, config: PlacementRulesConfig): PlacementReason[] {
  const describe = (level: LevelOfCare) => describeLevel(level, config.levels);
  if (decision.rule === 'outpatient') {
    return [
      {
        code: 'more-need-would-mean-iop',
        sentence: `A dimension rated ${config.placement.intensiveOutpatientFromRating} or more, moderate use, or a step-down from residential or partial hospitalisation would make ${describe(config.placement.levels.intensiveOutpatient)} appropriate.`,
      },
    ];
  }
  const resolved: string[] = [];
  let current = facts;
  let deciding = decision;
  for (let step = 0; step < PLACEMENT_RULES.length; step++) {
    const holding = deciding.conditions.filter((condition) => condition.holds);
    resolved.push(...holding.map((condition) => condition.resolved));
    current =
      deciding.rule === 'safety-hold'
        ? { ...current, isOnSafetyHold: false }
        : { ...current, assessment: holding.reduce((assessment, condition) => condition.resolve(assessment), current.assessment) };
    deciding = decide(current, config);
    if (!isSameLevel(deciding.level, decision.level)) {
      return [
        {
          code: `without-${decision.rule}`,
          sentence: `${capitalise(joinWithAnd(resolved))} would make ${describe(deciding.level)} appropriate.`,
        },
      ];
    }
    if (deciding.rule === 'outpatient') break;
  }
  return [];
}

function barriersOf(a: Assessment): PlacementReason[] {
  if (a.isWillingToAttend) return [];
  // Unwillingness is a barrier to the level the client needs, never a reason for a lower one.
  return [
    {
      code: 'not-willing-to-attend',
      sentence:
        'The client is not willing to attend at this level: offer motivational enhancement (motivational interviewing) to engage them; the recommendation does not go down.',
    },
  ];
}

function alsoRecommendedFor(a: Assessment): PlacementReason[] {
  return a.ratings.emotionalBehavioural === 4
    ? [
        {
          code: 'acute-psychiatric-evaluation',
          sentence: 'Emotional, behavioural or cognitive conditions are rated 4: arrange an acute psychiatric evaluation.',
        },
      ]
    : [];
}

function joinWithAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
