import { defaultPlacementConfig, recommendPlacement } from './placement.js';
import { MEDICALLY_MONITORED, IOP, OP, PHP, RESIDENTIAL, assessmentFacts } from './testing/intake-fixtures.js';

const reasonCodes = (facts: Parameters<typeof assessmentFacts>[0]) => recommendPlacement(assessmentFacts(facts)).reasons.map((r) => r.code);
const levelFor = (facts: Parameters<typeof assessmentFacts>[0], config = defaultPlacementConfig) => recommendPlacement(assessmentFacts(facts), config).level;

describe('placement recommendation', () => {
  it('recommends IOP for mild use, a stable home, a completed residential programme and willingness to attend', () => {
    const recommendation = recommendPlacement(assessmentFacts());
    expect(recommendation.level).toEqual(IOP);
    expect(recommendation.reasons.map((r) => r.code)).toEqual(['mild-use', 'home-stable-and-safe', 'completed-residential-programme', 'willing-to-attend']);
    expect(recommendation.reasons.every((r) => r.sentence.length > 0)).toBe(true);
  });

  it('counts a sober-living residence as a stable home for IOP', () => {
    expect(levelFor({ isHomeStableAndSafe: false, livesInSoberLiving: true })).toEqual(IOP);
    expect(reasonCodes({ isHomeStableAndSafe: false, livesInSoberLiving: true })).toContain('lives-in-sober-living');
  });

  describe('a 24-hour level, not IOP', () => {
    it('when the home is unstable or unsafe', () => {
      expect(levelFor({ isHomeStableAndSafe: false })).toEqual(RESIDENTIAL);
      expect(reasonCodes({ isHomeStableAndSafe: false })).toEqual(['home-unstable-or-unsafe']);
    });
    it('when the client has no support network', () => {
      expect(levelFor({ hasSupportNetwork: false })).toEqual(RESIDENTIAL);
      expect(reasonCodes({ hasSupportNetwork: false })).toEqual(['no-support-network']);
    });
    it('when long-term use follows a relapse after earlier treatment', () => {
      const facts = { substances: [{ substanceCode: 'opioids', yearsOfUse: 5, severity: 'mild' as const }], relapsedAfterTreatment: true };
      expect(levelFor(facts)).toEqual(RESIDENTIAL);
      expect(recommendPlacement(assessmentFacts(facts)).reasons[0]).toEqual({
        code: 'long-term-use-with-relapse-after-treatment',
        sentence: 'Use of opioids for 5 years or more, with relapse after earlier treatment.',
      });
    });
    it('when a co-occurring disorder is not yet stable', () => {
      expect(levelFor({ coOccurringDisorder: 'not-stable' })).toEqual(RESIDENTIAL);
      expect(reasonCodes({ coOccurringDisorder: 'not-stable' })).toEqual(['co-occurring-disorder-not-stable']);
    });
    it('listing every reason that applies', () => {
      expect(reasonCodes({ isHomeStableAndSafe: false, hasSupportNetwork: false, coOccurringDisorder: 'not-stable' })).toEqual([
        'home-unstable-or-unsafe',
        'no-support-network',
        'co-occurring-disorder-not-stable',
      ]);
    });
  });

  describe('what counts as long-term use', () => {
    it('does not count use just under the threshold, with relapse', () => {
      expect(levelFor({ substances: [{ substanceCode: 'alcohol', yearsOfUse: 4.9, severity: 'mild' }], relapsedAfterTreatment: true })).toEqual(IOP);
    });
    it('does not count long-term use without a relapse after treatment', () => {
      expect(levelFor({ substances: [{ substanceCode: 'alcohol', yearsOfUse: 20, severity: 'mild' }], relapsedAfterTreatment: false })).toEqual(IOP);
    });
    it('follows the network\'s threshold in years', () => {
      const facts = { substances: [{ substanceCode: 'alcohol', yearsOfUse: 3, severity: 'mild' as const }], relapsedAfterTreatment: true };
      expect(levelFor(facts, { ...defaultPlacementConfig, longTermUseYears: 3 })).toEqual(RESIDENTIAL);
    });
  });

  it('recommends a medically managed level for high withdrawal risk, above every other rule', () => {
    const recommendation = recommendPlacement(assessmentFacts({ withdrawalRisk: 'high', hasSupportNetwork: false }));
    expect(recommendation.level).toEqual(MEDICALLY_MONITORED);
    expect(recommendation.reasons.map((r) => r.code)).toEqual(['high-withdrawal-risk', 'no-support-network']);
  });

  describe('in between: partial hospitalisation or outpatient', () => {
    it('recommends PHP for severe use without a 24-hour need', () => {
      expect(levelFor({ substances: [{ substanceCode: 'cannabis', yearsOfUse: 2, severity: 'severe' }] })).toEqual(PHP);
      expect(reasonCodes({ substances: [{ substanceCode: 'cannabis', yearsOfUse: 2, severity: 'severe' }] })).toEqual(['severe-use']);
    });
    it('recommends PHP for moderate withdrawal risk', () => {
      expect(levelFor({ withdrawalRisk: 'moderate', completedResidentialProgramme: false })).toEqual(PHP);
    });
    it('recommends PHP when a dimension is rated 3, and outpatient when the highest is 2', () => {
      const ratings = assessmentFacts().ratings;
      expect(levelFor({ completedResidentialProgramme: false, ratings: { ...ratings, relapseRisk: 3 } })).toEqual(PHP);
      expect(reasonCodes({ completedResidentialProgramme: false, ratings: { ...ratings, relapseRisk: 3 } })).toEqual(['high-dimension-rating']);
      expect(levelFor({ completedResidentialProgramme: false, ratings: { ...ratings, relapseRisk: 2 } })).toEqual(OP);
    });
    it('recommends outpatient for mild use without a completed residential programme, saying why not IOP', () => {
      expect(levelFor({ completedResidentialProgramme: false })).toEqual(OP);
      expect(reasonCodes({ completedResidentialProgramme: false })).toEqual(['no-intensive-need', 'no-completed-residential-programme']);
    });
    it('recommends outpatient for moderate use with nothing calling for more', () => {
      expect(reasonCodes({ substances: [{ substanceCode: 'alcohol', yearsOfUse: 2, severity: 'moderate' }] })).toEqual(['no-intensive-need', 'use-not-mild']);
    });
    it('recommends outpatient when the client is not willing to attend IOP', () => {
      expect(levelFor({ isWillingToAttend: false })).toEqual(OP);
      expect(reasonCodes({ isWillingToAttend: false })).toContain('not-willing-to-attend');
    });
  });
});
