import { type BusTransportAdapter } from '@continuum/messaging';

export type { KafkaTransport, KafkaTransportOptions } from './kafka-transport.js';

/**
 * Kafka as a service's transport (BUS=kafka, KAFKA_BROKERS). kafkajs is loaded only when a
 * deployment chooses Kafka: a service on the embedded bus never pays for it.
 */
export const kafkaBusTransport: BusTransportAdapter = {
  kind: 'kafka',
  open: async ({ brokers, security }, clientId) => {
    const { openKafkaBus } = await import('./kafka-bus.js');
    return openKafkaBus(brokers, security, clientId);
  },
};
