import { DEFAULT_AFTERCARE_RULES, aftercareRules, checkInDaysOf } from './rules.js';

describe('the check-in schedule', () => {
  it('is due on day 7 and day 30, then every 90 days while within the year', () => {
    expect(DEFAULT_AFTERCARE_RULES.checkInDays).toEqual([7, 30, 120, 210, 300]);
  });

  it('includes a repeat that falls exactly on the last day', () => {
    expect(checkInDaysOf({ first: [7, 30], thenEveryDays: 90, untilDays: 300 })).toEqual([7, 30, 120, 210, 300]);
    expect(checkInDaysOf({ first: [7, 30], thenEveryDays: 90, untilDays: 299 })).toEqual([7, 30, 120, 210]);
  });

  it("follows a network's own schedule, sorted and without repeats", () => {
    expect(aftercareRules({ schedule: { first: [14, 3, 14], thenEveryDays: 60, untilDays: 180 } }).checkInDays).toEqual([3, 14, 74, 134]);
  });

  it('can keep only the first check-ins when repeats are switched off', () => {
    expect(aftercareRules({ schedule: { thenEveryDays: 0 } }).checkInDays).toEqual([7, 30]);
  });
});

describe('the aftercare rules', () => {
  it('default to a week of grace, an 8-point BARC-10 drop, a strong cutoff of 47, three misses and three support contacts', () => {
    expect(DEFAULT_AFTERCARE_RULES).toMatchObject({
      graceDays: 7,
      barcDropForReadmission: 8,
      barc10StrongFrom: 47,
      missesForUnreachable: 3,
      minimumSupportContacts: 3,
    });
  });

  it("let a site override one figure and keep the network's others", () => {
    const network = aftercareRules({ graceDays: 5, schedule: { untilDays: 180 } });
    const site = aftercareRules({ barcDropForReadmission: 6 }, network);
    expect(site).toMatchObject({ graceDays: 5, barcDropForReadmission: 6, checkInDays: [7, 30, 120] });
  });

  it('refuse figures that cannot work, naming each', () => {
    expect(() => aftercareRules({ graceDays: -1, missesForUnreachable: 0, schedule: { first: [0] } })).toThrow(
      /schedule\.first.*graceDays.*missesForUnreachable/s,
    );
  });

  it('refuse a schedule without any check-in inside the year', () => {
    expect(() => aftercareRules({ schedule: { first: [400], thenEveryDays: 0 } })).toThrow(/no check-in falls within untilDays/);
  });
});
