import { type RecordedDomainEvent, integrationEventOf } from './integration-event-of.js';

const PUBLISHING = {
  source: 'aftercare',
  readsDomainVersion: 1,
  mappingFile: 'services/aftercare/src/messaging/aftercare-integration-events.ts',
};

const recorded: RecordedDomainEvent = {
  eventId: '0b6f3f0e-4a0e-4f7c-9d0a-2f1c3e5a7b91',
  type: 'ContinuingCareEnded',
  streamId: 'aftercare-plan-1',
  revision: 4,
  metadata: {
    schemaVersion: 1,
    occurredAt: '2026-11-18T09:00:00.000Z',
    siteId: 'site-north',
    correlationId: 'correlation-1',
    causationId: 'event-7',
  },
};
const CLIENT = '5c2e9a41-7d3b-4f60-8e1a-9b7c3d2f4e10';
const ended = {
  planId: '8f1d2c3b-4a5e-4f60-9b7c-1d2e3f4a5b6c',
  clientId: CLIENT,
  reasonCode: 'readmitted',
  endedAt: '2026-11-18T09:00:00.000Z',
};

describe('the integration event a recorded domain event publishes', () => {
  it("carries the recorded event's id, time, site, correlation and causation, the service as source, and the payload chosen", () => {
    expect(integrationEventOf(recorded, { type: 'ContinuingCareEnded', data: ended, clientId: CLIENT }, PUBLISHING)).toEqual({
      eventId: recorded.eventId,
      type: 'ContinuingCareEnded',
      schemaVersion: 1,
      source: 'aftercare',
      occurredAt: '2026-11-18T09:00:00.000Z',
      clientId: CLIENT,
      siteId: 'site-north',
      correlationId: 'correlation-1',
      causationId: 'event-7',
      data: ended,
    });
  });

  it('refuses a domain schema version the mapping does not read, naming the file to add it to', () => {
    const newer = { ...recorded, metadata: { ...recorded.metadata, schemaVersion: 2 } };
    expect(() => integrationEventOf(newer, { type: 'ContinuingCareEnded', data: ended, clientId: CLIENT }, PUBLISHING)).toThrow(
      `aftercare cannot publish ContinuingCareEnded ${recorded.eventId}: it is domain schema version 2, and the mapping reads only version 1; add that version to services/aftercare/src/messaging/aftercare-integration-events.ts`,
    );
  });

  it('refuses a result that breaks its contract, naming the stream, the revision and the problems', () => {
    const { reasonCode: _reasonCode, ...withoutReason } = ended;
    expect(() => integrationEventOf(recorded, { type: 'ContinuingCareEnded', data: withoutReason, clientId: CLIENT }, PUBLISHING)).toThrow(
      /^aftercare's ContinuingCareEnded \S+ \(stream aftercare-plan-1, revision 4\) does not meet its contract, so it was not published: .*data\.reasonCode: is required.*Fix the mapping or the contract in libs\/contracts\.$/,
    );
  });
});
