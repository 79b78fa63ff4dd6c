import { accountingOfDisclosures } from './disclosures.js';
import { CLIENT, OTHER_CLIENT, recorder } from './testing/recorded-history.js';

// The accounting as of 2026-06-15 12:00 UTC: the Part 2 window opens 2023-06-15 12:00, the HIPAA one 2020-06-15 12:00.
const asOf = new Date('2026-06-15T12:00:00.000Z');

function disclosure(id: string, disclosedAt: string, extra: { clientId?: string; consentId?: string | null } = {}) {
  const clientId = extra.clientId ?? CLIENT;
  return {
    disclosureId: id,
    referralId: `referral-of-${id}`,
    clientId,
    recipientId: 'provider-external-1',
    information: ['dual-diagnosis-referral', 'condition:F33.1', 'specialty:psychiatric-evaluation', 'urgency:urgent'],
    purpose: 'care-coordination',
    ...(extra.consentId === null ? {} : { consentId: extra.consentId ?? `consent-of-${id}` }),
    disclosedAt,
    redisclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
  };
}

function historyOf(disclosures: ReturnType<typeof disclosure>[]) {
  const history = recorder();
  for (const data of disclosures) {
    history.record(
      `referral-${data.referralId}`,
      'ReferralOpened',
      { referralId: data.referralId, clientId: data.clientId },
      { clientId: data.clientId },
    );
    history.record(`referral-${data.referralId}`, 'DisclosureRecorded', data, {
      clientId: data.clientId,
      actor: { userId: 'case-manager-4', role: 'case-manager' },
    });
  }
  return history.events;
}

const ids = (list: Array<{ disclosureId: string }>) => list.map((item) => item.disclosureId);

describe('the accounting of disclosures of one client', () => {
  it('lists a consented disclosure with its date, recipient, what was disclosed, purpose, consent and who disclosed it', () => {
    const answer = accountingOfDisclosures(CLIENT, asOf, historyOf([disclosure('d-1', '2026-05-01T10:00:00.000Z')]));
    expect(answer.part2.disclosures).toEqual([
      expect.objectContaining({
        disclosureId: 'd-1',
        date: '2026-05-01T10:00:00.000Z',
        recipientId: 'provider-external-1',
        information: ['dual-diagnosis-referral', 'condition:F33.1', 'specialty:psychiatric-evaluation', 'urgency:urgent'],
        purpose: 'care-coordination',
        consentId: 'consent-of-d-1',
        referralId: 'referral-of-d-1',
        disclosedBy: { userId: 'case-manager-4', role: 'case-manager' },
        hasRedisclosureNotice: true,
      }),
    ]);
    expect(answer.all.disclosures.map((item) => item.disclosureId)).toEqual(['d-1']);
    expect(answer.lastEventUsed).toMatchObject({ type: 'DisclosureRecorded' });
  });

  it('keeps a Part 2 disclosure of exactly 3 years ago and drops one a millisecond older from the Part 2 list, not from the 6-year one', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([disclosure('just-outside-3y', '2023-06-15T11:59:59.999Z'), disclosure('at-3y', '2023-06-15T12:00:00.000Z')]),
    );
    expect(answer.part2.since).toBe('2023-06-15T12:00:00.000Z');
    expect(ids(answer.part2.disclosures)).toEqual(['at-3y']);
    expect(ids(answer.all.disclosures)).toEqual(['just-outside-3y', 'at-3y']);
  });

  it('keeps a disclosure of exactly 6 years ago in the full accounting and drops an older one from both lists', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([disclosure('older-than-6y', '2020-06-15T11:59:59.999Z'), disclosure('at-6y', '2020-06-15T12:00:00.000Z')]),
    );
    expect(answer.all.since).toBe('2020-06-15T12:00:00.000Z');
    expect(ids(answer.all.disclosures)).toEqual(['at-6y']);
    expect(answer.part2.disclosures).toEqual([]);
  });

  it('lists a disclosure that relied on no consent in the 6-year accounting only', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([disclosure('without-consent', '2026-01-10T09:00:00.000Z', { consentId: null })]),
    );
    expect(ids(answer.all.disclosures)).toEqual(['without-consent']);
    expect(answer.all.disclosures[0]).not.toHaveProperty('consentId');
    expect(answer.part2.disclosures).toEqual([]);
  });

  it("leaves out another client's disclosures and disclosures recorded after the moment asked about", () => {
    const events = historyOf([
      disclosure('theirs', '2026-02-01T10:00:00.000Z', { clientId: OTHER_CLIENT }),
      disclosure('mine', '2026-02-02T10:00:00.000Z'),
    ]);
    const mine = events.find((event) => (event.data as { disclosureId?: string }).disclosureId === 'mine')!;
    expect(ids(accountingOfDisclosures(CLIENT, new Date(mine.recordedAt), events).all.disclosures)).toEqual(['mine']);
    const before = accountingOfDisclosures(CLIENT, new Date(Date.parse(mine.recordedAt) - 1), events);
    expect(before.all.disclosures).toEqual([]);
    expect(before.lastEventUsed).toBeNull();
  });

  it('orders disclosures by the date they were made', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([disclosure('later', '2026-04-01T10:00:00.000Z'), disclosure('earlier', '2025-04-01T10:00:00.000Z')]),
    );
    expect(ids(answer.all.disclosures)).toEqual(['earlier', 'later']);
  });

  it('counts from 1 March when asked on 29 February, so the window is never longer than the years the rule gives', () => {
    const answer = accountingOfDisclosures(CLIENT, new Date('2028-02-29T00:00:00.000Z'), []);
    expect(answer.part2.since).toBe('2025-03-01T00:00:00.000Z');
    expect(answer.all.since).toBe('2022-03-01T00:00:00.000Z');
  });
});
