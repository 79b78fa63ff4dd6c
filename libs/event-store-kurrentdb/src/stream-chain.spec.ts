import { chainHash, type EventEnvelope, GENESIS_HASH, type NewEvent, type RecordedEvent } from '@continuum/event-store';
import { sealEvents, verifyChain } from './stream-chain.js';

const envelope: EventEnvelope = {
  schemaVersion: 1,
  clientId: 'client-1',
  siteId: 'site-1',
  actor: { userId: 'user-1', role: 'clinician' },
  occurredAt: '2025-03-01T09:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
};

const newEvent = (eventId: string, data: unknown): NewEvent => ({ eventId, type: 'LevelOfCareChanged', data, metadata: envelope });

function written(stream: string, events: NewEvent[]): RecordedEvent[] {
  return sealEvents(stream, events, 0, GENESIS_HASH).map(({ event, metadata }, revision) => ({
    eventId: event.eventId,
    type: event.type,
    streamId: stream,
    revision,
    position: 100 + revision,
    recordedAt: '2025-03-01T09:00:01.000Z',
    data: event.data,
    metadata,
  }));
}

describe('the hash chain on KurrentDB', () => {
  const stream = 'care-episode-1';
  const events = [newEvent('e0', { to: '2.1' }), newEvent('e1', { to: '1' }), newEvent('e2', { to: '2.5' })];

  it('links the first event to the genesis hash and each next one to the event before it', () => {
    const sealed = sealEvents(stream, events, 0, GENESIS_HASH);
    expect(sealed[0]!.metadata.prevHash).toBe(GENESIS_HASH);
    expect(sealed[1]!.metadata.prevHash).toBe(sealed[0]!.metadata.hash);
    expect(sealed[2]!.metadata.hash).toBe(
      chainHash(sealed[1]!.metadata.hash, {
        eventId: 'e2',
        type: 'LevelOfCareChanged',
        streamId: stream,
        revision: 2,
        data: { to: '2.5' },
        metadata: envelope,
      }),
    );
  });

  it('continues an existing stream from its last hash and revision', () => {
    const [continued] = sealEvents(stream, [newEvent('e3', {})], 3, 'f'.repeat(64));
    expect(continued!.metadata.prevHash).toBe('f'.repeat(64));
    expect(continued!.metadata.hash).toBe(
      chainHash('f'.repeat(64), { eventId: 'e3', type: 'LevelOfCareChanged', streamId: stream, revision: 3, data: {}, metadata: envelope }),
    );
  });

  it('verifies an untouched stream', () => {
    expect(verifyChain(stream, written(stream, events))).toEqual({ ok: true, stream, events: 3 });
  });

  it('names the first event whose content was altered', () => {
    const stored = written(stream, events);
    stored[1] = { ...stored[1]!, data: { to: '3.7' } };
    expect(verifyChain(stream, stored)).toMatchObject({
      ok: false,
      firstBroken: { revision: 1, eventId: 'e1', reason: expect.stringMatching(/altered/) },
    });
  });

  it('notices an event removed from the middle of the stream', () => {
    const stored = written(stream, events);
    expect(verifyChain(stream, [stored[0]!, stored[2]!])).toMatchObject({
      ok: false,
      firstBroken: { eventId: 'e2', reason: expect.stringMatching(/missing/) },
    });
  });

  it('notices an event written around Continuum, without a hash', () => {
    const stored = written(stream, events);
    stored[2] = { ...stored[2]!, metadata: {} as RecordedEvent['metadata'] };
    expect(verifyChain(stream, stored)).toMatchObject({
      ok: false,
      firstBroken: { revision: 2, reason: expect.stringMatching(/no hash/) },
    });
  });
});
