export { kafkaTransport, TOPIC_PARTITIONS, type KafkaTransport, type KafkaTransportOptions } from './kafka-transport.js';
export { KafkaPublisher } from './kafka-publisher.js';
export { KafkaBusAdmin } from './kafka-bus-admin.js';
