import { accountingOfDisclosures, yearsBefore } from './accounting.js';
import { type DisclosureRecord } from './disclosure.js';

// The accounting of disclosures (42 CFR 2.25: 3 years; HIPAA 45 CFR 164.528: 6 years), with its
// period closed at both ends (docs/domain/part-2-consent-rule.md#the-accounting-of-disclosures).

const disclosure = (disclosureId: string, disclosedAt: string, clientId = 'client-1'): DisclosureRecord => ({
  disclosureId,
  clientId,
  disclosedAt,
  recipient: { recipientId: 'provider-psych', kind: 'provider' },
  purpose: 'TREAT',
  categories: ['diagnosis'],
  basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-1' },
  disclosedBy: { userId: 'user-1', role: 'coordinator' },
  notice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
});
const REQUESTED = '2029-03-10T15:00:00.000Z';
const ids = (records: DisclosureRecord[], rule: 'part-2' | 'hipaa', from?: string) =>
  accountingOfDisclosures(records, { clientId: 'client-1', requestedAt: REQUESTED, rule, ...(from ? { from } : {}) }).entries.map(
    (e) => e.disclosureId,
  );

describe('the accounting of disclosures', () => {
  const records = [
    disclosure('too-old', '2026-03-09T23:59:59.999Z'),
    disclosure('first-day', '2026-03-10T00:00:00.000Z'),
    disclosure('at-request', REQUESTED),
    disclosure('after-request', '2029-03-10T15:00:00.001Z'),
    disclosure('middle', '2027-06-01T08:00:00.000Z'),
    disclosure('other-client', '2027-06-01T08:00:00.000Z', 'client-2'),
  ];

  it('under Part 2 lists the client’s disclosures from the start of the day 3 years back to the request instant, both inclusive, oldest first', () => {
    expect(ids(records, 'part-2')).toEqual(['first-day', 'middle', 'at-request']);
  });

  it('states its period and citation', () => {
    const accounting = accountingOfDisclosures(records, { clientId: 'client-1', requestedAt: REQUESTED, rule: 'part-2' });
    expect(accounting.period).toEqual({ from: '2026-03-10T00:00:00.000Z', to: REQUESTED, fromInclusive: true, toInclusive: true });
    expect(accounting.citation).toBe('42 CFR 2.25');
  });

  it('under HIPAA reaches back 6 years', () => {
    const older = [...records, disclosure('five-years', '2024-01-01T00:00:00.000Z'), disclosure('seven-years', '2022-01-01T00:00:00.000Z')];
    expect(ids(older, 'hipaa')).toEqual(['five-years', 'too-old', 'first-day', 'middle', 'at-request']);
  });

  it('a shorter period the client chose starts at the start of that day', () => {
    expect(ids(records, 'part-2', '2027-06-01')).toEqual(['middle', 'at-request']);
    expect(ids(records, 'part-2', '2027-06-02')).toEqual(['at-request']);
  });

  it('a "shorter" period that would reach back further than the rule is ignored', () => {
    expect(ids(records, 'part-2', '2020-01-01')).toEqual(['first-day', 'middle', 'at-request']);
  });

  it('lists each disclosure with its legal basis', () => {
    const emergency: DisclosureRecord = {
      ...disclosure('emergency', '2028-01-01T03:00:00.000Z'),
      basis: {
        kind: 'medical-emergency',
        citation: '42 CFR 2.51',
        recipientName: 'Dr. Lee',
        affiliation: 'General ED',
        natureOfEmergency: 'overdose',
      },
    };
    const [entry] = accountingOfDisclosures([emergency], { clientId: 'client-1', requestedAt: REQUESTED, rule: 'part-2' }).entries;
    expect(entry).toEqual({
      disclosureId: 'emergency',
      disclosedAt: '2028-01-01T03:00:00.000Z',
      recipient: { recipientId: 'provider-psych', kind: 'provider' },
      purpose: 'TREAT',
      categories: ['diagnosis'],
      basis: emergency.basis,
    });
  });

  it('counts back from 29 February to 28 February, never shortening the period', () => {
    expect(yearsBefore('2028-02-29', 3)).toBe('2025-02-28');
    expect(yearsBefore('2029-03-10', 6)).toBe('2023-03-10');
  });
});
