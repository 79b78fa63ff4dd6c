import { RuleBroken } from '@continuum/decider';
import { type Episode } from './episode.js';
import { DEFAULT_LEVEL_CATALOGUE, type LevelCatalogue, type LevelOfCare, isAtOrAbove, isSameLevel, levelOf } from './levels.js';

// The safety hold as the ledger knows it (docs/domain/levels-of-care.md#the-safety-level).
// Intake places a hold when a C-SSRS screener finds imminent suicide risk and publishes it;
// treatment-plan notes it on the client's ledger — the client's claim stream always, the open
// episode too — and while it lasts the ledger's decider (decide.ts, the one place the rule
// lives) refuses a level change or a transfer that would leave the client below the network's
// safety level. Only ids, codes and intake's instants are kept: never the screening's answers.

/** A hold from intake's `SafetyHoldPlaced`: which screening placed it, its codes and when. */
export type SafetyHold = {
  screeningId: string;
  /** `C-SSRS` */
  instrument: string;
  /** `high`: imminent risk. */
  riskCategory: string;
  /** Intake's instant (ISO 8601). */
  placedAt: string;
};

/**
 * Which of intake's releases end the hold in the ledger: a clinician's suicide-risk
 * assessment and safety plan (`safety-plan-recorded`). A release for any other reason —
 * intake's older `placed-at-24-hour-level`, given when a held client was admitted at 3.1 or
 * 3.5 — leaves the ledger's hold in force: round-the-clock care protects the client only while
 * it lasts, so the step-down after it must still be gated (docs/domain/levels-of-care.md#the-safety-level).
 */
export const HOLD_ENDING_RELEASES = ['safety-plan-recorded'] as const;
export type HoldEndingRelease = (typeof HOLD_ENDING_RELEASES)[number];

/** A release from intake's `SafetyHoldReleased`: the reason code, the safety plan's id when there is one, intake's instant. */
export type SafetyHoldRelease = { reason: string; safetyPlanId?: string; releasedAt: string };

/** Intake placed a hold: noted on the client's claim stream, and on the open episode's. */
export type NoteSafetyHold = { type: 'NoteSafetyHold'; data: { clientId: string; hold: SafetyHold } };
/** Intake released a hold: lifted where it was noted, when the release ends it. */
export type LiftSafetyHold = { type: 'LiftSafetyHold'; data: { clientId: string; release: SafetyHoldRelease } };

/** The network's figure: the lowest level a client on a safety hold may be placed at. */
export type SafetyHoldPolicy = {
  /** Compared by intensity rank, so one level stands for its equivalent in the other edition. */
  safetyLevel: LevelOfCare;
};

/** 3.7, medically monitored (3rd edition) or medically managed residential (4th), both rank 37. */
export const DEFAULT_SAFETY_HOLD_POLICY: SafetyHoldPolicy = Object.freeze({
  safetyLevel: Object.freeze({ edition: 3, code: '3.7' }) as LevelOfCare,
});

/** A network's policy; a safety level the catalogue does not hold is refused (a typo must not leave the client unprotected). */
export function safetyHoldPolicy(
  overrides: Partial<SafetyHoldPolicy> = {},
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): SafetyHoldPolicy {
  const { safetyLevel } = { ...DEFAULT_SAFETY_HOLD_POLICY, ...overrides };
  if (!catalogue.levels.some((level) => isSameLevel(level, safetyLevel))) {
    throw new RangeError(`the safety level ${safetyLevel.edition}:${safetyLevel.code} is not in the level catalogue`);
  }
  return { safetyLevel: levelOf(safetyLevel) };
}

/**
 * A code as a network writes it (`3.7`, `4`, `4.0`): the 3rd edition's level with that code,
 * else the 4th's. The comparison goes by intensity rank, so 3.7 sets the same floor in both.
 */
export function safetyLevelOfCode(code: string, catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE): LevelOfCare {
  const found = ([3, 4] as const)
    .map((edition) => catalogue.levels.find((level) => level.edition === edition && level.code === code))
    .find((level) => level !== undefined);
  if (!found) throw new RangeError(`${code} is not a level code of the ASAM 3rd or 4th edition (e.g. 3.7, 4, 4.0)`);
  return levelOf(found);
}

/**
 * The hold to note, or undefined when the client is already held (intake places one hold at a
 * time; a redelivered placement finds it). Built field by field: nothing else rides along.
 */
export function holdToNote(current: SafetyHold | undefined, placed: SafetyHold): SafetyHold | undefined {
  const problems = [
    ...(isId(placed.screeningId) ? [] : ['screeningId: give the id of the screening that placed the hold']),
    ...(isCode(placed.instrument) ? [] : ['instrument: give the instrument code, e.g. C-SSRS']),
    ...(isCode(placed.riskCategory) ? [] : ['riskCategory: give the risk category code, e.g. high']),
    ...(isInstant(placed.placedAt) ? [] : ['placedAt: give the instant intake placed the hold (ISO 8601)']),
  ];
  if (problems.length > 0)
    throw new RuleBroken(`the safety hold cannot be noted: ${problems.join('; ')}`, 'invalid-safety-hold', { problems });
  return current ? undefined : holdOf(placed);
}

/** A hold field by field, as an event or a state keeps it. */
export function holdOf({ screeningId, instrument, riskCategory, placedAt }: SafetyHold): SafetyHold {
  return { screeningId, instrument, riskCategory, placedAt };
}

/** A state (the episode's, the claim stream's) once the hold is lifted. */
export function withoutHold<State extends { safetyHold?: SafetyHold }>(state: State): State {
  const { safetyHold: _lifted, ...rest } = state;
  return rest as State;
}

/** What the ledger records of a release that ends the hold: the hold's screening, the reason, the plan and intake's instant. */
export type HoldLift = { screeningId: string; reason: HoldEndingRelease; safetyPlanId?: string; releasedAt: string };

/**
 * The lift a release makes, or undefined when it ends nothing: only a release that ends holds
 * (HOLD_ENDING_RELEASES), and only one made after the hold was placed — a release older than
 * the hold belongs to an earlier hold, delivered late, and lifting this one on it would leave a
 * client at risk unprotected. With no hold there is nothing to lift.
 */
export function holdToLift(current: SafetyHold | undefined, release: SafetyHoldRelease): HoldLift | undefined {
  if (!isInstant(release.releasedAt)) {
    throw new RuleBroken(
      'the safety hold cannot be lifted: releasedAt: give the instant intake released the hold (ISO 8601)',
      'invalid-safety-hold',
    );
  }
  if (!current || !isHoldEndingRelease(release.reason)) return undefined;
  if (Date.parse(release.releasedAt) < Date.parse(current.placedAt)) return undefined;
  const { safetyPlanId, releasedAt } = release;
  return { screeningId: current.screeningId, reason: release.reason, ...(safetyPlanId === undefined ? {} : { safetyPlanId }), releasedAt };
}

export function isHoldEndingRelease(reason: string): reason is HoldEndingRelease {
  return (HOLD_ENDING_RELEASES as readonly string[]).includes(reason);
}

/** The episode's hold against the network's safety level, for the episode view. */
export type SafetyHoldStatus =
  | { isOnSafetyHold: false; safetyLevel: LevelOfCare }
  | { isOnSafetyHold: true; safetyLevel: LevelOfCare; hold: SafetyHold; isBelowSafetyLevel: boolean };

export function safetyHoldStatus(
  episode: Exclude<Episode, { status: 'not-opened' }>,
  policy: SafetyHoldPolicy = DEFAULT_SAFETY_HOLD_POLICY,
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): SafetyHoldStatus {
  const safetyLevel = levelOf(policy.safetyLevel);
  if (!episode.safetyHold) return { isOnSafetyHold: false, safetyLevel };
  return {
    isOnSafetyHold: true,
    safetyLevel,
    hold: { ...episode.safetyHold },
    isBelowSafetyLevel: !isAtOrAbove(episode.level, safetyLevel, catalogue),
  };
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isCode = isId;
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
