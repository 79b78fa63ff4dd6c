import { type CalendarDate, DEFAULT_LEVEL_CATALOGUE, type LevelCatalogue, type LevelOfCare } from '@continuum/care-episode';
import { addDays, daysBetween, mondayOf } from './calendar.js';
import { levelKeyOf } from './length-of-stay.js';
import { type CapacityByLevel, levelOfCapacityKey } from './site-capacity.js';

// The network overview (docs/domain/work-queues.md#the-network-overview): what a network
// administrator reads of the whole network's care episodes, counts only, naming no client.
// - clients by site and level: the episodes open now, at their current level;
// - admissions and discharges per ISO week (ISO 8601: weeks run Monday to Sunday, week 1 is the
//   one with the year's first Thursday) of the period, by the episode's start and discharge day;
// - length of stay of the episodes discharged in the period (discharge day minus admission day,
//   as the plan counts it, docs/domain/treatment-plan.md#length-of-stay), the median overall and
//   by the level the episode ended at;
// - census against capacity: the places a network administrator recorded per site and level
//   (site-capacity.ts), null where none is recorded, and the occupancy, clients ÷ places.

/** The longest period one overview covers: 53 ISO weeks. */
export const OVERVIEW_MAX_DAYS = 371;
/** The period by default: this ISO week and the eleven before it. */
export const OVERVIEW_DEFAULT_WEEKS = 12;

export type OverviewEpisode = {
  siteId: string;
  level: LevelOfCare;
  startDate: CalendarDate;
  dischargeDate: CalendarDate | null;
};

export type OverviewPeriod = { from: CalendarDate; to: CalendarDate };

export type NetworkOverview = {
  period: OverviewPeriod;
  sites: Array<
    {
      siteId: string;
      levels: Array<{ level: LevelOfCare } & CensusAgainstCapacity>;
    } & CensusAgainstCapacity
  >;
  weeks: Array<{ week: string; weekStart: CalendarDate; admissions: number; discharges: number }>;
  lengthOfStay: {
    discharges: number;
    medianDays: number | null;
    levels: Array<{ level: LevelOfCare; discharges: number; medianDays: number }>;
  };
};

/**
 * Clients against places. `capacity`: the places recorded (a site's: the sum over its levels
 * with a recorded capacity), null where none is; `occupancy`: clients ÷ capacity to three
 * decimals (above 1 when over capacity), null without a capacity or with a capacity of 0. A
 * site's occupancy counts only its clients at levels with a recorded capacity, so a level left
 * unrecorded neither fills nor empties the site.
 */
export type CensusAgainstCapacity = { clients: number; capacity: number | null; occupancy: number | null };

/** A site's recorded capacity (site-capacity.ts). */
export type SiteCapacityFigures = { siteId: string; levels: CapacityByLevel };

const occupancyOf = (clients: number, capacity: number | null): number | null =>
  capacity === null || capacity === 0 ? null : Math.round((clients / capacity) * 1000) / 1000;

/**
 * The census with each site's and level's capacity beside it: every site and level with
 * clients now or a recorded capacity (a site may have places and no one in them).
 */
export function censusAgainstCapacity(
  openEpisodes: Iterable<Pick<OverviewEpisode, 'siteId' | 'level'>>,
  capacities: readonly SiteCapacityFigures[],
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): NetworkOverview['sites'] {
  const census = new Map(clientsBySiteAndLevel(openEpisodes).map((site) => [site.siteId, site]));
  const recorded = new Map(capacities.map((site) => [site.siteId, site.levels]));
  const siteIds = [...new Set([...census.keys(), ...recorded.keys()])].sort((a, b) => a.localeCompare(b));
  return siteIds.map((siteId) => {
    const places = recorded.get(siteId) ?? {};
    const counted = new Map((census.get(siteId)?.levels ?? []).map((level) => [levelKeyOf(level.level), level]));
    for (const key of Object.keys(places)) {
      const level = levelOfCapacityKey(key, catalogue);
      if (level && !counted.has(key)) counted.set(key, { level, clients: 0 });
    }
    const levels = [...counted.entries()]
      .map(([key, { level, clients }]) => {
        const capacity = places[key] ?? null;
        return { level, clients, capacity, occupancy: occupancyOf(clients, capacity) };
      })
      .sort(byLevel);
    const withPlaces = levels.filter((level) => level.capacity !== null);
    const capacity = withPlaces.length === 0 ? null : withPlaces.reduce((sum, level) => sum + level.capacity!, 0);
    const clients = levels.reduce((sum, level) => sum + level.clients, 0);
    const clientsWithPlaces = withPlaces.reduce((sum, level) => sum + level.clients, 0);
    return { siteId, clients, capacity, occupancy: occupancyOf(clientsWithPlaces, capacity), levels };
  });
}

/** `2026-W02`: the ISO 8601 week a day falls in (the week's Thursday decides its year). */
export function isoWeekOf(date: CalendarDate): string {
  const thursday = addDays(mondayOf(date), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period asked for, or the default one ending today; why it is refused, when it is. */
export function overviewPeriodOf(asked: Partial<OverviewPeriod>, today: CalendarDate): { period: OverviewPeriod } | { refused: string } {
  const to = asked.to ?? today;
  const from = asked.from ?? addDays(mondayOf(to), -7 * (OVERVIEW_DEFAULT_WEEKS - 1));
  if (from > to) return { refused: `from (${from}) is after to (${to})` };
  if (daysBetween(from, to) >= OVERVIEW_MAX_DAYS) return { refused: `a period spans at most ${OVERVIEW_MAX_DAYS} days` };
  return { period: { from, to } };
}

/** The median of whole days; the mean of the two middle ones for an even count. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const byLevel = (a: { level: LevelOfCare }, b: { level: LevelOfCare }) =>
  a.level.edition - b.level.edition || a.level.code.localeCompare(b.level.code);

/** The census: open episodes per site (by site id) and, within it, per level of care (edition first). */
export function clientsBySiteAndLevel(
  openEpisodes: Iterable<Pick<OverviewEpisode, 'siteId' | 'level'>>,
): Array<{ siteId: string; clients: number; levels: Array<{ level: LevelOfCare; clients: number }> }> {
  const sites = new Map<string, Map<string, { level: LevelOfCare; clients: number }>>();
  for (const episode of openEpisodes) {
    const levels = sites.get(episode.siteId) ?? new Map<string, { level: LevelOfCare; clients: number }>();
    const counted = levels.get(levelKeyOf(episode.level)) ?? { level: episode.level, clients: 0 };
    levels.set(levelKeyOf(episode.level), { ...counted, clients: counted.clients + 1 });
    sites.set(episode.siteId, levels);
  }
  return [...sites.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([siteId, levels]) => {
      const counted = [...levels.values()].sort(byLevel);
      return { siteId, clients: counted.reduce((sum, level) => sum + level.clients, 0), levels: counted };
    });
}

export function networkOverview(
  episodes: Iterable<OverviewEpisode>,
  period: OverviewPeriod,
  capacities: readonly SiteCapacityFigures[] = [],
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
): NetworkOverview {
  const inPeriod = (date: CalendarDate | null): date is CalendarDate => date !== null && date >= period.from && date <= period.to;
  const weeks = new Map<string, NetworkOverview['weeks'][number]>();
  for (let monday = mondayOf(period.from); monday <= period.to; monday = addDays(monday, 7)) {
    weeks.set(monday, { week: isoWeekOf(monday), weekStart: monday, admissions: 0, discharges: 0 });
  }
  const open: OverviewEpisode[] = [];
  const stays = new Map<string, { level: LevelOfCare; days: number[] }>();
  const allStays: number[] = [];
  for (const episode of episodes) {
    if (episode.dischargeDate === null) open.push(episode);
    if (inPeriod(episode.startDate)) weeks.get(mondayOf(episode.startDate))!.admissions += 1;
    if (inPeriod(episode.dischargeDate)) {
      weeks.get(mondayOf(episode.dischargeDate))!.discharges += 1;
      const days = daysBetween(episode.startDate, episode.dischargeDate);
      const stay = stays.get(levelKeyOf(episode.level)) ?? { level: episode.level, days: [] };
      stay.days.push(days);
      stays.set(levelKeyOf(episode.level), stay);
      allStays.push(days);
    }
  }
  return {
    period,
    sites: censusAgainstCapacity(open, capacities, catalogue),
    weeks: [...weeks.values()],
    lengthOfStay: {
      discharges: allStays.length,
      medianDays: medianOf(allStays),
      levels: [...stays.values()].map(({ level, days }) => ({ level, discharges: days.length, medianDays: medianOf(days)! })).sort(byLevel),
    },
  };
}
