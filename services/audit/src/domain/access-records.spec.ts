import { asOf } from './as-of.js';
import { historyEntryOf, matchesFilter } from './client-history.js';
import { episodeTimelines } from './level-timeline.js';
import { CLIENT, journeyOfOneClient } from './testing/recorded-history.js';

// A read of the client's record, as the platform's access log writes it, after the journey.
function journeyThenARead(purposeOfUse = 'TREAT') {
  const history = journeyOfOneClient();
  const careEvents = [...history.events];
  const read = history.record(
    'access-log-treatment-plan-2026-03-02-7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    'ClientRecordAccessed',
    {
      clientId: CLIENT,
      userId: 'user-nurse-4',
      role: 'nurse',
      siteId: 'site-north',
      service: 'treatment-plan',
      what: { method: 'GET', route: '/api/v1/plans/:planId', resourceKind: 'treatment-plan', resourceIds: { planId: 'plan-1' } },
      accessedAt: '2026-03-02T12:00:00.000Z',
      purposeOfUse,
      correlationId: 'correlation-read',
      causationId: 'request-read',
    },
    { clientId: CLIENT, siteId: 'site-north', actor: { userId: 'user-nurse-4', role: 'nurse' } },
  );
  return { events: history.events, careEvents, read };
}

describe("reads of a client's record in the audit", () => {
  it('are entries of the client history, of the access log, with the purpose of use as their reason', () => {
    const { read } = journeyThenARead('HPAYMT');
    expect(historyEntryOf(read)).toMatchObject({
      service: 'access',
      type: 'ClientRecordAccessed',
      actor: { userId: 'user-nurse-4', role: 'nurse' },
      siteId: 'site-north',
      reason: { code: 'HPAYMT' },
      evidence: [],
    });
  });

  it('are kept or left out by the service filter like any service', () => {
    const { read, careEvents } = journeyThenARead();
    expect(matchesFilter(read, { services: ['access'] })).toBe(true);
    expect(matchesFilter(read, { services: ['treatment-plan'] })).toBe(false);
    expect(careEvents.some((event) => matchesFilter(event, { services: ['access'] }))).toBe(false);
  });

  it('change nothing in the client as of any instant, nor in the level timeline', () => {
    const { events, careEvents, read } = journeyThenARead();
    const after = read.recordedAt;
    expect(asOf(CLIENT, after, events)).toEqual(asOf(CLIENT, after, careEvents));
    expect(episodeTimelines(events, '2026-12-31')).toEqual(episodeTimelines(careEvents, '2026-12-31'));
  });
});
