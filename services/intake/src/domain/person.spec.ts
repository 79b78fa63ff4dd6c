import { duplicateKey, populationOn, validatePerson } from './person.js';

const now = new Date('2026-01-15T09:00:00.000Z');
const person = { givenName: 'José', familyName: "O'Brien-Núñez", dateOfBirth: '1988-03-14' };

describe('duplicate key', () => {
  it('matches names that differ only in case, accents, punctuation and spacing', () => {
    expect(duplicateKey({ givenName: '  jose ', familyName: 'OBRIEN   NUNEZ', dateOfBirth: '1988-03-14' })).toBe(duplicateKey(person));
    expect(duplicateKey({ givenName: 'JOSE', familyName: 'obriennúñez', dateOfBirth: '1988-03-14' })).toBe(duplicateKey(person));
    expect(duplicateKey({ givenName: ' Jose.', familyName: 'O’Brien–Nuñez', dateOfBirth: '1988-03-14' })).toBe(duplicateKey(person));
  });
  it('ignores spaces inside a name, so double-barrelled names match however they are typed', () => {
    expect(duplicateKey({ givenName: 'Mary  Ann', familyName: 'Smith-Jones', dateOfBirth: '1990-01-01' })).toBe(
      duplicateKey({ givenName: 'maryann', familyName: ' Smith Jones ', dateOfBirth: '1990-01-01' }),
    );
  });
  it('keeps given and family name apart', () => {
    expect(duplicateKey({ givenName: 'Ann', familyName: 'Marie', dateOfBirth: '1990-01-01' })).not.toBe(
      duplicateKey({ givenName: 'Annmarie', familyName: '', dateOfBirth: '1990-01-01' }),
    );
  });
  it('keeps namesakes with different dates of birth apart', () => {
    expect(duplicateKey({ ...person, dateOfBirth: '1988-03-15' })).not.toBe(duplicateKey(person));
  });
});

describe('validating a person', () => {
  it('accepts a complete person', () => {
    expect(validatePerson({ ...person, contact: {} }, now)).toEqual([]);
  });
  it('names every missing or invalid field at once', () => {
    const problems = validatePerson({ givenName: ' ', familyName: '', dateOfBirth: '1988-02-30', contact: undefined as never }, now);
    expect(problems.map((p) => p.field)).toEqual(['person.givenName', 'person.familyName', 'person.dateOfBirth', 'person.contact']);
  });
  it('refuses a date of birth in the future', () => {
    expect(validatePerson({ ...person, dateOfBirth: '2026-01-16', contact: {} }, now)[0].message).toMatch(/in the future/);
  });
  it('accepts a date of birth from 1900-01-01 to today, and refuses one before 1900 (0001-01-01 is an empty form)', () => {
    expect(validatePerson({ ...person, dateOfBirth: '1900-01-01', contact: {} }, now)).toEqual([]);
    expect(validatePerson({ ...person, dateOfBirth: now.toISOString().slice(0, 10), contact: {} }, now)).toEqual([]);
    for (const dateOfBirth of ['1899-12-31', '0001-01-01']) {
      expect(validatePerson({ ...person, dateOfBirth, contact: {} }, now)).toEqual([
        { field: 'person.dateOfBirth', message: 'the date of birth is before 1900-01-01: check the year' },
      ]);
    }
  });
});

describe('population on a date', () => {
  it('is adolescent the day before the 18th birthday and adult on it', () => {
    expect(populationOn('2008-01-20', '2026-01-19')).toBe('adolescent');
    expect(populationOn('2008-01-20', '2026-01-20')).toBe('adult');
  });
  it('turns someone born on 29 February adult on 1 March of a common year', () => {
    expect(populationOn('2008-02-29', '2026-02-28')).toBe('adolescent');
    expect(populationOn('2008-02-29', '2026-03-01')).toBe('adult');
  });
  it('keeps a child adolescent and an older adult adult', () => {
    expect(populationOn('2014-06-01', '2026-01-19')).toBe('adolescent');
    expect(populationOn('1948-12-31', '2026-01-19')).toBe('adult');
  });
});
