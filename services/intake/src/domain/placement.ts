import { type LevelOfCare } from '@continuum/care-episode';
import { type Assessment, DIMENSIONS } from './assessment.js';

// Continuum's own, transparent placement rules (docs/domain/placement.md#what-the-code-recommends-today):
// facts from the
// assessment in, a recommended level with its reasons out. The rules are checked from the
// most intensive need down, so a client who needs round-the-clock care is never sent to
// IOP because some IOP conditions also hold. The clinician decides; see DecidePlacement.

export type PlacementReason = { code: string; sentence: string };
export type PlacementRecommendation = { level: LevelOfCare; reasons: PlacementReason[] };

export type PlacementConfig = {
  /** Years of use of one substance from which use counts as long-term. */
  longTermUseYears: number;
  /** A dimension rating at or above this, with no 24-hour need, points to partial hospitalisation rather than outpatient. */
  partialHospitalisationFromRating: number;
  /** The level each rule recommends, in the network's edition. */
  levels: {
    medicallyManaged: LevelOfCare;
    twentyFourHour: LevelOfCare;
    partialHospitalisation: LevelOfCare;
    intensiveOutpatient: LevelOfCare;
    outpatient: LevelOfCare;
  };
};

export const defaultPlacementConfig: PlacementConfig = {
  longTermUseYears: 5,
  partialHospitalisationFromRating: 3,
  levels: {
    // 3.7 is the least intensive level with medical staff on site around the clock (the 4th
    // edition calls it "medically managed residential"); networks that send every high
    // withdrawal risk to hospital set level 4.
    medicallyManaged: { code: '3.7', edition: 3 },
    twentyFourHour: { code: '3.5', edition: 3 },
    partialHospitalisation: { code: '2.5', edition: 3 },
    intensiveOutpatient: { code: '2.1', edition: 3 },
    outpatient: { code: '1', edition: 3 },
  },
};

export function recommendPlacement(assessment: Assessment, config: PlacementConfig = defaultPlacementConfig): PlacementRecommendation {
  const twentyFourHourReasons = reasonsForTwentyFourHourCare(assessment, config);

  if (assessment.withdrawalRisk === 'high') {
    return {
      level: config.levels.medicallyManaged,
      reasons: [
        { code: 'high-withdrawal-risk', sentence: 'Withdrawal risk is high, so withdrawal must be managed with medical staff on hand day and night.' },
        ...twentyFourHourReasons,
      ],
    };
  }
  if (twentyFourHourReasons.length > 0) return { level: config.levels.twentyFourHour, reasons: twentyFourHourReasons };

  const intensiveOutpatient = reasonsForIntensiveOutpatient(assessment);
  if (intensiveOutpatient.met) return { level: config.levels.intensiveOutpatient, reasons: intensiveOutpatient.reasons };

  const partialHospitalisation = reasonsForPartialHospitalisation(assessment, config);
  if (partialHospitalisation.length > 0) return { level: config.levels.partialHospitalisation, reasons: partialHospitalisation };

  return {
    level: config.levels.outpatient,
    reasons: [
      { code: 'no-intensive-need', sentence: 'Nothing calls for 24-hour care or partial hospitalisation: no severe use, no more than low withdrawal risk and no high dimension rating.' },
      ...intensiveOutpatient.unmet,
    ],
  };
}

function reasonsForTwentyFourHourCare(a: Assessment, config: PlacementConfig): PlacementReason[] {
  const reasons: PlacementReason[] = [];
  // A sober-living residence is a stable home in its own right.
  if (!a.isHomeStableAndSafe && !a.livesInSoberLiving) {
    reasons.push({ code: 'home-unstable-or-unsafe', sentence: 'The client\'s home is not stable or not safe, and they do not live in sober living: outpatient care would send them back to it every day.' });
  }
  if (!a.hasSupportNetwork) {
    reasons.push({ code: 'no-support-network', sentence: 'The client has no support network to lean on between outpatient sessions.' });
  }
  const longTerm = a.substances.filter((use) => use.yearsOfUse >= config.longTermUseYears);
  if (longTerm.length > 0 && a.relapsedAfterTreatment) {
    reasons.push({
      code: 'long-term-use-with-relapse-after-treatment',
      sentence: `Use of ${longTerm.map((u) => u.substanceCode).join(', ')} for ${config.longTermUseYears} years or more, with relapse after earlier treatment.`,
    });
  }
  if (a.coOccurringDisorder === 'not-stable') {
    reasons.push({ code: 'co-occurring-disorder-not-stable', sentence: 'A co-occurring mental health disorder is not yet stable.' });
  }
  return reasons;
}

function reasonsForIntensiveOutpatient(a: Assessment): { met: boolean; reasons: PlacementReason[]; unmet: PlacementReason[] } {
  const conditions: Array<[boolean, PlacementReason, PlacementReason]> = [
    [
      a.substances.every((use) => use.severity === 'mild'),
      { code: 'mild-use', sentence: 'Use of every substance is mild.' },
      { code: 'use-not-mild', sentence: 'Use of at least one substance is more than mild, so IOP is not recommended.' },
    ],
    [
      a.isHomeStableAndSafe || a.livesInSoberLiving,
      a.livesInSoberLiving
        ? { code: 'lives-in-sober-living', sentence: 'The client lives in a sober-living residence.' }
        : { code: 'home-stable-and-safe', sentence: 'The client\'s home is stable and safe.' },
      { code: 'home-unstable-or-unsafe', sentence: 'The client\'s home is not stable or not safe.' },
    ],
    [
      a.completedResidentialProgramme,
      { code: 'completed-residential-programme', sentence: 'The client has completed a residential programme and steps down from it.' },
      { code: 'no-completed-residential-programme', sentence: 'The client has not completed a residential programme, which IOP steps down from.' },
    ],
    [
      a.isWillingToAttend,
      { code: 'willing-to-attend', sentence: 'The client is willing to attend sessions several days a week.' },
      { code: 'not-willing-to-attend', sentence: 'The client is not willing to attend sessions several days a week.' },
    ],
  ];
  return {
    met: conditions.every(([holds]) => holds),
    reasons: conditions.map(([, reason]) => reason),
    unmet: conditions.filter(([holds]) => !holds).map(([, , reason]) => reason),
  };
}

// Between IOP and 24-hour care: partial hospitalisation when something still calls for
// daily, day-long structure; outpatient otherwise.
function reasonsForPartialHospitalisation(a: Assessment, config: PlacementConfig): PlacementReason[] {
  const reasons: PlacementReason[] = [];
  const severe = a.substances.filter((use) => use.severity === 'severe');
  if (severe.length > 0) {
    reasons.push({ code: 'severe-use', sentence: `Use of ${severe.map((u) => u.substanceCode).join(', ')} is severe.` });
  }
  if (a.withdrawalRisk === 'moderate') {
    reasons.push({ code: 'moderate-withdrawal-risk', sentence: 'Withdrawal risk is moderate and needs daily monitoring.' });
  }
  const high = DIMENSIONS.filter((dimension) => a.ratings[dimension] >= config.partialHospitalisationFromRating);
  if (high.length > 0) {
    reasons.push({
      code: 'high-dimension-rating',
      sentence: `The ${high.join(', ')} rating is ${config.partialHospitalisationFromRating} or more.`,
    });
  }
  return reasons;
}
