import { isoWeekOf, medianOf, networkOverview, overviewPeriodOf, type OverviewEpisode } from './network-overview.js';

const IOP = { edition: 3, code: '2.1' } as const;
const RESIDENTIAL = { edition: 3, code: '3.5' } as const;
const PHP = { edition: 3, code: '2.5' } as const;
const episode = (
  siteId: string,
  level: OverviewEpisode['level'],
  startDate: string,
  dischargeDate: string | null = null,
): OverviewEpisode => ({
  siteId,
  level,
  startDate,
  dischargeDate,
});

describe('ISO weeks', () => {
  it('names the week by its Thursday’s year (ISO 8601), at both ends of a year', () => {
    expect(isoWeekOf('2026-01-05')).toBe('2026-W02');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
  });
});

describe('the period of an overview', () => {
  it('is this ISO week and the eleven before it by default', () => {
    expect(overviewPeriodOf({}, '2026-03-26')).toEqual({ period: { from: '2026-01-05', to: '2026-03-26' } });
  });

  it('spans at most 371 days: one more is refused, as is a start after the end', () => {
    expect(overviewPeriodOf({ from: '2026-01-01', to: '2027-01-06' }, '2026-03-26')).toEqual({
      period: { from: '2026-01-01', to: '2027-01-06' },
    });
    expect(overviewPeriodOf({ from: '2026-01-01', to: '2027-01-07' }, '2026-03-26')).toEqual({
      refused: 'a period spans at most 371 days',
    });
    expect(overviewPeriodOf({ from: '2026-02-02', to: '2026-02-01' }, '2026-03-26')).toEqual({
      refused: 'from (2026-02-02) is after to (2026-02-01)',
    });
    expect(overviewPeriodOf({ from: '2026-02-01', to: '2026-02-01' }, '2026-03-26')).toEqual({
      period: { from: '2026-02-01', to: '2026-02-01' },
    });
  });
});

describe('the median length of stay', () => {
  it('is the middle value, or the mean of the two middle ones, and none of nothing', () => {
    expect(medianOf([30, 10, 20])).toBe(20);
    expect(medianOf([40, 10, 20, 30])).toBe(25);
    expect(medianOf([])).toBeNull();
  });
});

describe('the network overview', () => {
  const period = { from: '2026-01-05', to: '2026-01-18' };

  it('counts open episodes by site and current level, with no capacity where none is recorded', () => {
    const overview = networkOverview(
      [
        episode('site-north', IOP, '2025-11-03'),
        episode('site-north', IOP, '2026-01-06'),
        episode('site-north', RESIDENTIAL, '2026-01-07'),
        episode('site-south', IOP, '2025-12-01'),
        episode('site-south', IOP, '2025-12-01', '2026-01-02'),
      ],
      period,
    );
    const unknown = { capacity: null, occupancy: null };
    expect(overview.sites).toEqual([
      {
        siteId: 'site-north',
        clients: 3,
        ...unknown,
        levels: [
          { level: IOP, clients: 2, ...unknown },
          { level: RESIDENTIAL, clients: 1, ...unknown },
        ],
      },
      { siteId: 'site-south', clients: 1, ...unknown, levels: [{ level: IOP, clients: 1, ...unknown }] },
    ]);
  });

  it('sets the census against the capacity recorded per site and level; a site with places and no clients is listed', () => {
    const overview = networkOverview(
      [
        episode('site-north', IOP, '2025-11-03'),
        episode('site-north', IOP, '2026-01-06'),
        episode('site-north', IOP, '2026-01-06'),
        episode('site-north', RESIDENTIAL, '2026-01-07'),
        episode('site-north', PHP, '2026-01-07'),
      ],
      period,
      [
        { siteId: 'site-north', levels: { '3-2.1': 2, '3-3.5': 8 } },
        { siteId: 'site-west', levels: { '3-3.5': 0, '4-2.1': 12 } },
      ],
    );
    expect(overview.sites).toEqual([
      {
        siteId: 'site-north',
        clients: 5,
        // Places at IOP and residential only: PHP's client neither fills nor empties the site.
        capacity: 10,
        occupancy: 0.4,
        levels: [
          { level: IOP, clients: 3, capacity: 2, occupancy: 1.5 },
          { level: PHP, clients: 1, capacity: null, occupancy: null },
          { level: RESIDENTIAL, clients: 1, capacity: 8, occupancy: 0.125 },
        ],
      },
      {
        siteId: 'site-west',
        clients: 0,
        capacity: 12,
        occupancy: 0,
        levels: [
          // No places: no ratio to give.
          { level: RESIDENTIAL, clients: 0, capacity: 0, occupancy: null },
          { level: { edition: 4, code: '2.1' }, clients: 0, capacity: 12, occupancy: 0 },
        ],
      },
    ]);
  });

  it('gives the occupancy to three decimals, at, below and above capacity', () => {
    const occupancyAt = (clients: number, places: number) =>
      networkOverview(
        Array.from({ length: clients }, () => episode('site-north', IOP, '2026-01-06')),
        period,
        [{ siteId: 'site-north', levels: { '3-2.1': places } }],
      ).sites[0]!.occupancy;
    expect(occupancyAt(3, 3)).toBe(1);
    expect(occupancyAt(2, 3)).toBe(0.667);
    expect(occupancyAt(4, 3)).toBe(1.333);
  });

  it('counts admissions and discharges in the ISO week of their day, only within the period’s first and last day', () => {
    const overview = networkOverview(
      [
        episode('site-north', IOP, '2026-01-04', '2026-01-05'),
        episode('site-north', IOP, '2026-01-11', '2026-01-12'),
        episode('site-north', IOP, '2026-01-18'),
        episode('site-north', IOP, '2026-01-19'),
      ],
      period,
    );
    expect(overview.weeks).toEqual([
      { week: '2026-W02', weekStart: '2026-01-05', admissions: 1, discharges: 1 },
      { week: '2026-W03', weekStart: '2026-01-12', admissions: 1, discharges: 1 },
    ]);
  });

  it('gives the median stay of the episodes discharged in the period, overall and by the level each ended at', () => {
    const overview = networkOverview(
      [
        episode('site-north', IOP, '2025-10-07', '2026-01-05'),
        episode('site-south', IOP, '2025-12-06', '2026-01-05'),
        episode('site-north', RESIDENTIAL, '2026-01-01', '2026-01-15'),
        episode('site-north', RESIDENTIAL, '2025-12-01', '2026-01-04'),
      ],
      period,
    );
    expect(overview.lengthOfStay).toEqual({
      discharges: 3,
      medianDays: 30,
      levels: [
        { level: IOP, discharges: 2, medianDays: 60 },
        { level: RESIDENTIAL, discharges: 1, medianDays: 14 },
      ],
    });
  });

  it('counts a same-day stay as zero days, in week 53, across the year end', () => {
    const yearEnd = { from: '2026-12-30', to: '2027-01-04' };
    const overview = networkOverview(
      [episode('site-north', IOP, '2026-12-31', '2026-12-31'), episode('site-north', IOP, '2027-01-03', '2027-01-04')],
      yearEnd,
    );
    expect(overview.weeks).toEqual([
      { week: '2026-W53', weekStart: '2026-12-28', admissions: 2, discharges: 1 },
      { week: '2027-W01', weekStart: '2027-01-04', admissions: 0, discharges: 1 },
    ]);
    expect(overview.lengthOfStay).toEqual({ discharges: 2, medianDays: 0.5, levels: [{ level: IOP, discharges: 2, medianDays: 0.5 }] });
  });

  it('is empty, with its weeks at zero, when nothing happened', () => {
    expect(networkOverview([], period)).toEqual({
      period,
      sites: [],
      weeks: [
        { week: '2026-W02', weekStart: '2026-01-05', admissions: 0, discharges: 0 },
        { week: '2026-W03', weekStart: '2026-01-12', admissions: 0, discharges: 0 },
      ],
      lengthOfStay: { discharges: 0, medianDays: null, levels: [] },
    });
  });
});
