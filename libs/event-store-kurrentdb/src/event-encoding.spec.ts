import { type AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { type EventEnvelope, type RecordedMetadata } from '@continuum/event-store';
import { encodedBytes, fromResolvedEvent, toEventData } from './event-encoding.js';

const envelope: EventEnvelope = {
  schemaVersion: 1,
  siteId: 'site-1',
  actor: { userId: 'user-1', role: 'clinician' },
  occurredAt: '2025-03-01T09:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
};
const stored: RecordedMetadata = { ...envelope, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) };

describe('Continuum events in KurrentDB', () => {
  it('sends the data as the JSON body and the whole envelope, hash chain included, as metadata', () => {
    const data = toEventData(
      { eventId: '0fda18f9-5a0a-5691-8adc-aad049c98ed6', type: 'EpisodeOpened', data: { level: '2.1' }, metadata: envelope },
      stored,
    );
    expect(data).toMatchObject({
      id: '0fda18f9-5a0a-5691-8adc-aad049c98ed6',
      contentType: 'application/json',
      type: 'EpisodeOpened',
      data: { level: '2.1' },
      metadata: stored,
    });
  });

  it('counts data and envelope bytes as UTF-8, the measure both adapters limit', () => {
    expect(encodedBytes({ data: { note: 'é' }, metadata: envelope })).toBe(
      Buffer.byteLength('{"note":"é"}') + Buffer.byteLength(JSON.stringify(envelope)),
    );
  });

  it('reads an event back with its revision, global position and recording time', () => {
    const resolved: AllStreamResolvedEvent = {
      event: {
        streamId: 'care-episode-1',
        id: 'e0',
        isJson: true,
        revision: 4n,
        type: 'EpisodeOpened',
        created: new Date('2025-03-01T09:00:01.000Z'),
        data: { level: '2.1' },
        metadata: stored,
        position: { commit: 9000n, prepare: 9000n },
      },
    };
    expect(fromResolvedEvent(resolved)).toEqual({
      eventId: 'e0',
      type: 'EpisodeOpened',
      streamId: 'care-episode-1',
      revision: 4,
      position: 9000,
      recordedAt: '2025-03-01T09:00:01.000Z',
      data: { level: '2.1' },
      metadata: stored,
    });
  });

  it('skips a link whose event is gone', () => {
    expect(fromResolvedEvent({ commitPosition: 10n })).toBeUndefined();
  });

  it('tells the operator to upgrade a server that gives no log positions', () => {
    const event = {
      streamId: 's',
      id: 'e',
      isJson: true,
      revision: 0n,
      type: 'T',
      created: new Date(),
      data: {},
      metadata: stored,
    } as const;
    expect(() => fromResolvedEvent({ event } as never)).toThrow(/upgrade the server/);
  });
});
