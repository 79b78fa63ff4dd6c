import { type LevelOfCare } from '@continuum/care-episode';
import { type Assessment, validateAssessment, withSeverities } from './assessment.js';
import { type IntakeConfigOverrides, defaultIntakeConfig, intakeConfig } from './config.js';
import { type PlacementRule, placementLevelsOf, recommendPlacement } from './placement.js';
import { assessmentFacts } from './testing/intake-fixtures.js';

// Placement rules v2 (docs/domain/placement.md#placement-rules-v2), table-driven: each rule,
// each boundary and each conflict between rules, on a calm client whom nothing calls to more
// than outpatient care unless a case says so.

const level = (code: string, edition: 3 | 4 = 3): LevelOfCare => ({ edition, code });
const OP = level('1');
const IOP = level('2.1');
const PHP = level('2.5');
const RES_31 = level('3.1');
const RES_35 = level('3.5');
const MONITORED = level('3.7');
const MANAGED = level('4');

const calm: Partial<Assessment> = {
  ratings: { withdrawal: 1, biomedical: 0, emotionalBehavioural: 1, readiness: 1, relapseRisk: 1, recoveryEnvironment: 1 },
  substances: [{ substanceCode: 'alcohol', yearsOfUse: 2, severity: 'mild' }],
  hasPriorTreatment: false,
  relapsedAfterTreatment: false,
  withdrawalRisk: 'low',
  obligations: [],
  completedResidentialProgramme: false,
};
const facts = (overrides: Partial<Assessment> = {}): Assessment => assessmentFacts({ ...calm, ...overrides });
const rated = (ratings: Partial<Assessment['ratings']>): Partial<Assessment> => ({ ratings: { ...calm.ratings!, ...ratings } });
const everyRating = (value: number): Partial<Assessment> => ({
  ratings: {
    withdrawal: value,
    biomedical: value,
    emotionalBehavioural: value,
    readiness: value,
    relapseRisk: value,
    recoveryEnvironment: value,
  },
});
const uses = (severity: 'mild' | 'moderate' | 'severe', substanceCode = 'alcohol', yearsOfUse = 2): Partial<Assessment> => ({
  substances: [{ substanceCode, yearsOfUse, severity }],
});
const unstableHome: Partial<Assessment> = { isHomeStableAndSafe: false, livesInSoberLiving: false };

type Case = {
  name: string;
  assessment: Partial<Assessment>;
  onHold?: boolean;
  config?: IntakeConfigOverrides;
  level: LevelOfCare;
  rule: PlacementRule;
  /** Reason codes that must be among the answer's reasons. */
  reasons?: string[];
  /** Reason codes that must not be. */
  notReasons?: string[];
  whatWouldChange?: RegExp;
  alsoRecommended?: string[];
  barriers?: string[];
};

const cases: Case[] = [
  // The four cases issue 14 names.
  {
    name: 'every rating 4 is never outpatient: withdrawal management',
    assessment: { ...everyRating(4), withdrawalRisk: 'high' },
    level: MONITORED,
    rule: 'withdrawal-management',
  },
  {
    name: 'moderate use stepping down from residential, with a relapse history and relapse risk rated 2, is IOP',
    assessment: {
      ...uses('moderate', 'opioids', 8),
      ...rated({ relapseRisk: 2 }),
      hasPriorTreatment: true,
      relapsedAfterTreatment: true,
      completedResidentialProgramme: true,
    },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['dimension-rated-2', 'moderate-use', 'step-down'],
  },
  {
    name: 'a safety hold with moderate opioid use is not below 3.7',
    assessment: uses('moderate', 'opioids', 3),
    onHold: true,
    level: MONITORED,
    rule: 'safety-hold',
    reasons: ['safety-hold'],
  },
  {
    name: 'severe use in sober living with every rating at most 1 is PHP',
    assessment: { ...uses('severe', 'cocaine'), isHomeStableAndSafe: false, livesInSoberLiving: true },
    level: PHP,
    rule: 'partial-hospitalisation',
    reasons: ['severe-use', 'lives-in-sober-living'],
  },

  // (a) the safety hold
  {
    name: "a hold lifts a calm client to the safety level, saying the hold's end would allow outpatient",
    assessment: {},
    onHold: true,
    level: MONITORED,
    rule: 'safety-hold',
    whatWouldChange: /^Ending the safety hold .* would make 1 \(OP, 3rd ed\.\) appropriate\.$/,
  },
  {
    name: 'a hold keeps a more intensive level the other rules find, with both reasons',
    assessment: { ...everyRating(4), withdrawalRisk: 'severe' },
    onHold: true,
    config: { placement: { withdrawalManagement: 'medically-managed' } },
    level: MANAGED,
    rule: 'safety-hold',
    reasons: ['safety-hold', 'withdrawal-rated-4', 'high-withdrawal-risk'],
  },
  {
    name: 'a hold with high withdrawal risk names both, and its end alone would not lower the level',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'high' },
    onHold: true,
    level: MONITORED,
    rule: 'safety-hold',
    reasons: ['safety-hold', 'high-withdrawal-risk'],
    whatWouldChange:
      /^Ending the safety hold \(.*\), withdrawal rated below 4 and withdrawal risk below high would make 2\.5 \(PHP, 3rd ed\.\) appropriate\.$/,
  },
  {
    name: "a hold follows the network's safety level",
    assessment: unstableHome,
    onHold: true,
    config: { safety: { safetyLevel: RES_35 } },
    level: RES_35,
    rule: 'safety-hold',
  },
  {
    name: 'a hold with Dimension 3 rated 4 still asks for a psychiatric evaluation',
    assessment: rated({ emotionalBehavioural: 4 }),
    onHold: true,
    level: MONITORED,
    rule: 'safety-hold',
    alsoRecommended: ['acute-psychiatric-evaluation'],
  },

  // (b) withdrawal
  {
    name: 'withdrawal rated 4 with high risk is withdrawal management at 3.7',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'high' },
    level: MONITORED,
    rule: 'withdrawal-management',
    reasons: ['withdrawal-rated-4', 'high-withdrawal-risk'],
  },
  {
    name: 'severe withdrawal risk is withdrawal management',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'severe' },
    level: MONITORED,
    rule: 'withdrawal-management',
  },
  {
    name: 'a network that manages withdrawal medically recommends 4',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'high' },
    config: { placement: { withdrawalManagement: 'medically-managed' } },
    level: MANAGED,
    rule: 'withdrawal-management',
  },
  {
    name: 'withdrawal rated 3 with moderate risk is below the withdrawal rule: PHP',
    assessment: { ...rated({ withdrawal: 3 }), withdrawalRisk: 'moderate' },
    level: PHP,
    rule: 'partial-hospitalisation',
    notReasons: ['withdrawal-rated-4'],
  },
  {
    name: 'the 4th edition recommends its own 3.7 for withdrawal',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'high' },
    config: { placement: { levels: placementLevelsOf(4) } },
    level: level('3.7', 4),
    rule: 'withdrawal-management',
  },
  {
    name: 'the 4th edition recommends 4.0 where the network manages withdrawal medically',
    assessment: { ...rated({ withdrawal: 4 }), withdrawalRisk: 'high' },
    config: { placement: { levels: placementLevelsOf(4), withdrawalManagement: 'medically-managed' } },
    level: level('4.0', 4),
    rule: 'withdrawal-management',
  },
  {
    name: 'withdrawal management comes before Dimension 3 rated 4, the evaluation is still asked for, and what would change the level resolves both',
    assessment: { ...rated({ withdrawal: 4, emotionalBehavioural: 4 }), withdrawalRisk: 'high' },
    level: MONITORED,
    rule: 'withdrawal-management',
    alsoRecommended: ['acute-psychiatric-evaluation'],
    whatWouldChange:
      /^Withdrawal rated below 4, withdrawal risk below high and emotional and behavioural conditions rated below 4 would make 2\.5 \(PHP, 3rd ed\.\) appropriate\.$/,
  },

  // (c) biomedical or emotional/behavioural 4
  {
    name: 'biomedical rated 4 is 3.7',
    assessment: rated({ biomedical: 4 }),
    level: MONITORED,
    rule: 'biomedical-or-psychiatric',
    reasons: ['biomedical-rated-4'],
    alsoRecommended: [],
  },
  {
    name: 'Dimension 3 rated 4 is 3.7 and an acute psychiatric evaluation',
    assessment: rated({ emotionalBehavioural: 4 }),
    level: MONITORED,
    rule: 'biomedical-or-psychiatric',
    reasons: ['emotional-behavioural-rated-4'],
    alsoRecommended: ['acute-psychiatric-evaluation'],
  },
  {
    name: 'both rated 4 names both',
    assessment: rated({ biomedical: 4, emotionalBehavioural: 4 }),
    level: MONITORED,
    rule: 'biomedical-or-psychiatric',
    reasons: ['biomedical-rated-4', 'emotional-behavioural-rated-4'],
  },
  { name: 'biomedical rated 3 is PHP', assessment: rated({ biomedical: 3 }), level: PHP, rule: 'partial-hospitalisation' },
  {
    name: 'Dimension 3 rated 3 is PHP with no psychiatric evaluation',
    assessment: rated({ emotionalBehavioural: 3 }),
    level: PHP,
    rule: 'partial-hospitalisation',
    alsoRecommended: [],
  },
  {
    name: 'Dimension 2 rated 4 comes before an unstable home',
    assessment: { ...rated({ biomedical: 4 }), ...unstableHome },
    level: MONITORED,
    rule: 'biomedical-or-psychiatric',
  },

  // (d) 24-hour structure
  {
    name: 'an unstable home with every rating at most 2 is low-intensity residential, and a stable home would make IOP appropriate',
    assessment: { ...unstableHome, ...rated({ relapseRisk: 2 }) },
    level: RES_31,
    rule: 'twenty-four-hour-structure',
    reasons: ['home-cannot-support-outpatient', 'ratings-allow-low-intensity-residential'],
    whatWouldChange: /^A stable, safe home or a sober-living residence would make 2\.1 \(IOP, 3rd ed\.\) appropriate\.$/,
  },
  {
    name: 'an unstable home with a rating of 3 is high-intensity residential',
    assessment: { ...unstableHome, ...rated({ readiness: 3 }) },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
    reasons: ['ratings-call-for-high-intensity-residential'],
  },
  {
    name: 'no support network with relapse risk rated 3 is residential',
    assessment: { hasSupportNetwork: false, ...rated({ relapseRisk: 3 }) },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
    reasons: ['no-support-network'],
  },
  {
    name: 'no support network with the recovery environment rated 3 is residential',
    assessment: { hasSupportNetwork: false, ...rated({ recoveryEnvironment: 3 }) },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
    reasons: ['no-support-network'],
  },
  {
    name: 'no support network with Dimensions 5 and 6 at 2 is not a 24-hour reason: IOP',
    assessment: { hasSupportNetwork: false, ...rated({ relapseRisk: 2, recoveryEnvironment: 2 }) },
    level: IOP,
    rule: 'intensive-outpatient',
    notReasons: ['no-support-network'],
  },
  {
    name: 'long-term use, relapse after treatment and relapse risk rated 3 is residential',
    assessment: { ...uses('moderate', 'opioids', 5), hasPriorTreatment: true, relapsedAfterTreatment: true, ...rated({ relapseRisk: 3 }) },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
    reasons: ['long-term-use-with-relapse-after-treatment'],
  },
  {
    name: 'use of 4.9 years is not long-term: PHP for the rating of 3',
    assessment: {
      ...uses('moderate', 'opioids', 4.9),
      hasPriorTreatment: true,
      relapsedAfterTreatment: true,
      ...rated({ relapseRisk: 3 }),
    },
    level: PHP,
    rule: 'partial-hospitalisation',
  },
  {
    name: 'long-term use with relapse but relapse risk rated 2 is IOP',
    assessment: { ...uses('moderate', 'opioids', 12), hasPriorTreatment: true, relapsedAfterTreatment: true, ...rated({ relapseRisk: 2 }) },
    level: IOP,
    rule: 'intensive-outpatient',
  },
  {
    name: 'long-term use with relapse risk 3 but no relapse after treatment is PHP',
    assessment: { ...uses('mild', 'alcohol', 20), ...rated({ relapseRisk: 3 }) },
    level: PHP,
    rule: 'partial-hospitalisation',
  },
  {
    name: "the network's long-term threshold applies",
    assessment: { ...uses('mild', 'alcohol', 3), hasPriorTreatment: true, relapsedAfterTreatment: true, ...rated({ relapseRisk: 3 }) },
    config: { placement: { longTermUseYears: 3 } },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
  },
  {
    name: 'a co-occurring disorder not yet stable is low-intensity residential when no rating exceeds 2',
    assessment: { coOccurringDisorder: 'not-stable' },
    level: RES_31,
    rule: 'twenty-four-hour-structure',
    reasons: ['co-occurring-disorder-not-stable'],
  },
  {
    name: 'a stable co-occurring disorder is no 24-hour reason',
    assessment: { coOccurringDisorder: 'stable' },
    level: OP,
    rule: 'outpatient',
  },
  {
    name: 'every 24-hour reason that holds is named, and resolving all of them is what would change the level',
    assessment: { ...unstableHome, coOccurringDisorder: 'not-stable', hasSupportNetwork: false, ...rated({ relapseRisk: 3 }) },
    level: RES_35,
    rule: 'twenty-four-hour-structure',
    reasons: ['home-cannot-support-outpatient', 'no-support-network', 'co-occurring-disorder-not-stable'],
    whatWouldChange:
      /^A stable, safe home or a sober-living residence, a support network and a stabilised co-occurring disorder would make 2\.5 \(PHP, 3rd ed\.\) appropriate\.$/,
  },
  {
    name: 'severe use with an unstable home is residential, not PHP',
    assessment: { ...uses('severe'), ...unstableHome },
    level: RES_31,
    rule: 'twenty-four-hour-structure',
  },

  // (e) partial hospitalisation
  {
    name: 'any rating of 3 is PHP',
    assessment: rated({ readiness: 3 }),
    level: PHP,
    rule: 'partial-hospitalisation',
    reasons: ['dimension-rated-3-or-more'],
  },
  {
    name: 'a recovery environment rated 4 with a stable home and support counts as a rating of 3 or more: PHP',
    assessment: rated({ recoveryEnvironment: 4 }),
    level: PHP,
    rule: 'partial-hospitalisation',
  },
  {
    name: 'severe use with a stable home is PHP',
    assessment: uses('severe'),
    level: PHP,
    rule: 'partial-hospitalisation',
    reasons: ['severe-use', 'home-stable-and-safe'],
    whatWouldChange: /^Use that is not severe would make 2\.1 \(IOP, 3rd ed\.\) appropriate\.$/,
  },
  {
    name: 'obligations do not lower severe use to IOP',
    assessment: { ...uses('severe'), obligations: ['work', 'children'] },
    level: PHP,
    rule: 'partial-hospitalisation',
    notReasons: ['obligations-favour-iop'],
  },
  {
    name: 'obligations do not lower a rating of 3 to IOP',
    assessment: { ...rated({ relapseRisk: 3 }), obligations: ['caregiving'] },
    level: PHP,
    rule: 'partial-hospitalisation',
  },
  {
    name: 'the 4th edition recommends high-intensity outpatient 2.5',
    assessment: rated({ readiness: 3 }),
    config: { placement: { levels: placementLevelsOf(4) } },
    level: level('2.5', 4),
    rule: 'partial-hospitalisation',
  },

  // (f) IOP
  {
    name: 'a rating of 2 is IOP, without a completed residential programme',
    assessment: rated({ relapseRisk: 2 }),
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['dimension-rated-2', 'home-stable-and-safe'],
    whatWouldChange: /would make 1 \(OP, 3rd ed\.\) appropriate/,
  },
  {
    name: 'obligations are a reason for IOP over PHP when a rating of 2 allows either',
    assessment: { ...rated({ relapseRisk: 2 }), obligations: ['work', 'children'] },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['obligations-favour-iop'],
  },
  {
    name: 'moderate use with every rating at most 1 is IOP, with no obligations reason',
    assessment: { ...uses('moderate'), obligations: ['work'] },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['moderate-use'],
    notReasons: ['obligations-favour-iop'],
  },
  {
    name: 'a step-down from residential is IOP',
    assessment: { completedResidentialProgramme: true, hasPriorTreatment: true },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['step-down'],
  },
  {
    name: 'a step-down from partial hospitalisation is IOP',
    assessment: { completedPartialHospitalisation: true, hasPriorTreatment: true },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['step-down'],
  },
  {
    name: 'sober living is a stable home for IOP',
    assessment: { ...rated({ relapseRisk: 2 }), isHomeStableAndSafe: false, livesInSoberLiving: true },
    level: IOP,
    rule: 'intensive-outpatient',
    reasons: ['lives-in-sober-living'],
  },

  // (g) outpatient
  {
    name: 'every rating at most 1 and mild use is outpatient, saying what would make IOP appropriate',
    assessment: {},
    level: OP,
    rule: 'outpatient',
    reasons: ['no-intensive-need'],
    whatWouldChange: /moderate use, or a step-down .* would make 2\.1 \(IOP, 3rd ed\.\) appropriate/,
  },
  { name: 'every rating 1 is still outpatient', assessment: everyRating(1), level: OP, rule: 'outpatient' },
  {
    name: 'every rating 0 with no withdrawal risk is outpatient',
    assessment: { ...everyRating(0), withdrawalRisk: 'none' },
    level: OP,
    rule: 'outpatient',
  },
  {
    name: 'the 4th edition recommends outpatient therapy 1.5, not remission monitoring',
    assessment: {},
    config: { placement: { levels: placementLevelsOf(4) } },
    level: level('1.5', 4),
    rule: 'outpatient',
  },

  // Unwillingness never lowers the level.
  {
    name: 'an unwilling client who needs IOP is still recommended IOP, with the barrier and motivational enhancement',
    assessment: { ...rated({ relapseRisk: 2 }), isWillingToAttend: false },
    level: IOP,
    rule: 'intensive-outpatient',
    barriers: ['not-willing-to-attend'],
  },
  {
    name: 'an unwilling client who needs residential care is still recommended it',
    assessment: { ...unstableHome, isWillingToAttend: false },
    level: RES_31,
    rule: 'twenty-four-hour-structure',
    barriers: ['not-willing-to-attend'],
  },
  { name: 'a willing client has no barrier', assessment: {}, level: OP, rule: 'outpatient', barriers: [] },
];

describe('placement rules v2, first rule that fires decides', () => {
  it('covers at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const config = intakeConfig(c.config ?? {});
    const recommendation = recommendPlacement(
      { assessment: withSeverities(facts(c.assessment)), isOnSafetyHold: c.onHold ?? false },
      config,
    );
    expect({ level: recommendation.level, rule: recommendation.rule }).toEqual({ level: c.level, rule: c.rule });
    const codes = recommendation.reasons.map((reason) => reason.code);
    expect(codes).toEqual(expect.arrayContaining(c.reasons ?? []));
    for (const code of c.notReasons ?? []) expect(codes).not.toContain(code);
    expect(recommendation.reasons.every((reason) => reason.sentence.length > 0)).toBe(true);
    if (c.whatWouldChange)
      expect(recommendation.whatWouldChange.map((change) => change.sentence)).toEqual([expect.stringMatching(c.whatWouldChange)]);
    if (c.alsoRecommended) expect(recommendation.alsoRecommended.map((step) => step.code)).toEqual(c.alsoRecommended);
    if (c.barriers) expect(recommendation.barriers.map((barrier) => barrier.code)).toEqual(c.barriers);
  });

  it("never answers outpatient when every rating is 4, whatever the network's edition or withdrawal level", () => {
    for (const edition of [3, 4] as const) {
      for (const withdrawalManagement of ['medically-monitored', 'medically-managed'] as const) {
        const config = intakeConfig({ placement: { levels: placementLevelsOf(edition), withdrawalManagement } });
        const { level: recommended } = recommendPlacement(
          { assessment: facts({ ...everyRating(4), withdrawalRisk: 'high' }), isOnSafetyHold: false },
          config,
        );
        expect(['3.7', '4', '4.0']).toContain(recommended.code);
      }
    }
  });

  it('tells the barrier of an unwilling client with motivational enhancement', () => {
    const [barrier] = recommendPlacement(
      { assessment: facts({ isWillingToAttend: false }), isOnSafetyHold: false },
      defaultIntakeConfig,
    ).barriers;
    expect(barrier!.sentence).toMatch(/motivational enhancement.*does not go down/);
  });
});

describe('the inputs must agree', () => {
  const problemsOf = (overrides: Partial<Assessment>) => validateAssessment(facts(overrides)).map((problem) => problem.field);

  it.each([
    ['withdrawal rated 4 with moderate risk', { ...rated({ withdrawal: 4 }), withdrawalRisk: 'moderate' as const }],
    ['withdrawal rated 4 with no risk', { ...rated({ withdrawal: 4 }), withdrawalRisk: 'none' as const }],
    ['high withdrawal risk with a rating of 3', { ...rated({ withdrawal: 3 }), withdrawalRisk: 'high' as const }],
    ['severe withdrawal risk with a rating of 2', { ...rated({ withdrawal: 2 }), withdrawalRisk: 'severe' as const }],
    ['withdrawal rated 0 with low risk', { ...rated({ withdrawal: 0 }), withdrawalRisk: 'low' as const }],
    ['no withdrawal risk with a rating of 1', { ...rated({ withdrawal: 1 }), withdrawalRisk: 'none' as const }],
  ])('refuses %s, naming both fields', (_name, overrides) => {
    expect(problemsOf(overrides)).toEqual(['ratings.withdrawal', 'withdrawalRisk']);
  });

  it.each([
    ['4 and high', 4, 'high'],
    ['4 and severe', 4, 'severe'],
    ['0 and none', 0, 'none'],
    ['2 and moderate', 2, 'moderate'],
  ] as const)('accepts a withdrawal rating and risk that agree: %s', (_name, withdrawal, withdrawalRisk) => {
    expect(problemsOf({ ...rated({ withdrawal }), withdrawalRisk })).toEqual([]);
  });

  it.each([
    [2, 'mild'],
    [3, 'mild'],
    [4, 'moderate'],
    [5, 'moderate'],
    [6, 'severe'],
    [11, 'severe'],
  ] as const)('takes %i DSM-5 criteria as %s use when no severity is given', (criteriaCount, severity) => {
    const assessment = facts({
      substances: [{ substanceCode: 'opioids', yearsOfUse: 2, criteriaCount } as Assessment['substances'][number]],
    });
    expect(validateAssessment(assessment)).toEqual([]);
    expect(withSeverities(assessment).substances[0]!.severity).toBe(severity);
  });

  it('refuses a severity the criteria count does not make, naming both', () => {
    expect(problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2, severity: 'severe', criteriaCount: 3 }] })).toEqual([
      'substances[0].severity',
      'substances[0].criteriaCount',
    ]);
    expect(problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2, severity: 'moderate', criteriaCount: 6 }] })).toEqual([
      'substances[0].severity',
      'substances[0].criteriaCount',
    ]);
  });

  it('accepts a severity that agrees with the count', () => {
    expect(problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2, severity: 'moderate', criteriaCount: 4 }] })).toEqual([]);
  });

  it('refuses fewer than 2 criteria, or more than 11', () => {
    expect(
      problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2, criteriaCount: 1 } as Assessment['substances'][number]] }),
    ).toEqual(['substances[0].criteriaCount']);
    expect(
      problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2, criteriaCount: 12 } as Assessment['substances'][number]] }),
    ).toEqual(['substances[0].criteriaCount']);
  });

  it('asks for a severity or a criteria count', () => {
    expect(problemsOf({ substances: [{ substanceCode: 'opioids', yearsOfUse: 2 } as Assessment['substances'][number]] })).toEqual([
      'substances[0].severity',
    ]);
  });

  it('recommends from the severity the count makes', () => {
    const assessment = withSeverities(
      facts({ substances: [{ substanceCode: 'cocaine', yearsOfUse: 1, criteriaCount: 7 } as Assessment['substances'][number]] }),
    );
    expect(recommendPlacement({ assessment, isOnSafetyHold: false }, defaultIntakeConfig)).toMatchObject({
      level: PHP,
      rule: 'partial-hospitalisation',
    });
  });
});
