import { GENESIS_HASH, type RecordedEvent, type StoredEventRowAt, canonicalJson, chainHash } from '@continuum/event-store';
import { StoreVerifier, rowContentFinding } from './store-verifier.js';

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

describe("a stored row's content", () => {
  /** A row as an append stores it: canonical texts, hashed as they stand. */
  function storedRow(data: unknown, eventId = 'event-1'): StoredEventRowAt {
    const hash = chainHash(GENESIS_HASH, { eventId, type: 'Something', streamId: 's', revision: 0, data, metadata: envelope });
    return {
      position: 1,
      stream_id: 's',
      revision: 0,
      event_id: eventId,
      type: 'Something',
      data: canonicalJson(data),
      metadata: canonicalJson(envelope),
      prev_hash: GENESIS_HASH,
      hash,
      recorded_at: envelope.occurredAt,
    };
  }
  const altered = expect.objectContaining({ kind: 'altered', eventId: 'event-1', position: 1 });

  it("matches as stored, and as a row written before, in its caller's key order", () => {
    const row = storedRow({ z: 1, a: { y: [1, 'é'], b: null } });
    expect(rowContentFinding(row)).toBeUndefined();
    const unsorted = { ...row, data: '{"z":1,"a":{"y":[1,"é"],"b":null}}', metadata: JSON.stringify(envelope) };
    expect(rowContentFinding(unsorted)).toBeUndefined();
  });

  it('finds data, envelope and ids altered, and text that no longer parses', () => {
    const row = storedRow({ level: '2.1' });
    expect(rowContentFinding({ ...row, data: '{"level":"3.5"}' })).toEqual(altered);
    expect(rowContentFinding({ ...row, metadata: row.metadata.replace('clinician', 'supervisor') })).toEqual(altered);
    expect(rowContentFinding({ ...row, type: 'SomethingElse' })).toEqual(expect.objectContaining({ kind: 'altered' }));
    expect(rowContentFinding({ ...row, data: '{"level":"2.1"' })).toEqual(altered);
  });

  it('is not fooled by text moved between data and envelope, though the hashed text stays the same', () => {
    // Data that names an event id and an envelope: its text holds the separator the hashed text puts after the data.
    const row = storedRow({ a: 1, eventId: 'e2', metadata: { b: 2 } });
    const moved = {
      ...row,
      event_id: 'e2',
      data: '{"a":1',
      metadata: `{"b":2}},"eventId":"event-1","metadata":${row.metadata}`,
    };
    const hashedBefore = `{"data":${row.data},"eventId":"event-1","metadata":${row.metadata}`;
    const hashedMoved = `{"data":${moved.data},"eventId":"e2","metadata":${moved.metadata}`;
    expect(hashedMoved).toBe(hashedBefore);
    expect(rowContentFinding(moved)).toEqual(expect.objectContaining({ kind: 'altered', eventId: 'e2' }));
  });
});
