import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { TREATMENT_PLAN_EVENT_CONTRACTS } from './treatment-plan-events.js';
import { validateIntegrationEvent } from './validate-integration-event.js';

const CLIENT = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
const EPISODE = '6a0c3b1e-2d4f-5a6b-8c7d-9e0f1a2b3c4d';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const IOP = { edition: 3, code: '2.1' };
const PHP = { edition: 3, code: '2.5' };

function planEvent(type: string, data: Record<string, unknown>): IntegrationEvent {
  return {
    eventId: id(999),
    type,
    schemaVersion: 1,
    source: 'treatment-plan',
    occurredAt: '2026-02-02T09:00:00.000Z',
    clientId: CLIENT,
    siteId: 'site-north',
    correlationId: 'request-7f3a',
    causationId: id(998),
    data,
  };
}

const valid = {
  EpisodeOpened: () =>
    planEvent('EpisodeOpened', {
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      level: IOP,
      programmeId: 'iop-evening',
      track: 'evening',
      startDate: '2026-01-19',
      admissionId: id(1),
      openedAt: '2026-01-16T10:00:00.000Z',
    }),
  LevelOfCareChanged: () =>
    planEvent('LevelOfCareChanged', {
      episodeId: EPISODE,
      clientId: CLIENT,
      from: IOP,
      to: PHP,
      direction: 'step-up',
      reasonCode: 'relapse',
      evidence: [{ kind: 'drug-test', id: 'test-4' }],
      effectiveDate: '2026-02-02',
    }),
  AuthorizedLevelRecorded: () =>
    planEvent('AuthorizedLevelRecorded', {
      episodeId: EPISODE,
      clientId: CLIENT,
      level: IOP,
      amount: { quantity: 30, unit: 'days' },
      throughDate: '2026-02-18',
    }),
  SiteTransferred: () =>
    planEvent('SiteTransferred', {
      episodeId: EPISODE,
      clientId: CLIENT,
      fromSiteId: 'site-north',
      toSiteId: 'site-south',
      reasonCode: 'client-relocated',
      effectiveDate: '2026-02-03',
    }),
  RelapseRecorded: () =>
    planEvent('RelapseRecorded', {
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      relapseId: 'relapse-1',
      date: '2026-02-01',
      substanceCodes: ['opioids'],
      evidence: [{ kind: 'drug-test', id: 'test-4' }],
    }),
  DualDiagnosisReferralRequested: () =>
    planEvent('DualDiagnosisReferralRequested', {
      requestId: 'request-1',
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      specialty: 'psychiatric-evaluation',
      urgency: 'urgent',
      conditionCode: 'depression',
      requestedAt: '2026-02-02T09:00:00.000Z',
    }),
  EpisodeDischarged: () =>
    planEvent('EpisodeDischarged', {
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      level: IOP,
      disposition: 'completed',
      dischargeDate: '2026-04-20',
      dischargedAt: '2026-04-20T15:00:00.000Z',
    }),
  CareTeamChanged: () =>
    planEvent('CareTeamChanged', {
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      members: [
        { userId: 'user-clinician-7', teamRole: 'clinician' },
        { userId: 'user-prescriber-2', teamRole: 'prescriber' },
      ],
      changedAt: '2026-02-01T09:00:00.000Z',
    }),
};

Object.assign(valid, {
  MedicationStarted: () =>
    planEvent('MedicationStarted', {
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      medicationId: 'medication-1',
      code: 'buprenorphine-naloxone',
      rxnorm: '352364',
      source: 'external-prescriber',
      startDate: '2026-01-02',
    }),
  MedicationStopped: () =>
    planEvent('MedicationStopped', {
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      medicationId: 'medication-1',
      code: 'buprenorphine-naloxone',
      stopDate: '2026-03-02',
      reasonCode: 'completed-taper',
    }),
  NaloxoneRecorded: () =>
    planEvent('NaloxoneRecorded', {
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      naloxoneId: 'naloxone-1',
      date: '2026-01-12',
      action: 'dispensed',
    }),
});

const problemsOf = (event: unknown) => {
  const result = validateIntegrationEvent(event);
  return result.ok ? [] : result.problems;
};

describe('the contract of each treatment-plan integration event', () => {
  it.each(Object.entries(valid))('accepts a complete %s of version 1', (_type, build) => {
    const event = build();
    expect(validateIntegrationEvent(event)).toEqual({ ok: true, event });
  });

  it('covers the eleven events of the topic, each published by treatment-plan on its own topic', () => {
    expect(TREATMENT_PLAN_EVENT_CONTRACTS.map((contract) => contract.type).sort()).toEqual(Object.keys(valid).sort());
    expect(new Set(TREATMENT_PLAN_EVENT_CONTRACTS.map((contract) => `${contract.source} ${contract.topic}`))).toEqual(
      new Set([`treatment-plan ${TOPICS.treatmentPlan}`]),
    );
  });

  it("refuses a medication's dose or prescriber riding along, and a code off the catalogue", () => {
    const started = (valid as Record<string, () => IntegrationEvent>).MedicationStarted!();
    expect(problemsOf({ ...started, data: { ...(started.data as object), dose: '16 mg', prescriberName: 'Dr Example' } })).toEqual([
      expect.stringMatching(/^data\.dose: is not part of the contract/),
      expect.stringMatching(/^data\.prescriberName: is not part of the contract/),
    ]);
    expect(problemsOf({ ...started, data: { ...(started.data as object), code: 'oxycodone' } })).toEqual([
      expect.stringMatching(/^data\.code: /),
    ]);
  });

  it('refuses a free-text reason or a discharge summary riding along, since only codes and ids cross', () => {
    const changed = valid.LevelOfCareChanged();
    expect(problemsOf({ ...changed, data: { ...(changed.data as object), reasonNote: 'used again after her brother visited' } })).toEqual([
      expect.stringMatching(/^data\.reasonNote: is not part of the contract/),
    ]);
    const discharged = valid.EpisodeDischarged();
    expect(problemsOf({ ...discharged, data: { ...(discharged.data as object), summary: 'did well' } })).toEqual([
      expect.stringMatching(/^data\.summary: is not part of the contract/),
    ]);
  });

  it('refuses a discharge disposition, a referral urgency or a direction outside the lists', () => {
    const discharged = valid.EpisodeDischarged();
    expect(problemsOf({ ...discharged, data: { ...(discharged.data as object), disposition: 'expelled' } })).toEqual([
      expect.stringMatching(/^data\.disposition: expected one of completed/),
    ]);
    const requested = valid.DualDiagnosisReferralRequested();
    expect(problemsOf({ ...requested, data: { ...(requested.data as object), urgency: 'whenever' } })).toEqual([
      expect.stringMatching(/^data\.urgency: expected one of emergent, urgent, routine/),
    ]);
    const changed = valid.LevelOfCareChanged();
    expect(problemsOf({ ...changed, data: { ...(changed.data as object), direction: 'up' } })).toEqual([
      expect.stringMatching(/^data\.direction: expected one of step-up/),
    ]);
  });

  it('refuses an authorisation that is not a whole, positive amount', () => {
    const recorded = valid.AuthorizedLevelRecorded();
    expect(problemsOf({ ...recorded, data: { ...(recorded.data as object), amount: { quantity: 0, unit: 'days' } } })).toEqual([
      'data.amount.quantity: expected at least 1',
    ]);
  });
});
