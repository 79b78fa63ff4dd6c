import { GENESIS_HASH, type RecordedEvent, chainHash } from '@continuum/event-store';
import { StoreVerifier } from './store-verifier.js';

// The checker on hand-made logs: what each kind of store may and may not show in its order.

const envelope = {
  schemaVersion: 1,
  clientId: 'client-1',
  siteId: 'site-north',
  actor: { userId: 'user-1', role: 'clinician' },
  occurredAt: '2026-03-02T09:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
};

/** Events chained as a store would chain them, at the positions given. */
function log(entries: Array<[streamId: string, position: number]>): RecordedEvent[] {
  const heads = new Map<string, { revision: number; hash: string }>();
  return entries.map(([streamId, position], index) => {
    const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const content = {
      eventId: `event-${index}`,
      type: 'Something',
      streamId,
      revision: head.revision + 1,
      data: { n: index },
      metadata: envelope,
    };
    const hash = chainHash(head.hash, content);
    heads.set(streamId, { revision: content.revision, hash });
    return { ...content, position, recordedAt: envelope.occurredAt, metadata: { ...envelope, prevHash: head.hash, hash } };
  });
}

const findingsOf = (verifier: StoreVerifier, events: RecordedEvent[]) => events.flatMap((event) => verifier.check(event));

describe('the store verifier', () => {
  it('accepts gaps in a store whose positions have them by nature, but not positions that go back', () => {
    const events = log([
      ['a', 10],
      ['b', 250],
      ['a', 4000],
    ]);
    expect(findingsOf(new StoreVerifier('gapped'), events)).toEqual([]);
    const goingBack = log([
      ['a', 10],
      ['b', 500],
      ['a', 400],
    ]);
    expect(findingsOf(new StoreVerifier('gapped'), goingBack)).toEqual([
      expect.objectContaining({
        kind: 'reordered',
        position: 400,
        streamId: 'a',
        detail: 'position 400 comes after position 500 in the global log: positions must increase',
      }),
    ]);
  });

  it('reports a gap in a contiguous store once, at the first event after it, naming the missing positions', () => {
    const events = log([
      ['a', 1],
      ['b', 2],
      ['a', 5],
    ]);
    expect(findingsOf(new StoreVerifier('contiguous'), events)).toEqual([
      expect.objectContaining({
        kind: 'missing-position',
        position: 5,
        streamId: 'a',
        revision: 1,
        detail: expect.stringContaining('positions 3–4 are missing'),
      }),
    ]);
  });

  it('reports one altered event as one finding, not as every event after it in its stream', () => {
    const events = log([
      ['a', 1],
      ['a', 2],
      ['a', 3],
    ]);
    const altered = { ...events[1]!, data: { n: 99 } };
    const verifier = new StoreVerifier('contiguous');
    expect(findingsOf(verifier, [events[0]!, altered, events[2]!])).toEqual([
      expect.objectContaining({ kind: 'altered', eventId: 'event-1', revision: 1 }),
    ]);
    expect(verifier.eventsChecked).toBe(3);
    expect(verifier.streamsChecked).toBe(1);
  });

  it('names a re-hashed event by the broken link of the next one', () => {
    const events = log([
      ['a', 1],
      ['a', 2],
      ['a', 3],
    ]);
    // Altered and given a fresh hash, as someone who knows the hash function would: its own check passes.
    const rewritten = { ...events[1]!, data: { n: 99 } };
    rewritten.metadata = { ...rewritten.metadata, hash: chainHash(rewritten.metadata.prevHash, rewritten) };
    expect(findingsOf(new StoreVerifier('contiguous'), [events[0]!, rewritten, events[2]!])).toEqual([
      expect.objectContaining({
        kind: 'broken-link',
        eventId: 'event-2',
        revision: 2,
        detail: expect.stringContaining('does not point at the hash of revision 1'),
      }),
    ]);
  });
});
