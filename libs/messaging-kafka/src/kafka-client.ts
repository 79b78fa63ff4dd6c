import { Logger } from '@nestjs/common';
import { KafkaLogger } from '@nestjs/microservices';
import kafkajs, { type Kafka, type KafkaConfig, type logCreator } from 'kafkajs';
import { type KafkaSecurity } from '@continuum/messaging';

export type KafkaConnection = { brokers: string[]; clientId: string; security?: KafkaSecurity };

/**
 * The TLS and SASL options of every kafkajs client a service opens (KAFKA_TLS, KAFKA_TLS_CA,
 * KAFKA_SASL_*; docs/operations/README.md#kafka-tls-and-sasl): the system's authorities unless
 * KAFKA_TLS_CA names others, and the service's own SASL user.
 */
export function kafkajsSecurity(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const ssl = security.tls === false ? {} : { ssl: security.tls.ca ? { ca: [security.tls.ca] } : true };
  if (!security.sasl) return ssl;
  const { mechanism, username, password } = security.sasl;
  // kafkajs types each mechanism apart; the three share one shape.
  return { ...ssl, sasl: { mechanism, username, password } as KafkaConfig['sasl'] };
}

/**
 * Retries of the connection to the brokers: 300 ms doubling to 5 s, so a client rides out a
 * broker restart (a few seconds on our machines: infra/kafka/README.md) instead of failing.
 */
export const clientRetry = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 };

/** The kafkajs client behind the publisher, the admin and `ensureTopics`; it logs through Nest. */
export function createKafkaClient({ brokers, clientId, security }: KafkaConnection): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers,
    ...kafkajsSecurity(security),
    retry: clientRetry,
    logLevel: kafkajs.logLevel.WARN,
    logCreator: nestLogCreator,
  });
}

const nestKafkaLog = KafkaLogger(new Logger('Kafka'));

// kafkajs 2.2.4 sometimes schedules its request queue's next check with a negative delay
// (kafkajs issue 1751, open; no release since 2023). Node clamps such a timer to 1 ms, as it
// always did, but since Node 24 it also prints a TimeoutNegativeWarning to stderr — plain text
// beside the service's JSON log, once per process. That warning, and only it, is said once in
// the log instead; every other warning is printed as before.
function sayNegativeTimeoutsInTheLog(): void {
  const printers = process.listeners('warning');
  let said = false;
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') {
      for (const print of printers) print(warning);
      return;
    }
    if (said) return;
    said = true;
    new Logger('Kafka').warn('kafkajs scheduled a timer with a negative delay (kafkajs issue 1751); Node ran it after 1 ms');
  });
}
sayNegativeTimeoutsInTheLog();

// kafkajs warns whenever an idempotent producer's retries are bounded. Ours are, on purpose
// (kafka-publisher.ts): the relay republishes from its checkpoint, and the inbox drops repeats.
const BOUNDED_IDEMPOTENT_RETRIES = 'Limiting retries for the idempotent producer';

const nestLogCreator: logCreator = () => (entry) => {
  if (entry.log.message?.startsWith(BOUNDED_IDEMPOTENT_RETRIES)) return;
  nestKafkaLog(entry);
};

/** How long a probe waits for a broker to accept the connection, and then to answer. */
const PROBE_CONNECTION_TIMEOUT_MS = 1_000;
const PROBE_REQUEST_TIMEOUT_MS = 1_500;

/**
 * "Does a broker answer now?" for readiness and for waiting at start: one try, no retries, no
 * kafkajs log lines (the caller says what is wrong, naming KAFKA_BROKERS), rejecting within
 * about two seconds when no broker answers.
 */
export function createKafkaProbe({ brokers, clientId, security }: KafkaConnection): () => Promise<void> {
  const kafka = new kafkajs.Kafka({
    clientId,
    brokers,
    ...kafkajsSecurity(security),
    retry: { retries: 0 },
    connectionTimeout: PROBE_CONNECTION_TIMEOUT_MS,
    requestTimeout: PROBE_REQUEST_TIMEOUT_MS,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  return async () => {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.describeCluster();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
}
