import { type DisclosureRecord, SHORT_DISCLOSURE_NOTICE, disclosureRecorded } from '@continuum/consent';
import { accountingOfDisclosures } from './disclosures.js';
import { CLIENT, OTHER_CLIENT, recorder } from './testing/recorded-history.js';

// The accounting of disclosures (42 CFR 2.25: 3 years; 45 CFR 164.528: 6 years), as of
// 2026-06-15 12:00 UTC: the Part 2 period opens at 2023-06-15 00:00 UTC, the HIPAA one at
// 2020-06-15 00:00 UTC, and both close at the request instant, both ends inclusive
// (docs/domain/compliance.md#accounting-of-disclosures).
const asOf = new Date('2026-06-15T12:00:00.000Z');

/** dual-diagnosis's DisclosureRecorded as first stored: no basis, no categories. */
function referralDisclosure(id: string, disclosedAt: string, extra: { clientId?: string; consentId?: string | null } = {}) {
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
    redisclosureNotice: SHORT_DISCLOSURE_NOTICE,
  };
}

/** The one shape every discloser appends now (@continuum/consent disclosureRecorded). */
function gatewayRecord(id: string, disclosedAt: string, basis: DisclosureRecord['basis']): DisclosureRecord {
  return {
    disclosureId: id,
    clientId: CLIENT,
    disclosedAt,
    recipient: { recipientId: 'residence-7', kind: 'recovery-residence' },
    purpose: 'COC',
    categories: ['attendance', 'treatment-plan'],
    basis,
    disclosedBy: { userId: 'case-manager-4', role: 'case-manager' },
    notice: SHORT_DISCLOSURE_NOTICE,
    ...(basis.kind === 'consent'
      ? { consentCopy: { consentId: basis.consentId, scope: `Consent ${basis.consentId}, signed 2026-01-05` } }
      : {}),
  };
}

function historyOf(disclosures: ReturnType<typeof referralDisclosure>[]) {
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
  return history;
}

const ids = (list: Array<{ disclosureId: string }>) => list.map((item) => item.disclosureId);

describe('the accounting of disclosures of one client', () => {
  it('lists an old referral disclosure with its date, recipient, what was disclosed, purpose as a v3 code, its consent as basis and who disclosed it', () => {
    const answer = accountingOfDisclosures(CLIENT, asOf, historyOf([referralDisclosure('d-1', '2026-05-01T10:00:00.000Z')]).events);
    expect(answer.part2.disclosures).toEqual([
      expect.objectContaining({
        disclosureId: 'd-1',
        date: '2026-05-01T10:00:00.000Z',
        recipient: { recipientId: 'provider-external-1', kind: 'provider' },
        information: ['dual-diagnosis-referral', 'condition:F33.1', 'specialty:psychiatric-evaluation', 'urgency:urgent'],
        purpose: 'COC',
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-of-d-1', recordedBeforeBases: true },
        carriedBy: { kind: 'referral', id: 'referral-of-d-1' },
        disclosedBy: { userId: 'case-manager-4', role: 'case-manager' },
        hasRedisclosureNotice: true,
      }),
    ]);
    expect(answer.part2.citation).toBe('42 CFR 2.25');
    expect(answer.hipaa.citation).toBe('45 CFR 164.528(b)(1)');
    expect(ids(answer.hipaa.disclosures)).toEqual(['d-1']);
    expect(answer.lastEventUsed).toMatchObject({ type: 'DisclosureRecorded' });
  });

  it('lists the one shape every discloser records, from any stream, with its legal basis and citation, carrier, categories and consent copy', () => {
    const history = recorder();
    const consented = gatewayRecord('step-down-1', '2026-04-01T08:00:00.000Z', {
      kind: 'consent',
      citation: '42 CFR 2.31, 2.33',
      consentId: 'consent-9',
    });
    const emergency = gatewayRecord('emergency-1', '2026-04-02T03:00:00.000Z', {
      kind: 'medical-emergency',
      citation: '42 CFR 2.51',
      recipientName: 'Dr Okafor',
      affiliation: 'County General ED',
      natureOfEmergency: 'overdose',
    });
    const ordered = gatewayRecord('court-1', '2026-04-03T09:00:00.000Z', {
      kind: 'court-order',
      citation: '42 CFR 2.64',
      orderId: 'order-5',
      court: 'County Superior Court',
      section: '2.64',
      issuedOn: '2026-03-30',
    });
    history.record(
      'aftercare-plan-1',
      'DisclosureRecorded',
      disclosureRecorded(consented, 'site-south', { kind: 'step-down', id: 'plan-1' }),
      { clientId: CLIENT },
    );
    history.record('referral-r-2', 'DisclosureRecorded', disclosureRecorded(emergency, 'site-north', { kind: 'referral', id: 'r-2' }), {
      clientId: CLIENT,
    });
    history.record('fhir-export-x-1', 'DisclosureRecorded', disclosureRecorded(ordered, 'site-north', { kind: 'fhir-export', id: 'x-1' }), {
      clientId: CLIENT,
    });

    const answer = accountingOfDisclosures(CLIENT, asOf, history.events);

    expect(ids(answer.part2.disclosures)).toEqual(['step-down-1', 'emergency-1', 'court-1']);
    expect(answer.part2.disclosures[0]).toEqual(
      expect.objectContaining({
        recipient: { recipientId: 'residence-7', kind: 'recovery-residence' },
        purpose: 'COC',
        categories: ['attendance', 'treatment-plan'],
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-9' },
        consentCopy: { consentId: 'consent-9', scope: 'Consent consent-9, signed 2026-01-05' },
        carriedBy: { kind: 'step-down', id: 'plan-1' },
        siteId: 'site-south',
        hasRedisclosureNotice: true,
      }),
    );
    expect(answer.part2.disclosures.map((d) => [d.basis.kind, d.basis.citation])).toEqual([
      ['consent', '42 CFR 2.31, 2.33'],
      ['medical-emergency', '42 CFR 2.51'],
      ['court-order', '42 CFR 2.64'],
    ]);
    expect(answer.part2.disclosures[2]!.carriedBy).toEqual({ kind: 'fhir-export', id: 'x-1' });
  });

  it('says plainly when an old record names neither a basis nor a consent', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([referralDisclosure('bare', '2026-01-10T09:00:00.000Z', { consentId: null })]).events,
    );
    expect(answer.part2.disclosures[0]!.basis).toEqual({ kind: 'not-recorded', citation: null });
  });

  it('opens the Part 2 period at 00:00 UTC of the day 3 years before: that instant is in, a millisecond earlier is out (still in the 6 years)', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([referralDisclosure('just-before', '2023-06-14T23:59:59.999Z'), referralDisclosure('at-start', '2023-06-15T00:00:00.000Z')])
        .events,
    );
    expect(answer.part2.period).toEqual({
      from: '2023-06-15T00:00:00.000Z',
      to: asOf.toISOString(),
      fromInclusive: true,
      toInclusive: true,
    });
    expect(ids(answer.part2.disclosures)).toEqual(['at-start']);
    expect(ids(answer.hipaa.disclosures)).toEqual(['just-before', 'at-start']);
  });

  it('opens the HIPAA period at 00:00 UTC of the day 6 years before, and drops anything older from both', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([referralDisclosure('older', '2020-06-14T23:59:59.999Z'), referralDisclosure('at-6y', '2020-06-15T00:00:00.000Z')]).events,
    );
    expect(answer.hipaa.period.from).toBe('2020-06-15T00:00:00.000Z');
    expect(ids(answer.hipaa.disclosures)).toEqual(['at-6y']);
    expect(answer.part2.disclosures).toEqual([]);
  });

  it('closes both periods at the request instant: a disclosure dated then is in, one dated a millisecond later is out', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([referralDisclosure('at-request', '2026-06-15T12:00:00.000Z'), referralDisclosure('after', '2026-06-15T12:00:00.001Z')])
        .events,
    );
    expect(ids(answer.part2.disclosures)).toEqual(['at-request']);
    expect(ids(answer.hipaa.disclosures)).toEqual(['at-request']);
  });

  it('takes a shorter period the client chose from 00:00 UTC of its first day, in both lists', () => {
    const events = historyOf([
      referralDisclosure('day-before', '2025-12-31T23:59:59.999Z'),
      referralDisclosure('first-day', '2026-01-01T00:00:00.000Z'),
    ]).events;
    const answer = accountingOfDisclosures(CLIENT, asOf, events, { from: '2026-01-01' });
    expect(answer.from).toBe('2026-01-01');
    expect(answer.part2.period.from).toBe('2026-01-01T00:00:00.000Z');
    expect(ids(answer.part2.disclosures)).toEqual(['first-day']);
    expect(ids(answer.hipaa.disclosures)).toEqual(['first-day']);
  });

  it('ignores a "shorter" period that would reach back further than the rule gives', () => {
    const answer = accountingOfDisclosures(CLIENT, asOf, [], { from: '2019-01-01' });
    expect(answer.part2.period.from).toBe('2023-06-15T00:00:00.000Z');
    expect(answer.hipaa.period.from).toBe('2020-06-15T00:00:00.000Z');
  });

  it('refuses a shorter period that is not a day or starts after the request', () => {
    expect(() => accountingOfDisclosures(CLIENT, asOf, [], { from: '2026-01-01T00:00:00Z' })).toThrow(RangeError);
    expect(() => accountingOfDisclosures(CLIENT, asOf, [], { from: '2026-06-16' })).toThrow(/cannot start after/);
  });

  it("leaves out another client's disclosures and disclosures recorded after the moment asked about", () => {
    const events = historyOf([
      referralDisclosure('theirs', '2026-02-01T10:00:00.000Z', { clientId: OTHER_CLIENT }),
      referralDisclosure('mine', '2026-02-02T10:00:00.000Z'),
    ]).events;
    const mine = events.find((event) => (event.data as { disclosureId?: string }).disclosureId === 'mine')!;
    expect(ids(accountingOfDisclosures(CLIENT, new Date(mine.recordedAt), events).hipaa.disclosures)).toEqual(['mine']);
    const before = accountingOfDisclosures(CLIENT, new Date(Date.parse(mine.recordedAt) - 1), events);
    expect(before.hipaa.disclosures).toEqual([]);
    expect(before.lastEventUsed).toBeNull();
  });

  it('orders disclosures by the date they were made', () => {
    const answer = accountingOfDisclosures(
      CLIENT,
      asOf,
      historyOf([referralDisclosure('later', '2026-04-01T10:00:00.000Z'), referralDisclosure('earlier', '2025-04-01T10:00:00.000Z')])
        .events,
    );
    expect(ids(answer.hipaa.disclosures)).toEqual(['earlier', 'later']);
  });

  it('counts back from 29 February to 28 February, so the period is never shorter than the years the rule gives', () => {
    const answer = accountingOfDisclosures(CLIENT, new Date('2028-02-29T10:00:00.000Z'), []);
    expect(answer.part2.period.from).toBe('2025-02-28T00:00:00.000Z');
    expect(answer.hipaa.period.from).toBe('2022-02-28T00:00:00.000Z');
  });
});
