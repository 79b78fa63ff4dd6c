import { type BusTransport, type KafkaSecurity } from '@continuum/messaging';
import { createKafkaProbe } from './kafka-client.js';
import { kafkaTransport } from './kafka-transport.js';

/** Kafka as a service's transport: one publisher and admin per process, one consumer per group. */
export function openKafkaBus(brokers: readonly string[], security: KafkaSecurity, clientId: string): BusTransport {
  const kafka = (group: string) => kafkaTransport({ brokers: [...brokers], clientId, group, security });
  const shared = kafka(`${clientId}-publisher`);
  const publisher = shared.publisher();
  const admin = shared.admin();
  const probe = createKafkaProbe({ brokers: [...brokers], clientId: `${clientId}-probe`, security });
  return {
    kind: 'kafka',
    publisher,
    admin,
    consumerOptions: (group) => kafka(group).microserviceOptions,
    ensureTopics: (topics) => shared.ensureTopics(topics),
    description: `Kafka brokers ${brokers.join(', ')} (KAFKA_BROKERS)${describeSecurity(security)}`,
    probe,
    close: async () => {
      await publisher.close();
      await admin.close();
    },
  };
}

/** `, TLS, SASL scram-sha-512` — what the connection is, never the user or the password. */
function describeSecurity({ tls, sasl }: KafkaSecurity): string {
  return [tls === false ? '' : ', TLS', sasl ? `, SASL ${sasl.mechanism}` : ''].join('');
}
