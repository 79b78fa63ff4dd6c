import { addDays, daysBetween, mondayOf } from './calendar-days.js';

describe('counting days after discharge', () => {
  it('adds days across a month end, a year end and a leap day', () => {
    expect(addDays('2026-01-25', 7)).toBe('2026-02-01');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('is not moved by a daylight-saving change', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('counts whole days between two dates, negative when the second is earlier', () => {
    expect(daysBetween('2026-01-15', '2027-01-15')).toBe(365);
    expect(daysBetween('2026-01-15', '2026-01-15')).toBe(0);
    expect(daysBetween('2026-01-22', '2026-01-15')).toBe(-7);
  });

  it('finds the Monday a week of due check-ins starts on', () => {
    expect(mondayOf('2026-01-12')).toBe('2026-01-12');
    expect(mondayOf('2026-01-18')).toBe('2026-01-12');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });
});
