import { type IntegrationEvent } from './integration-event.js';
import { DUAL_DIAGNOSIS_EVENT_CONTRACTS } from './dual-diagnosis-events.js';
import { INTEGRATION_EVENT_CONTRACTS } from './registry.js';
import { validateIntegrationEvent } from './validate-integration-event.js';

const CLIENT = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
const REFERRAL = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const event = (type: string, data: Record<string, unknown>): IntegrationEvent => ({
  eventId: id(999),
  type,
  schemaVersion: 1,
  source: 'dual-diagnosis',
  occurredAt: '2026-01-15T09:00:00.000Z',
  clientId: CLIENT,
  siteId: 'site-north',
  correlationId: 'request-7f3a',
  causationId: id(998),
  data,
});

const problemsOf = (candidate: IntegrationEvent) => {
  const result = validateIntegrationEvent(candidate);
  return result.ok ? [] : result.problems;
};

const opened = () =>
  event('ReferralOpened', {
    referralId: REFERRAL,
    clientId: CLIENT,
    siteId: 'site-north',
    specialty: 'trauma-therapy',
    urgency: 'routine',
    dueDate: '2026-01-29',
    dueAt: '2026-01-29T09:00:00.000Z',
    source: 'intake-screening',
    sourceEventId: id(1),
    conditionCode: 'ptsd',
  });

describe('the dual-diagnosis contracts', () => {
  it('are in the registry', () => {
    for (const contract of DUAL_DIAGNOSIS_EVENT_CONTRACTS) expect(INTEGRATION_EVENT_CONTRACTS).toContain(contract);
  });

  it('accept a referral opened from intake, and one from treatment-plan naming its episode', () => {
    expect(problemsOf(opened())).toEqual([]);
    expect(problemsOf({ ...opened(), data: { ...(opened().data as object), source: 'treatment-plan', episodeId: id(2) } })).toEqual([]);
  });

  it('accept a referral sent within the programme (no consent) and one sent under a consent with its disclosure', () => {
    expect(
      problemsOf(
        event('ReferralSent', {
          referralId: REFERRAL,
          clientId: CLIENT,
          providerId: 'north-psychiatry',
          sentAt: '2026-01-15T10:00:00.000Z',
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        event('ReferralSent', {
          referralId: REFERRAL,
          clientId: CLIENT,
          providerId: 'riverside-trauma',
          consentId: id(3),
          disclosureId: id(4),
          sentAt: '2026-01-15T10:00:00.000Z',
        }),
      ),
    ).toEqual([]);
  });

  it('accept the outcome treatment-plan turns into an integrated-care goal', () => {
    const completed = event('ReferralCompleted', {
      referralId: REFERRAL,
      clientId: CLIENT,
      specialty: 'trauma-therapy',
      conditionCode: 'ptsd',
      conditionConfirmed: true,
      recommendationCodes: ['emdr-weekly'],
      completedAt: '2026-02-02T17:00:00.000Z',
    });
    expect(problemsOf(completed)).toEqual([]);
  });

  it("refuse a clinician's note or a provider's name on a referral event", () => {
    const declined = event('ReferralDeclined', {
      referralId: REFERRAL,
      clientId: CLIENT,
      providerId: 'riverside-trauma',
      reasonCode: 'no-capacity',
      at: '2026-01-16T09:00:00.000Z',
      note: 'waiting list full',
    });
    expect(problemsOf(declined)).toEqual([
      'data.note: is not part of the contract; allowed fields are referralId, clientId, providerId, reasonCode, at',
    ]);
    expect(problemsOf({ ...opened(), data: { ...(opened().data as object), providerName: 'Riverside Trauma Clinic' } })).toEqual([
      expect.stringMatching(/^data.providerName: is not part of the contract/),
    ]);
  });

  it('refuse an escalation level below 1 and an unknown specialty', () => {
    expect(
      problemsOf(
        event('ReferralOverdue', {
          referralId: REFERRAL,
          clientId: CLIENT,
          siteId: 'site-north',
          dueDate: '2026-01-29',
          escalationLevel: 0,
          raisedAt: '2026-01-29T09:00:00.000Z',
        }),
      ),
    ).toEqual(['data.escalationLevel: expected at least 1']);
    expect(problemsOf({ ...opened(), data: { ...(opened().data as object), specialty: 'acupuncture' } })).toEqual([
      'data.specialty: expected one of psychiatric-evaluation, medication-management, trauma-therapy, other',
    ]);
  });
});
