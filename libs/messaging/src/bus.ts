// The event bus port. Two transports implement it — Apache Kafka (kafkajs through
// @nestjs/microservices) and the embedded bus (a durable log in SQLite) — and one contract
// suite holds both to the same behaviour. Services publish only through the relay, and
// consume only through @EventPattern handlers, which are the same code on both transports.

/** Header names every message carries (docs/architecture/integration-events.md#the-integration-event). Values are ids and codes only. */
export const HEADERS = {
  eventId: 'continuum-event-id',
  type: 'continuum-event-type',
  schemaVersion: 'continuum-schema-version',
  correlationId: 'continuum-correlation-id',
  causationId: 'continuum-causation-id',
  siteId: 'continuum-site-id',
  /** The W3C trace context of the append that recorded the event (docs/architecture/observability.md#traces). */
  traceparent: 'traceparent',
  /** On a dead letter: the last error, the attempts made, and where the message came from. */
  error: 'continuum-dlq-error',
  attempts: 'continuum-dlq-attempts',
  originalTopic: 'continuum-dlq-original-topic',
  originalPartition: 'continuum-dlq-original-partition',
  originalOffset: 'continuum-dlq-original-offset',
  consumerGroup: 'continuum-dlq-consumer-group',
} as const;

export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

export type OutgoingMessage = {
  topic: string;
  /** The partition key: the client id, so one client's events stay in order. */
  key: string;
  /** The serialized integration event (JSON). */
  value: string;
  headers: Record<string, string>;
};

export type DeliveredMessage = OutgoingMessage & {
  partition: number;
  /** Kafka's offset notation: a decimal string. */
  offset: string;
};

export interface MessagePublisher {
  /**
   * Resolves only once the transport has durably acknowledged every message (Kafka: acks=all;
   * embedded: committed to the SQLite log). Messages with the same key keep their order.
   */
  publish(messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** What operators and health checks ask of a transport. */
export interface BusAdmin {
  /** Messages in `topics` not yet committed by `group` (summed over partitions). */
  consumerLag(group: string, topics: string[]): Promise<number>;
  /** The dead letters of a topic, oldest first. */
  readDeadLetters(topic: string, options?: { limit?: number }): Promise<DeliveredMessage[]>;
  close(): Promise<void>;
}

export const MESSAGE_PUBLISHER = Symbol.for('continuum.MessagePublisher');
export const BUS_ADMIN = Symbol.for('continuum.BusAdmin');
