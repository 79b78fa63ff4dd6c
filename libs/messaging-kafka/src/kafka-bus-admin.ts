import { randomUUID } from 'node:crypto';
import { type Admin, type IHeaders, type Kafka } from 'kafkajs';
import { deadLetterTopic, type BusAdmin, type DeliveredMessage } from '@continuum/messaging';
import { topicLag } from './consumer-lag.js';
import { whileCoordinatorLoads } from './coordinator-retry.js';

/** How long reading a dead-letter topic may take before we say the broker is not answering. */
const DEAD_LETTER_READ_TIMEOUT_MS = 30_000;

export class KafkaBusAdmin implements BusAdmin {
  private admin: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async consumerLag(group: string, topics: string[]): Promise<number> {
    const admin = await this.connected();
    // A topic nobody has published to yet has nothing to consume; asking Kafka for its offsets
    // would only be retried until it gives up with UNKNOWN_TOPIC_OR_PARTITION.
    const existing = new Set(await whileCoordinatorLoads(() => admin.listTopics()));
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length === 0) return 0;
    const committed = await whileCoordinatorLoads(() => admin.fetchOffsets({ groupId: group, topics: present }));
    let lag = 0;
    for (const topic of present) {
      const ends = await whileCoordinatorLoads(() => admin.fetchTopicOffsets(topic));
      lag += topicLag(ends, committed.find((entry) => entry.topic === topic)?.partitions ?? []);
    }
    return lag;
  }

  /**
   * Reads `<topic>.dlq` from the beginning up to its end as it is now, with a throwaway consumer
   * group that commits nothing and is deleted afterwards: reading dead letters never moves
   * anybody's offsets.
   */
  async readDeadLetters(topic: string, options: { limit?: number } = {}): Promise<DeliveredMessage[]> {
    const dlq = deadLetterTopic(topic);
    const admin = await this.connected();
    if (!(await whileCoordinatorLoads(() => admin.listTopics())).includes(dlq)) return [];
    const ends = await whileCoordinatorLoads(() => admin.fetchTopicOffsets(dlq));
    // The last offset to read in each partition that holds anything.
    const lastOffsets = new Map(
      ends.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]),
    );
    if (lastOffsets.size === 0) return [];

    const groupId = `continuum-dlq-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const letters: DeliveredMessage[] = [];
    const timestamps = new Map<DeliveredMessage, bigint>();
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: dlq, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Reading the dead letters of ${topic} took more than ${DEAD_LETTER_READ_TIMEOUT_MS / 1000} s: check that the Kafka broker answers (bash infra/kafka/kafka.sh status) and try again`,
              ),
            ),
          DEAD_LETTER_READ_TIMEOUT_MS,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const last = lastOffsets.get(partition);
              if (last === undefined || BigInt(message.offset) > last) return;
              const letter: DeliveredMessage = {
                topic: dlq,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? '',
                headers: headersAsText(message.headers),
              };
              letters.push(letter);
              timestamps.set(letter, BigInt(message.timestamp));
              if (BigInt(message.offset) === last) lastOffsets.delete(partition);
              if (lastOffsets.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    const oldestFirst = letters.sort(
      (a, b) => compare(timestamps.get(a)!, timestamps.get(b)!) || a.partition - b.partition || compare(BigInt(a.offset), BigInt(b.offset)),
    );
    return options.limit === undefined ? oldestFirst : oldestFirst.slice(0, options.limit);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        return admin;
      } catch (error) {
        this.admin = undefined;
        throw error;
      }
    })();
    return this.admin;
  }
}

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    // A header repeated on one message arrives as an array; the last one wins, as in Java's lastHeader().
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) text[name] = last.toString();
  }
  return text;
}
