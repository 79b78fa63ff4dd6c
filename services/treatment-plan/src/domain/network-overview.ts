import { type CalendarDate, type LevelOfCare } from '@continuum/care-episode';
import { addDays, daysBetween, mondayOf } from './calendar.js';
import { levelKeyOf } from './length-of-stay.js';

// The network overview (docs/domain/work-queues.md#the-network-overview): what a network
// administrator reads of the whole network's care episodes, counts only, naming no client.
// - clients by site and level: the episodes open now, at their current level;
// - admissions and discharges per ISO week (ISO 8601: weeks run Monday to Sunday, week 1 is the
//   one with the year's first Thursday) of the period, by the episode's start and discharge day;
// - length of stay of the episodes discharged in the period (discharge day minus admission day,
//   as the plan counts it, docs/domain/treatment-plan.md#length-of-stay), the median overall and
//   by the level the episode ended at;
// - census against capacity: no event records a site's capacity for a level of care, so the
//   capacity is null everywhere and no occupancy is computed.

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
  sites: Array<{
    siteId: string;
    clients: number;
    /** No event records a site's capacity: always null today. */
    capacity: null;
    levels: Array<{ level: LevelOfCare; clients: number }>;
  }>;
  weeks: Array<{ week: string; weekStart: CalendarDate; admissions: number; discharges: number }>;
  lengthOfStay: {
    discharges: number;
    medianDays: number | null;
    levels: Array<{ level: LevelOfCare; discharges: number; medianDays: number }>;
  };
};

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

export function networkOverview(episodes: Iterable<OverviewEpisode>, period: OverviewPeriod): NetworkOverview {
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
    sites: clientsBySiteAndLevel(open).map((site) => ({ ...site, capacity: null })),
    weeks: [...weeks.values()],
    lengthOfStay: {
      discharges: allStays.length,
      medianDays: medianOf(allStays),
      levels: [...stays.values()].map(({ level, days }) => ({ level, discharges: days.length, medianDays: medianOf(days)! })).sort(byLevel),
    },
  };
}
