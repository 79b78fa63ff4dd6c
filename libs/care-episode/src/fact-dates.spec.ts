import {
  DEFAULT_FACT_DATE_POLICY,
  LATE_ENTRY_REASONS,
  calendarDateIn,
  factDatePolicy,
  factDateProblems,
  lateEntryOf,
  siteToday,
} from './fact-dates.js';

const policy = factDatePolicy({
  siteTimeZones: { 'site-west': 'America/Los_Angeles', 'site-east': 'Asia/Tokyo' },
  lateEntryWindowDays: 14,
});
const check = (date: string, lateEntryReason?: string) =>
  factDateProblems(
    { date, ...(lateEntryReason === undefined ? {} : { lateEntryReason }) },
    { today: '2026-03-20', policy, field: 'date', what: 'the session' },
  );

describe('today at the site', () => {
  it("is the site's own calendar day, not the UTC day", () => {
    const lateEvening = new Date('2026-03-20T05:30:00.000Z'); // 22:30 on the 19th in Los Angeles, 14:30 on the 20th in Tokyo
    expect(siteToday(lateEvening, 'site-west', policy)).toBe('2026-03-19');
    expect(siteToday(lateEvening, 'site-east', policy)).toBe('2026-03-20');
  });

  it('falls back to the default zone for a site not listed', () => {
    expect(siteToday(new Date('2026-03-20T23:59:59.999Z'), 'site-north', policy)).toBe('2026-03-20');
  });

  it('keeps the day across a daylight-saving change', () => {
    // 2026-03-08 is the US spring-forward day: 07:59 UTC is 23:59 on the 7th, 08:00 UTC is 00:00 on the 8th (PST, -8).
    expect(calendarDateIn(new Date('2026-03-08T07:59:00.000Z'), 'America/Los_Angeles')).toBe('2026-03-07');
    expect(calendarDateIn(new Date('2026-03-08T08:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-03-08');
  });
});

describe('a fact dated today', () => {
  it('is accepted without a reason', () => expect(check('2026-03-20')).toEqual([]));

  it('refuses a late-entry reason it does not need', () =>
    expect(check('2026-03-20', 'documented-late')).toEqual([
      { field: 'lateEntryReason', message: 'the session is dated today: leave lateEntryReason out' },
    ]));
});

describe('a fact dated after today', () => {
  it('is refused a day ahead', () =>
    expect(check('2026-03-21')).toEqual([
      { field: 'date', message: 'the session is recorded once it has happened: 2026-03-21 is after today (2026-03-20) at the site' },
    ]));

  it('is refused even with a late-entry reason', () => expect(check('2026-03-21', 'documented-late')).toHaveLength(1));
});

describe('a fact dated before today (a late entry)', () => {
  it.each(LATE_ENTRY_REASONS.map((reason) => [reason]))('is accepted the day before with the reason %s', (reason) =>
    expect(check('2026-03-19', reason)).toEqual([]),
  );

  it('is refused without a reason, naming the reasons to choose from', () =>
    expect(check('2026-03-19')).toEqual([
      {
        field: 'lateEntryReason',
        message: `the session is dated 2026-03-19, before today (2026-03-20): a late entry names why, one of ${LATE_ENTRY_REASONS.join(', ')}`,
      },
    ]));

  it('is refused with a reason that is not a code we record', () => expect(check('2026-03-19', 'because')).toHaveLength(1));

  it('is accepted on the last day of the window (14 days back)', () => expect(check('2026-03-06', 'result-received-late')).toEqual([]));

  it('is refused one day past the window (15 days back), saying to record a dated correction', () =>
    expect(check('2026-03-05', 'result-received-late')).toEqual([
      {
        field: 'date',
        message:
          'the session is dated 2026-03-05, more than 14 days before today (2026-03-20), the earliest a late entry may be dated is 2026-03-06: record what happened as a correction dated today and reference the original record',
      },
    ]));

  it('follows a network that narrows the window to 0: nothing may be back-dated', () =>
    expect(
      factDateProblems(
        { date: '2026-03-19', lateEntryReason: 'documented-late' },
        { today: '2026-03-20', policy: factDatePolicy({ lateEntryWindowDays: 0 }), field: 'date', what: 'the test' },
      ),
    ).toHaveLength(1));
});

describe('a date that is not a calendar day', () => {
  it('is refused as such', () => expect(check('2026-02-30')).toEqual([{ field: 'date', message: 'give a calendar date as YYYY-MM-DD' }]));
});

describe('what the event records', () => {
  it('records the reason of a late entry', () =>
    expect(lateEntryOf({ date: '2026-03-19', lateEntryReason: 'documented-late' }, '2026-03-20')).toEqual({
      lateEntryReason: 'documented-late',
    }));
  it('records nothing for a fact dated today', () => expect(lateEntryOf({ date: '2026-03-20' }, '2026-03-20')).toEqual({}));
});

describe('the policy', () => {
  it('defaults to UTC and a 14-day window', () =>
    expect(DEFAULT_FACT_DATE_POLICY).toMatchObject({ defaultTimeZone: 'UTC', lateEntryWindowDays: 14 }));
  it('refuses a zone the runtime does not know', () =>
    expect(() => factDatePolicy({ siteTimeZones: { 'site-x': 'Mars/Olympus' } })).toThrow(/Mars\/Olympus is not an IANA time zone/));
  it('refuses a negative window', () => expect(() => factDatePolicy({ lateEntryWindowDays: -1 })).toThrow(/whole number of days/));
});
