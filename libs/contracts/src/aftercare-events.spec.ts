import { AFTERCARE_EVENT_CONTRACTS } from './aftercare-events.js';
import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { validateIntegrationEvent } from './validate-integration-event.js';

const CLIENT = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
const EPISODE = '6a0c3b1e-2d4f-5a6b-8c7d-9e0f1a2b3c4d';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function aftercareEvent(type: string, data: Record<string, unknown>): IntegrationEvent {
  return {
    eventId: id(999),
    type,
    schemaVersion: 1,
    source: 'aftercare',
    occurredAt: '2026-04-27T09:00:00.000Z',
    clientId: CLIENT,
    siteId: 'site-north',
    correlationId: 'request-7f3a',
    causationId: id(998),
    data,
  };
}

const valid = {
  AftercarePlanCreated: () =>
    aftercareEvent('AftercarePlanCreated', {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      dischargeLevel: { edition: 3, code: '2.1' },
      dischargeDate: '2026-04-20',
      checkInDueDates: ['2026-04-27', '2026-05-20', '2026-08-18', '2026-11-16', '2027-02-14'],
    }),
  CheckInRecorded: () =>
    aftercareEvent('CheckInRecorded', {
      planId: EPISODE,
      clientId: CLIENT,
      dueDate: '2026-04-27',
      date: '2026-04-27',
      outcome: 'abstinent',
      barc10Total: 47,
      strongRecoveryCapital: true,
    }),
  CheckInMissed: () => aftercareEvent('CheckInMissed', { planId: EPISODE, clientId: CLIENT, dueDate: '2026-05-20', consecutiveMisses: 1 }),
  ReadmissionRecommended: () =>
    aftercareEvent('ReadmissionRecommended', {
      planId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      episodeId: EPISODE,
      reasonCodes: ['relapse', 'barc10-drop'],
      recommendedAt: '2026-08-18T10:00:00.000Z',
    }),
  ContinuingCareEnded: () =>
    aftercareEvent('ContinuingCareEnded', {
      planId: EPISODE,
      clientId: CLIENT,
      reasonCode: 'year-completed',
      endedAt: '2027-04-20T02:00:00.000Z',
    }),
};

const problemsOf = (event: unknown) => {
  const result = validateIntegrationEvent(event);
  return result.ok ? [] : result.problems;
};

const withData = (event: IntegrationEvent, change: (data: Record<string, unknown>) => void): IntegrationEvent => {
  const data = structuredClone(event.data) as Record<string, unknown>;
  change(data);
  return { ...event, data };
};

describe('the contract of each aftercare integration event', () => {
  it.each(Object.entries(valid))('accepts a complete %s of version 1', (_type, build) => {
    const event = build();
    expect(validateIntegrationEvent(event)).toEqual({ ok: true, event });
  });

  it('covers the five events docs/architecture/integration-events.md lists, each published by aftercare on its own topic', () => {
    expect(AFTERCARE_EVENT_CONTRACTS.map(({ type, schemaVersion, source, topic }) => ({ type, schemaVersion, source, topic }))).toEqual(
      ['AftercarePlanCreated', 'CheckInRecorded', 'CheckInMissed', 'ReadmissionRecommended', 'ContinuingCareEnded'].map((type) => ({
        type,
        schemaVersion: 1,
        source: 'aftercare',
        topic: TOPICS.aftercare,
      })),
    );
  });

  it('accepts a check-in at which the client could not be reached, without a BARC-10 total', () => {
    const unreachable = withData(valid.CheckInRecorded(), (data) =>
      Object.assign(data, { outcome: 'unreachable', barc10Total: null, strongRecoveryCapital: null }),
    );
    expect(problemsOf(unreachable)).toEqual([]);
  });
});

describe('what the aftercare contracts refuse', () => {
  it('refuses the BARC-10 answers or a support contact riding along, since only totals, ids and codes cross', () => {
    expect(problemsOf(withData(valid.CheckInRecorded(), (data) => (data.barc10 = [5, 5, 5, 5, 5, 5, 5, 4, 4, 4])))).toEqual([
      expect.stringMatching(/^data\.barc10: is not part of the contract/),
    ]);
    expect(
      problemsOf(withData(valid.ReadmissionRecommended(), (data) => (data.supportContacts = [{ contactId: 'contact-sponsor' }]))),
    ).toEqual([expect.stringMatching(/^data\.supportContacts: is not part of the contract/)]);
  });

  it('refuses a BARC-10 total outside 10–60', () => {
    expect(problemsOf(withData(valid.CheckInRecorded(), (data) => (data.barc10Total = 9)))).toEqual([
      'data.barc10Total: expected at least 10',
    ]);
    expect(problemsOf(withData(valid.CheckInRecorded(), (data) => (data.barc10Total = 61)))).toEqual([
      'data.barc10Total: expected at most 60',
    ]);
  });

  it('refuses an outcome, a readmission reason or an end reason outside the lists', () => {
    expect(problemsOf(withData(valid.CheckInRecorded(), (data) => (data.outcome = 'doing-well')))).toEqual([
      'data.outcome: expected one of abstinent, lapse, relapse, unreachable',
    ]);
    expect(problemsOf(withData(valid.ReadmissionRecommended(), (data) => (data.reasonCodes = ['missed-meetings'])))).toEqual([
      'data.reasonCodes[0]: expected one of relapse, barc10-drop',
    ]);
    expect(problemsOf(withData(valid.ContinuingCareEnded(), (data) => (data.reasonCode = 'moved-away')))).toEqual([
      'data.reasonCode: expected one of year-completed, readmitted, client-declined',
    ]);
  });

  it('refuses a readmission recommendation without a reason', () => {
    expect(problemsOf(withData(valid.ReadmissionRecommended(), (data) => (data.reasonCodes = [])))).toEqual([
      'data.reasonCodes: expected at least 1 item(s)',
    ]);
  });

  it('refuses a plan without check-ins or with a due date off the calendar', () => {
    expect(problemsOf(withData(valid.AftercarePlanCreated(), (data) => (data.checkInDueDates = [])))).toEqual([
      'data.checkInDueDates: expected at least 1 item(s)',
    ]);
    expect(problemsOf(withData(valid.AftercarePlanCreated(), (data) => (data.checkInDueDates = ['2026-02-30'])))).toEqual([
      'data.checkInDueDates[0]: expected a date written YYYY-MM-DD, e.g. 2026-01-15',
    ]);
  });

  it('refuses a missed check-in without the count of misses in a row', () => {
    expect(problemsOf(withData(valid.CheckInMissed(), (data) => delete data.consecutiveMisses))).toEqual([
      'data.consecutiveMisses: is required',
    ]);
    expect(problemsOf(withData(valid.CheckInMissed(), (data) => (data.consecutiveMisses = 0)))).toEqual([
      'data.consecutiveMisses: expected at least 1',
    ]);
  });

  it('refuses an aftercare event published by another service', () => {
    expect(problemsOf({ ...valid.ReadmissionRecommended(), source: 'intake' })).toEqual([
      'source: ReadmissionRecommended is published only by aftercare',
    ]);
  });
});
