import { type KafkaOptions, Transport } from '@nestjs/microservices';
import kafkajs from 'kafkajs';
import { deadLetterTopic, type BusAdmin, type KafkaSecurity, type MessagePublisher } from '@continuum/messaging';
import { KafkaBusAdmin } from './kafka-bus-admin.js';
import { clientRetry, createKafkaClient, kafkajsSecurity } from './kafka-client.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { JsonValueDeserializer } from './json-value-deserializer.js';

export type KafkaTransportOptions = { brokers: string[]; clientId: string; group: string; security?: KafkaSecurity };

export type KafkaTransport = {
  /** For `app.connectMicroservice(...)`: @EventPattern(topic) handlers consume as `group`. */
  microserviceOptions: KafkaOptions;
  publisher(): MessagePublisher;
  admin(): BusAdmin;
  /** Creates the topics and their dead-letter topics that do not exist yet. */
  ensureTopics(topics: string[]): Promise<void>;
};

/** Enough to spread one service's consumers over three instances; the local broker's default too. */
export const TOPIC_PARTITIONS = 3;

/*
 * What Nest's ServerKafka (@nestjs/microservices 12.1.1, server/server-kafka.js) does with an
 * @EventPattern handler — read from the source and checked in kafka-transport.int.spec.ts:
 *
 * - It consumes with kafkajs `eachMessage`. kafkajs marks a message's offset as consumed only
 *   after `eachMessage` resolved, and commits consumed offsets (autoCommit) at the end of each
 *   fetched batch. ServerKafka's `handleEvent` awaits the handler: the returned promise, or the
 *   returned observable to its last value (`lastValueFrom`). So an offset is committed only
 *   after the handler completed; a crash mid-batch redelivers the rest of that batch.
 * - Errors are NOT swallowed for Kafka (ServerKafka sets `propagatesEventHandlerErrors`): the
 *   exception filter turns a thrown error into an erroring observable, `handleEvent` rejects,
 *   kafkajs does not mark the offset, and fetches the same message again after its retry
 *   backoff (consumer `retry`), then crashes and restarts the consumer, over and over. Nothing
 *   is lost, but a poison message blocks its partition — and the whole consumer's fetching —
 *   for good. The reliability interceptor (retry, then dead letter, then complete normally) is
 *   what lets the partition move on.
 * - A handler (or interceptor) whose observable completes WITHOUT emitting fails too:
 *   `lastValueFrom` rejects with EmptyError, so the message is redelivered. An interceptor
 *   that swallows an error must emit a value (e.g. `of(undefined)`), not return EMPTY.
 * - kafkajs takes a TypeError, RangeError, ReferenceError or SyntaxError reaching it as
 *   unrecoverable: the consumer crashes and is not restarted. Nest's default exception filter
 *   turns every handler error into a plain `{ status, message }` object first, so this bites
 *   only an exception filter that rethrows the original error (read from the source only).
 * - Each partition's messages are handled one at a time, in partition order; the partitions of
 *   one fetch are handled side by side (`partitionsConsumedConcurrently`, set below), as the
 *   embedded bus does too.
 */
export function kafkaTransport({ brokers, clientId, group, security }: KafkaTransportOptions): KafkaTransport {
  const kafka = createKafkaClient({ brokers, clientId, security });
  return {
    microserviceOptions: {
      transport: Transport.KAFKA,
      options: {
        // Nest appends '-server' to the client and group ids unless told otherwise; lag checks
        // and operators name the group exactly as configured.
        postfixId: '',
        client: { clientId, brokers, retry: clientRetry, ...kafkajsSecurity(security) },
        consumer: {
          groupId: group,
          // kafkajs waits up to 5 s for data on an empty partition by default; a consumer of
          // several partitions then hands messages on seconds late.
          maxWaitTimeInMs: 100,
          allowAutoTopicCreation: true,
          // A service instance that died leaves the group within 15 s; its partitions move on.
          sessionTimeout: 15_000,
          heartbeatInterval: 1_000,
        },
        subscribe: { fromBeginning: true },
        // kafkajs handles one fetch's partitions one after another by default: a message then
        // waits behind every message of the other partitions, each with its inbox sync. Side by
        // side, the inbox records of that moment share one sync (wal-sync.ts).
        run: { autoCommit: true, partitionsConsumedConcurrently: TOPIC_PARTITIONS },
        // ServerKafka also opens a producer (for request-reply, which we do not use).
        producer: { createPartitioner: kafkajs.Partitioners.DefaultPartitioner },
        deserializer: new JsonValueDeserializer(),
      },
    },
    publisher: () => new KafkaPublisher(kafka),
    admin: () => new KafkaBusAdmin(kafka),
    ensureTopics: async (topics) => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const missing = [...new Set(topics.flatMap((topic) => [topic, deadLetterTopic(topic)]))].filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        // Another process may create the same topics at the same moment: kafkajs answers
        // `false` rather than throwing when all of them already exist.
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
        });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
