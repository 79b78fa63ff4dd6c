import { type BusTransportAdapter } from '@continuum/messaging';
import { createKafkaProbe } from './kafka-client.js';
import { kafkaTransport } from './kafka-transport.js';

export { kafkaTransport, TOPIC_PARTITIONS, type KafkaTransport, type KafkaTransportOptions } from './kafka-transport.js';
export { KafkaPublisher } from './kafka-publisher.js';
export { KafkaBusAdmin } from './kafka-bus-admin.js';

/** Kafka as a service's transport (BUS=kafka, KAFKA_BROKERS): one publisher and admin per process, one consumer per group. */
export const kafkaBusTransport: BusTransportAdapter = {
  kind: 'kafka',
  open: async ({ brokers }, clientId) => {
    const kafka = (group: string) => kafkaTransport({ brokers, clientId, group });
    const shared = kafka(`${clientId}-publisher`);
    const publisher = shared.publisher();
    const admin = shared.admin();
    const probe = createKafkaProbe({ brokers, clientId: `${clientId}-probe` });
    return {
      kind: 'kafka',
      publisher,
      admin,
      consumerOptions: (group) => kafka(group).microserviceOptions,
      ensureTopics: (topics) => shared.ensureTopics(topics),
      description: `Kafka brokers ${brokers.join(', ')} (KAFKA_BROKERS)`,
      probe,
      close: async () => {
        await publisher.close();
        await admin.close();
      },
    };
  },
};
