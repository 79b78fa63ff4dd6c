import { type CalendarDate, type Population, isCalendarDate } from '@continuum/care-episode';
import { type ValidationProblem, isBlank, startOfDate } from './validation.js';

// Personal data lives only in intake (docs/domain/roles-and-sites.md#people-sites-and-clients):
// these fields never leave this service's own stream.
export type Contact = { phone?: string; email?: string; address?: string };

export type Person = {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  contact: Contact;
};

/**
 * The key under which the application looks up possible duplicates across the network.
 * Two registrations of one person rarely match letter for letter ("José  O'Brien" and
 * "jose obrien", "Smith-Jones" and "Smith Jones"), so case, accents, punctuation and
 * whitespace are ignored; the date of birth keeps the key from joining namesakes. A key too
 * loose costs a coordinator a look at a flag; one too strict hides a duplicate record.
 */
export function duplicateKey(person: Pick<Person, 'givenName' | 'familyName' | 'dateOfBirth'>): string {
  return [normaliseName(person.givenName), normaliseName(person.familyName), person.dateOfBirth.trim()].join('|');
}

function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]/gu, '');
}

/**
 * The earliest date of birth accepted. Nobody in care was born before 1900; an earlier date
 * is a typing error (0001-01-01 is a form's empty value) that would mislead every age rule.
 */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

export function validatePerson(person: Person, now: Date): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (isBlank(person?.givenName)) problems.push({ field: 'person.givenName', message: "enter the client's given name" });
  if (isBlank(person?.familyName)) problems.push({ field: 'person.familyName', message: "enter the client's family name" });
  if (!isCalendarDate(person?.dateOfBirth)) {
    problems.push({ field: 'person.dateOfBirth', message: 'enter the date of birth as YYYY-MM-DD, e.g. 1990-04-23' });
  } else if (person.dateOfBirth < EARLIEST_DATE_OF_BIRTH) {
    problems.push({ field: 'person.dateOfBirth', message: `the date of birth is before ${EARLIEST_DATE_OF_BIRTH}: check the year` });
  } else if (startOfDate(person.dateOfBirth) > now.getTime()) {
    problems.push({ field: 'person.dateOfBirth', message: 'the date of birth is in the future: check the year' });
  }
  if (person?.contact === undefined || person.contact === null || typeof person.contact !== 'object') {
    problems.push({
      field: 'person.contact',
      message: 'give a contact (phone, email or address), or an empty object when the client has none',
    });
  }
  return problems;
}

/** The age from which the adult weekly-hour minimums apply (docs/domain/levels-of-care.md#weekly-hours). */
const ADULT_AGE = 18;

/**
 * Whose weekly-hour minimums apply on `date`: adolescent until the 18th birthday, adult from
 * that day. Both are YYYY-MM-DD, so they compare as text: someone born on 29 February comes of
 * age on 1 March of a common year, the day after the 28th.
 */
export function populationOn(dateOfBirth: CalendarDate, date: CalendarDate): Population {
  const eighteenthBirthday = `${String(Number(dateOfBirth.slice(0, 4)) + ADULT_AGE).padStart(4, '0')}${dateOfBirth.slice(4)}`;
  return date < eighteenthBirthday ? 'adolescent' : 'adult';
}
