import { prepareAppend } from './append-preparation.js';
import { type EventEnvelope } from './event-store.js';
import { chainHash, GENESIS_HASH, referenceCanonicalJson } from './hash-chain.js';
import { chainedEvents } from './stream-append-rules.js';

// The chain an append writes is the legal record: hashing the texts prepareAppend stored must
// give the hash the first definition gives over the event's content, link by link.

const envelope = (extra: Record<string, unknown> = {}) =>
  ({
    actor: { userId: 'u-1', role: 'clinician' },
    siteId: 'site-north',
    correlationId: 'c-1',
    occurredAt: '2026-12-02T10:00:00.000Z',
    ...extra,
  }) as unknown as EventEnvelope;

/** The first definition of a link: sha256 over the previous hash and the reference canonical JSON of the content. */
async function referenceHash(prevHash: string, content: Record<string, unknown>): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(prevHash).update('\n').update(referenceCanonicalJson(content)).digest('hex');
}

describe('chainedEvents', () => {
  it('links every event of an append by the hash of its stored texts, equal to the first definition', async () => {
    const job = prepareAppend(
      'care-episode-1',
      [
        { eventId: 'e-1', type: 'EpisodeOpened', data: { z: 1, a: { y: [3, { d: 'é', c: null }], b: 'x' } }, metadata: envelope() },
        { eventId: 'e-2', type: 'SessionAttended', data: undefined as unknown as null, metadata: envelope({ causationId: 'e-1' }) },
      ],
      'no-stream',
      1024 * 1024,
    );
    const chained = chainedEvents(job, undefined);
    const first = await referenceHash(GENESIS_HASH, {
      eventId: 'e-1',
      type: 'EpisodeOpened',
      streamId: 'care-episode-1',
      revision: 0,
      data: { z: 1, a: { y: [3, { d: 'é', c: null }], b: 'x' } },
      metadata: envelope(),
    });
    expect(chained.map(({ revision, prevHash }) => [revision, prevHash])).toEqual([
      [0, GENESIS_HASH],
      [1, first],
    ]);
    expect(chained[0].hash).toBe(first);
    expect(chained[1].hash).toBe(
      await referenceHash(first, {
        eventId: 'e-2',
        type: 'SessionAttended',
        streamId: 'care-episode-1',
        revision: 1,
        data: null,
        metadata: envelope({ causationId: 'e-1' }),
      }),
    );
  });

  it('leaves a chain link an envelope carries out of the hash, continuing from the stream head', () => {
    const head = { revision: 4, hash: 'f'.repeat(64) };
    const job = prepareAppend(
      'care-episode-1',
      [{ eventId: 'e-5', type: 'StepUp', data: { to: '3.5' }, metadata: envelope({ prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) }) }],
      4,
      1024 * 1024,
    );
    const [link] = chainedEvents(job, head);
    expect(link).toMatchObject({ revision: 5, prevHash: head.hash });
    expect(link.hash).toBe(
      chainHash(head.hash, {
        eventId: 'e-5',
        type: 'StepUp',
        streamId: 'care-episode-1',
        revision: 5,
        data: { to: '3.5' },
        metadata: envelope(),
      }),
    );
  });
});
