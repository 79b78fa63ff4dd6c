import { mondayOf } from './plan-queries.js';
import { weeksToClose } from './scheduler.js';

describe('the weeks the scheduler closes', () => {
  it('finds the Monday of any day of the week, Sunday included', () => {
    expect(['2026-01-05', '2026-01-07', '2026-01-11'].map(mondayOf)).toEqual(['2026-01-05', '2026-01-05', '2026-01-05']);
    expect(mondayOf('2026-01-12')).toBe('2026-01-12');
  });

  it('closes every week that is over, from the week the plan started, and not the week still running', () => {
    expect(weeksToClose({ startDate: '2026-01-07', lastClosedWeek: null }, '2026-01-21')).toEqual(['2026-01-05', '2026-01-12']);
    expect(weeksToClose({ startDate: '2026-01-07', lastClosedWeek: null }, '2026-01-11')).toEqual([]);
  });

  it('carries on after the last week it closed', () => {
    expect(weeksToClose({ startDate: '2026-01-05', lastClosedWeek: '2026-01-12' }, '2026-01-26')).toEqual(['2026-01-19']);
    expect(weeksToClose({ startDate: '2026-01-05', lastClosedWeek: '2026-01-19' }, '2026-01-26')).toEqual([]);
  });
});
