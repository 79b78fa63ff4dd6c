import kafkajs, { type Kafka, type Producer } from 'kafkajs';
import { type MessagePublisher, type OutgoingMessage } from '@continuum/messaging';

/**
 * Publishes through an idempotent kafkajs producer: acks from every in-sync replica (acks=-1),
 * one request in flight so a retried request cannot overtake the next one, and the broker
 * dropping the duplicates a retry might write. Same key, same partition: one client's events
 * stay in order.
 *
 * Retries are bounded (see `publisherRetry`): when the broker stays away, `publish` rejects
 * instead of hanging, and the relay, whose checkpoint has not moved, publishes the same events
 * again later. That is at-least-once, and consumers' inboxes absorb the repeats.
 */
export class KafkaPublisher implements MessagePublisher {
  private producer: Promise<Producer> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(messages) });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Producer> {
    this.producer ??= this.connect();
    return this.producer;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Kafka's own (murmur2) partitioner, so a key lands where a Java producer would put it.
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      retry: publisherRetry,
    });
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      // Forget the failed attempt, so the next publish tries to connect again.
      this.producer = undefined;
      throw error;
    }
  }
}

/** About 40 s of retries (300 ms doubling to 5 s): longer than a broker restart takes. */
export const publisherRetry = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 10 };

function groupByTopic(messages: OutgoingMessage[]) {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const { topic, key, value, headers } of messages) {
    const batch = byTopic.get(topic) ?? [];
    batch.push({ key, value, headers });
    byTopic.set(topic, batch);
  }
  return [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages }));
}
