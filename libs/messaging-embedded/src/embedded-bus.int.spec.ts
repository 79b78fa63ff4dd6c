import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OutgoingMessage, HEADERS, deadLetterTopic } from '@continuum/messaging';
import { EmbeddedBus } from './embedded-bus.js';
import { partitionForKey } from './partitioner.js';

const TOPIC = 'continuum.intake.events.v1';

function message(key: string, sequence: number, topic = TOPIC): OutgoingMessage {
  return {
    topic,
    key,
    value: JSON.stringify({ type: 'ConsentGranted', clientId: key, sequence }),
    headers: { [HEADERS.eventId]: `${key}-${sequence}`, [HEADERS.type]: 'ConsentGranted' },
  };
}

describe('the embedded bus log', () => {
  let folder: string;
  let path: string;
  let bus: EmbeddedBus;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'embedded-bus-'));
    path = join(folder, 'bus.db');
    bus = EmbeddedBus.open({ path });
  });

  afterEach(async () => {
    await bus.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the value and headers exactly as they were published', async () => {
    const published = { ...message('client-1', 1), value: '{"clientId":"client-1","codes":["F10.20"]}' };
    await bus.publisher().publish([published]);
    await bus.publisher().publish([{ ...published, topic: deadLetterTopic(TOPIC) }]);

    const [stored] = await bus.admin().readDeadLetters(TOPIC);
    expect(stored).toEqual({ ...published, topic: deadLetterTopic(TOPIC), partition: partitionForKey('client-1', 4), offset: '0' });
  });

  it("puts one client's messages on one partition, with offsets counting up from 0 in publication order", async () => {
    await bus.publisher().publish([message('client-1', 1), message('client-2', 1)]);
    await bus.publisher().publish([message('client-1', 2), message('client-1', 3)]);
    await bus.publisher().publish([message('client-1', 1, deadLetterTopic(TOPIC)), message('client-1', 2, deadLetterTopic(TOPIC))]);

    const partition = partitionForKey('client-1', 4);
    const sameKey = (await bus.admin().readDeadLetters(TOPIC)).map(({ partition, offset }) => ({ partition, offset }));
    expect(sameKey).toEqual([
      { partition, offset: '0' },
      { partition, offset: '1' },
    ]);
    const lag = await bus.admin().consumerLag('nobody-yet', [TOPIC]);
    expect(lag).toBe(4);
  });

  it('spreads many clients over every partition and keeps each client in order within its partition', async () => {
    // A `.dlq` topic is a topic like any other, and readDeadLetters reads it back whole.
    const topic = deadLetterTopic(TOPIC);
    const keys = Array.from({ length: 40 }, (_, index) => `client-${index}`);
    for (let sequence = 1; sequence <= 5; sequence++) await bus.publisher().publish(keys.map((key) => message(key, sequence, topic)));
    const stored = await bus.admin().readDeadLetters(TOPIC, { limit: 1000 });

    expect(stored).toHaveLength(200);
    expect(new Set(stored.map((m) => m.partition))).toEqual(new Set([0, 1, 2, 3]));
    for (const key of keys) {
      const ofKey = stored.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => JSON.parse(m.value).sequence)).toEqual([1, 2, 3, 4, 5]);
      const offsets = ofKey.map((m) => Number(m.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it('refuses a whole batch that holds an unserialized value, and says to JSON.stringify it', async () => {
    const bad = { ...message('client-2', 1), value: { not: 'serialized' } as unknown as string };
    await expect(bus.publisher().publish([message('client-1', 1), bad])).rejects.toThrow(/JSON.stringify/);

    expect(await bus.admin().consumerLag('any-group', [TOPIC])).toBe(0);
  });

  it('tells the caller to key messages by client id when the key is missing', async () => {
    const unkeyed = { ...message('client-1', 1), key: undefined as unknown as string };
    await expect(bus.publisher().publish([unkeyed])).rejects.toThrow(/key it by the client id/);
  });

  it('counts no lag for a topic nobody has published to', async () => {
    expect(await bus.admin().consumerLag('any-group', ['continuum.aftercare.events.v1'])).toBe(0);
  });

  it('lists at most `limit` dead letters, oldest first', async () => {
    const dlq = deadLetterTopic(TOPIC);
    await bus.publisher().publish([message('client-3', 1, dlq), message('client-1', 2, dlq), message('client-2', 3, dlq)]);

    const letters = await bus.admin().readDeadLetters(TOPIC, { limit: 2 });
    expect(letters.map((letter) => letter.key)).toEqual(['client-3', 'client-1']);
  });

  it('keeps the partition count a topic was created with when the file is reopened with another default', async () => {
    await bus.publisher().publish([message('client-1', 1)]);
    await bus.close();
    bus = EmbeddedBus.open({ path, partitions: 16 });
    await bus.publisher().publish([message('client-1', 2), message('client-1', 1, deadLetterTopic(TOPIC))]);

    // The old topic still has 4 partitions (client-1 stays on its partition, in order); the new one gets 16.
    expect(await bus.admin().consumerLag('g', [TOPIC])).toBe(2);
    const [letter] = await bus.admin().readDeadLetters(TOPIC);
    expect(letter.partition).toBe(partitionForKey('client-1', 16));
  });

  it('refuses work after close and says to open a new bus', async () => {
    await bus.close();
    await expect(bus.publisher().publish([message('client-1', 1)])).rejects.toThrow(/open a new EmbeddedBus/);
  });
});
