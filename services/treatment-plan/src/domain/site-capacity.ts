import { type LevelCatalogue, type LevelOfCare, levelOf } from '@continuum/care-episode';
import { type Decider } from '@continuum/decider';
import { levelKeyOf } from './length-of-stay.js';
import { DEFAULT_PLAN_RULES, type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireText } from './validation.js';

// A site's capacity (docs/domain/work-queues.md#site-capacity): how many clients the site can
// hold at each level of care, recorded by a network administrator on the site's own stream and
// read by the network overview as census against capacity. Stated whole, like the care team: the
// event says what the capacity is now, and a level left out has none recorded.

export const SITE_CAPACITY_STREAM_PREFIX = 'site-capacity-';

export function siteCapacityStream(siteId: string): string {
  return `${SITE_CAPACITY_STREAM_PREFIX}${siteId}`;
}

/** The largest capacity one level of one site may be given: beyond any real site, so a typo (an extra digit or three) is caught. */
export const MAX_SITE_CAPACITY = 10_000;

/** Places per level, keyed `<edition>-<code>` (`3-3.5`, `4-2.1`), the keys the service's settings use for levels. */
export type CapacityByLevel = Record<string, number>;

export type RecordSiteCapacity = {
  type: 'RecordSiteCapacity';
  data: { siteId: string; levels: unknown; recordedBy: string };
};

export type SiteCapacityRecorded = {
  type: 'SiteCapacityRecorded';
  data: { siteId: string; levels: CapacityByLevel; recordedBy: string; recordedAt: string };
};

export type SiteCapacity = { status: 'none' } | { status: 'recorded'; siteId: string; levels: CapacityByLevel; recordedAt: string };

export const initialSiteCapacity: SiteCapacity = { status: 'none' };

export function evolveSiteCapacity(_state: SiteCapacity, event: SiteCapacityRecorded): SiteCapacity {
  const { siteId, levels, recordedAt } = event.data;
  return { status: 'recorded', siteId, levels: { ...levels }, recordedAt };
}

/** The catalogue's level a key names (`3-3.5`), or undefined. */
export function levelOfCapacityKey(key: string, catalogue: LevelCatalogue): LevelOfCare | undefined {
  const found = catalogue.levels.find((level) => levelKeyOf(level) === key);
  return found ? levelOf(found) : undefined;
}

export function decideSiteCapacity(
  command: RecordSiteCapacity,
  state: SiteCapacity,
  now: Date,
  rules: Pick<PlanRules, 'levels'> = DEFAULT_PLAN_RULES,
): SiteCapacityRecorded[] {
  const { siteId, levels, recordedBy } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'siteId', siteId, 'give the site');
  if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) {
    problems.push({
      field: 'levels',
      message: 'give the places per level as { "<edition>-<code>": n }, e.g. { "3-3.5": 24, "3-2.1": 40 }',
    });
  } else {
    for (const [key, places] of Object.entries(levels)) {
      if (!levelOfCapacityKey(key, rules.levels)) {
        problems.push({
          field: `levels.${key}`,
          message: `name a level of the catalogue as <edition>-<code>: one of ${rules.levels.levels.map(levelKeyOf).join(', ')}`,
        });
      }
      if (!(Number.isInteger(places) && (places as number) >= 0 && (places as number) <= MAX_SITE_CAPACITY)) {
        problems.push({ field: `levels.${key}`, message: `give the places as a whole number from 0 to ${MAX_SITE_CAPACITY}` });
      }
    }
  }
  refuseIfInvalid("the site's capacity cannot be recorded", 'invalid-site-capacity', problems);
  const stated = sortedCapacity(levels as CapacityByLevel);
  // The same capacity again (a resent form) changes nothing.
  if (state.status === 'recorded' && sameCapacity(state.levels, stated)) return [];
  return [{ type: 'SiteCapacityRecorded', data: { siteId, levels: stated, recordedBy, recordedAt: now.toISOString() } }];
}

/** The site-capacity decider with a network's level catalogue. */
export function siteCapacityDecider(
  rules: Pick<PlanRules, 'levels'> = DEFAULT_PLAN_RULES,
): Decider<RecordSiteCapacity, SiteCapacityRecorded, SiteCapacity> {
  return {
    decide: (command, state, now) => decideSiteCapacity(command, state, now, rules),
    evolve: evolveSiteCapacity,
    initialState: initialSiteCapacity,
  };
}

function sortedCapacity(levels: CapacityByLevel): CapacityByLevel {
  return Object.fromEntries(Object.entries(levels).sort(([a], [b]) => a.localeCompare(b)));
}

function sameCapacity(a: CapacityByLevel, b: CapacityByLevel): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
