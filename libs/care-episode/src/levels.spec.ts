import { RuleBroken } from '@continuum/decider';
import {
  DEFAULT_LEVEL_CATALOGUE,
  type LevelOfCare,
  buildLevelCatalogue,
  classifyChange,
  describeLevel,
  findLevel,
  is24Hour,
  isMedicallyManaged,
  minimumWeeklyHours,
  weeklyHoursOf,
} from './levels.js';

const third = (code: string): LevelOfCare => ({ edition: 3, code });
const fourth = (code: string): LevelOfCare => ({ edition: 4, code });

function ruleBrokenBy(action: () => unknown): RuleBroken {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleBroken) return error;
    throw error;
  }
  throw new Error('expected a RuleBroken, but nothing was thrown');
}

describe('the default level catalogue', () => {
  it('holds the nine 3rd-edition levels and the ten 4th-edition levels', () => {
    const codes = (edition: number) => DEFAULT_LEVEL_CATALOGUE.levels.filter((l) => l.edition === edition).map((l) => l.code);
    expect(codes(3)).toEqual(['0.5', '1', '2.1', '2.5', '3.1', '3.3', '3.5', '3.7', '4']);
    expect(codes(4)).toEqual(['1.0', '1.5', '1.7', '2.1', '2.5', '2.7', '3.1', '3.5', '3.7', '4.0']);
  });

  it('names every level and ranks every level of one edition at a different intensity', () => {
    for (const edition of [3, 4]) {
      const levels = DEFAULT_LEVEL_CATALOGUE.levels.filter((l) => l.edition === edition);
      expect(levels.every((l) => l.name.length > 0)).toBe(true);
      expect(new Set(levels.map((l) => l.intensity)).size).toBe(levels.length);
    }
  });

  it('cannot be changed in place by a caller', () => {
    expect(() => {
      (DEFAULT_LEVEL_CATALOGUE.levels[0] as { intensity: number }).intensity = 99;
    }).toThrow(TypeError);
  });
});

describe('finding a level', () => {
  it('finds intensive outpatient by edition and code', () => {
    expect(findLevel(third('2.1'))).toMatchObject({ name: 'Intensive outpatient', abbreviation: 'IOP' });
  });

  it('tells the same code apart by edition', () => {
    expect(findLevel(third('2.5')).name).toBe('Partial hospitalization');
    expect(findLevel(fourth('2.5')).name).toBe('High-intensity outpatient');
  });

  it('refuses a code the edition does not have, listing the codes it does', () => {
    const error = ruleBrokenBy(() => findLevel(fourth('3.3')));
    expect(error.code).toBe('unknown-level-of-care');
    expect(error.message).toMatch(
      /3\.3 is not in the ASAM 4th edition: use one of 1\.0, 1\.5, 1\.7, 2\.1, 2\.5, 2\.7, 3\.1, 3\.5, 3\.7, 4\.0/,
    );
  });

  it('does not take 4 for 4.0 in the 4th edition: the stored code is exact', () => {
    expect(ruleBrokenBy(() => findLevel(fourth('4'))).message).toMatch(/use one of/);
  });

  it('refuses an edition the catalogue does not hold', () => {
    const error = ruleBrokenBy(() => findLevel({ edition: 5 as 3, code: '2.1' }));
    expect(error.message).toMatch(/no ASAM edition 5.*use edition 3 or 4/);
  });

  it('describes a level with its code, abbreviation and edition', () => {
    expect(describeLevel(third('2.1'))).toBe('2.1 (IOP, 3rd ed.)');
    expect(describeLevel(fourth('3.7'))).toBe('3.7 (Residential, medically managed, 4th ed.)');
  });
});

describe('weekly clinical hours', () => {
  it('asks at least 9 hours of an adult in IOP and at least 6 of an adolescent', () => {
    expect(minimumWeeklyHours(third('2.1'), 'adult')).toBe(9);
    expect(minimumWeeklyHours(third('2.1'), 'adolescent')).toBe(6);
    expect(minimumWeeklyHours(fourth('2.1'), 'adult')).toBe(9);
  });

  it('asks at least 20 hours in partial hospitalization', () => {
    expect(minimumWeeklyHours(third('2.5'), 'adult')).toBe(20);
  });

  it('asks at least 5 hours in low-intensity residential, within a 24-hour structure', () => {
    expect(minimumWeeklyHours(third('3.1'), 'adult')).toBe(5);
    expect(is24Hour(third('3.1'))).toBe(true);
  });

  it('gives outpatient a ceiling of fewer than 9 adult hours, not a minimum', () => {
    expect(minimumWeeklyHours(third('1'), 'adult')).toBeUndefined();
    expect(weeklyHoursOf(third('1'), 'adult')).toEqual({ lessThan: 9 });
    expect(weeklyHoursOf(third('1'), 'adolescent')).toEqual({ lessThan: 6 });
  });

  it('sets no minimum where the domain gives none', () => {
    expect(minimumWeeklyHours(third('3.5'), 'adult')).toBeUndefined();
    expect(minimumWeeklyHours(fourth('2.7'), 'adult')).toBeUndefined();
  });
});

describe('24-hour and medical levels', () => {
  it('counts residential and inpatient levels as 24-hour, outpatient ones not', () => {
    expect(['3.1', '3.3', '3.5', '3.7', '4'].every((code) => is24Hour(third(code)))).toBe(true);
    expect(['0.5', '1', '2.1', '2.5'].some((code) => is24Hour(third(code)))).toBe(false);
    expect(is24Hour(fourth('2.7'))).toBe(false);
  });

  it('counts medically monitored 3.7 and medically managed 4 as medical levels in the 3rd edition', () => {
    expect(isMedicallyManaged(third('3.7'))).toBe(true);
    expect(findLevel(third('3.7')).medicalCare).toBe('monitored');
    expect(isMedicallyManaged(third('4'))).toBe(true);
    expect(isMedicallyManaged(third('3.5'))).toBe(false);
  });

  it('counts the 4th-edition levels that fold in withdrawal management as medically managed', () => {
    expect(['1.7', '2.7', '3.7', '4.0'].every((code) => isMedicallyManaged(fourth(code)))).toBe(true);
    expect(['1.0', '1.5', '2.1', '2.5', '3.1', '3.5'].some((code) => isMedicallyManaged(fourth(code)))).toBe(false);
  });
});

describe('the direction of a change', () => {
  it('calls a move from IOP to residential a step-up, and back a step-down', () => {
    expect(classifyChange(third('2.1'), third('3.5'))).toBe('step-up');
    expect(classifyChange(third('3.5'), third('2.1'))).toBe('step-down');
  });

  it('calls re-coding IOP from the 3rd to the 4th edition lateral', () => {
    expect(classifyChange(third('2.1'), fourth('2.1'))).toBe('lateral');
  });

  it('places 3rd-edition outpatient level with 4th-edition outpatient therapy', () => {
    expect(classifyChange(third('1'), fourth('1.5'))).toBe('lateral');
    expect(classifyChange(third('1'), fourth('1.0'))).toBe('step-down');
    expect(classifyChange(third('1'), fourth('1.7'))).toBe('step-up');
  });

  it('classifies across editions by intensity: 3rd-edition 3.3 sits between 4th-edition 3.1 and 3.5', () => {
    expect(classifyChange(fourth('3.1'), third('3.3'))).toBe('step-up');
    expect(classifyChange(third('3.3'), fourth('3.5'))).toBe('step-up');
  });

  it('refuses to classify a change to a level it does not know', () => {
    expect(ruleBrokenBy(() => classifyChange(third('2.1'), third('2.7'))).code).toBe('unknown-level-of-care');
  });
});

describe('a catalogue with network and site overrides', () => {
  const network = [{ edition: 3 as const, code: '2.1', weeklyHours: { adult: { minimum: 10 } } }];
  const site = [{ edition: 3 as const, code: '2.1', weeklyHours: { adult: { minimum: 12 } } }];

  it('applies the network figure over the default', () => {
    const catalogue = buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, network);
    expect(minimumWeeklyHours(third('2.1'), 'adult', catalogue)).toBe(10);
  });

  it('lets the site override the network, and keeps what neither overrode', () => {
    const catalogue = buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, network, site);
    expect(minimumWeeklyHours(third('2.1'), 'adult', catalogue)).toBe(12);
    expect(minimumWeeklyHours(third('2.1'), 'adolescent', catalogue)).toBe(6);
    expect(findLevel(third('2.1'), catalogue).name).toBe('Intensive outpatient');
  });

  it('leaves the default catalogue untouched', () => {
    buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, network, site);
    expect(minimumWeeklyHours(third('2.1'), 'adult')).toBe(9);
  });

  it('changes the direction of a change when a network re-ranks a level', () => {
    const catalogue = buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, [{ edition: 4, code: '2.7', intensity: 33 }]);
    expect(classifyChange(fourth('3.1'), fourth('2.7'))).toBe('step-down');
    expect(classifyChange(fourth('3.1'), fourth('2.7'), catalogue)).toBe('step-up');
  });

  it('refuses an override for a level the catalogue does not hold, rather than ignore it', () => {
    expect(ruleBrokenBy(() => buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, [{ edition: 3, code: '2.7', intensity: 1 }])).message).toMatch(
      /2\.7 is not in the ASAM 3rd edition/,
    );
  });
});
