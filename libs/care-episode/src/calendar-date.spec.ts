import { addDays, daysBetween, mondayOf } from './calendar-date.js';

describe('calendar days', () => {
  it('moves by whole days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days between two dates, negative backwards, across a daylight-saving change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-01-10', '2026-01-03')).toBe(-7);
  });

  it('finds the Monday a week starts on, Sunday included in the week before it', () => {
    expect(mondayOf('2026-01-12')).toBe('2026-01-12');
    expect(mondayOf('2026-01-18')).toBe('2026-01-12');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });
});
