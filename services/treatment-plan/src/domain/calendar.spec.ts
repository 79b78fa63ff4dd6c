import { addDays, dayOf, daysBetween, daysOfWeek, isMonday, mondayOf, todayAtSite } from './calendar.js';
import { DEFAULT_PLAN_RULES } from './rules.js';

describe('calendar days', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days between two days, negative backwards', () => {
    expect(daysBetween('2026-01-05', '2026-02-04')).toBe(30);
    expect(daysBetween('2026-01-05', '2026-01-05')).toBe(0);
    expect(daysBetween('2026-01-05', '2026-01-04')).toBe(-1);
  });

  it('knows a Monday and lists its week to Sunday', () => {
    expect(isMonday('2026-01-05')).toBe(true);
    expect(isMonday('2026-01-11')).toBe(false);
    expect(daysOfWeek('2026-01-05')).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
      '2026-01-11',
    ]);
  });

  it('finds the Monday of any day’s week', () => {
    expect(mondayOf('2026-01-05')).toBe('2026-01-05');
    expect(mondayOf('2026-01-08')).toBe('2026-01-05');
    expect(mondayOf('2026-01-11')).toBe('2026-01-05');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });

  it('takes the UTC day of an instant', () => {
    expect(dayOf(new Date('2026-01-05T23:59:59.999Z'))).toBe('2026-01-05');
    expect(dayOf('2026-01-05')).toBe('2026-01-05');
  });

  it("turns today at the site's midnight, asked again and again around it, under each network's time zones", () => {
    const rules = { factDates: { ...DEFAULT_PLAN_RULES.factDates, siteTimeZones: { 'site-north': 'America/Chicago' } } };
    const north = { siteId: 'site-north' };
    // 05:59 UTC is 23:59 in Chicago (CST): still the 5th there, already the 6th in UTC.
    const askAroundMidnight = () => {
      expect(todayAtSite(north, new Date('2026-01-06T05:59:59.999Z'), rules)).toBe('2026-01-05');
      expect(todayAtSite(north, new Date('2026-01-06T06:00:00.000Z'), rules)).toBe('2026-01-06');
      expect(todayAtSite(north, new Date('2026-01-06T05:59:00.000Z'), rules)).toBe('2026-01-05');
    };
    askAroundMidnight();
    askAroundMidnight();
    // The same site and instant under another network's zones is that network's day.
    const utc = { factDates: { ...DEFAULT_PLAN_RULES.factDates, siteTimeZones: { 'site-north': 'UTC' } } };
    expect(todayAtSite(north, new Date('2026-01-06T05:59:59.999Z'), utc)).toBe('2026-01-06');
  });
});
