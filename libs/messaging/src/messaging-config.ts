import { type ConfigOf, boolean, defineConfig, integer, oneOf, optional, string } from '@continuum/platform';
import { sqliteFilePath } from '@continuum/event-store';

// What picks and tunes the bus: read once at boot by services, the dead-letter tool and the
// benchmark alike, so all of them reach the same bus from the same environment.

export const messagingSchema = {
  /** embedded (default) | kafka; unset with KAFKA_BROKERS set means kafka. */
  BUS: optional(oneOf(['embedded', 'kafka'] as const)),
  KAFKA_BROKERS: optional(string()),
  /** TLS to the brokers (a `SSL` or `SASL_SSL` listener). */
  KAFKA_TLS: boolean({ default: false }),
  /** PEM certificates of the authorities the brokers' certificates chain to, when not the system's; usually KAFKA_TLS_CA_FILE. */
  KAFKA_TLS_CA: optional(string()),
  /** SASL on the brokers' listener: plain | scram-sha-256 | scram-sha-512, with the service's own user. */
  KAFKA_SASL_MECHANISM: optional(oneOf(['plain', 'scram-sha-256', 'scram-sha-512'] as const)),
  KAFKA_SASL_USERNAME: optional(string()),
  /** Usually KAFKA_SASL_PASSWORD_FILE (docs/operations/README.md#credentials-from-files). */
  KAFKA_SASL_PASSWORD: optional(string({ secret: true })),
  /** Where services keep their files: the embedded bus, inboxes, relay checkpoints. */
  DATA_DIR: string({ default: './data' }),
  /** The embedded bus's log; default `sqlite:<DATA_DIR>/bus.db`. */
  BUS_URL: optional(string()),
  BUS_MAX_ATTEMPTS: integer({ default: 5, min: 1, max: 100 }),
  BUS_RETRY_BASE_MS: integer({ default: 200, min: 0, max: 60_000 }),
  /** Readiness turns down when the consumer group has more messages than this to handle. */
  BUS_CONSUMER_LAG_MAX: integer({ default: 1000, min: 0, max: 100_000_000 }),
  /** Readiness turns down when the relay has more of the service's events than this to publish. */
  BUS_RELAY_LAG_MAX: integer({ default: 1000, min: 0, max: 100_000_000 }),
  /** Readiness turns down, and the relay warns, when a publish has waited this long for the bus. */
  BUS_RELAY_STALL_MS: integer({ default: 5000, min: 100, max: 600_000 }),
};

export type MessagingConfig = ConfigOf<typeof messagingSchema>;

export const messagingConfig = defineConfig(messagingSchema, [
  (config) =>
    config.BUS === 'kafka' && !config.KAFKA_BROKERS
      ? 'KAFKA_BROKERS: required when BUS=kafka; set it to the brokers, comma-separated (e.g. 127.0.0.1:9092), or set BUS=embedded'
      : undefined,
  (config) =>
    config.KAFKA_SASL_MECHANISM && !(config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD)
      ? `KAFKA_SASL_MECHANISM: ${config.KAFKA_SASL_MECHANISM} needs the service's user: set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`
      : undefined,
  // SASL/PLAIN sends the password itself: never over a connection anyone on the path can read.
  (config) =>
    config.KAFKA_SASL_MECHANISM === 'plain' && !config.KAFKA_TLS
      ? 'KAFKA_SASL_MECHANISM: plain sends the password in clear; set KAFKA_TLS=true (a SASL_SSL listener) or use scram-sha-512'
      : undefined,
  // Named after the variable that was given: a password alone is refused as KAFKA_SASL_PASSWORD.
  (config) =>
    (config.KAFKA_SASL_USERNAME || config.KAFKA_SASL_PASSWORD) && !config.KAFKA_SASL_MECHANISM
      ? `${config.KAFKA_SASL_USERNAME ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD'}: set KAFKA_SASL_MECHANISM too (plain, scram-sha-256 or scram-sha-512), or leave the user and password unset`
      : undefined,
  (config) =>
    config.KAFKA_TLS_CA && !config.KAFKA_TLS ? 'KAFKA_TLS_CA: certificates for TLS, which is off; set KAFKA_TLS=true' : undefined,
]);

/** What every transport shares: where the files are, the retries, and when readiness turns down. */
type CommonBusSettings = {
  dataDir: string;
  maxAttempts: number;
  retryBaseMs: number;
  consumerLagMax: number;
  relayLagMax: number;
  relayStallMs: number;
};

/** How a service proves itself to the brokers and checks them: TLS, and SASL with its own user. */
export type KafkaSecurity = {
  tls: false | { ca?: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
};

export type BusSettings = ({ kind: 'embedded'; path: string } | { kind: 'kafka'; brokers: string[]; security: KafkaSecurity }) &
  CommonBusSettings;

/** Reads and validates the bus variables; throws ConfigError naming each bad one. */
export function busSettingsFrom(env: Record<string, string | undefined> = process.env): BusSettings {
  const config = messagingConfig.load(env);
  const retries: CommonBusSettings = {
    dataDir: config.DATA_DIR,
    maxAttempts: config.BUS_MAX_ATTEMPTS,
    retryBaseMs: config.BUS_RETRY_BASE_MS,
    consumerLagMax: config.BUS_CONSUMER_LAG_MAX,
    relayLagMax: config.BUS_RELAY_LAG_MAX,
    relayStallMs: config.BUS_RELAY_STALL_MS,
  };
  const kind = config.BUS ?? (config.KAFKA_BROKERS ? 'kafka' : 'embedded');
  if (kind === 'kafka') {
    const brokers = (config.KAFKA_BROKERS ?? '')
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0);
    const security: KafkaSecurity = {
      tls: config.KAFKA_TLS ? (config.KAFKA_TLS_CA ? { ca: config.KAFKA_TLS_CA } : {}) : false,
      ...(config.KAFKA_SASL_MECHANISM
        ? {
            sasl: {
              mechanism: config.KAFKA_SASL_MECHANISM,
              username: config.KAFKA_SASL_USERNAME as string,
              password: config.KAFKA_SASL_PASSWORD as string,
            },
          }
        : {}),
    };
    return { kind, brokers, security, ...retries };
  }
  return { kind, path: sqliteFilePath(config.BUS_URL ?? `sqlite:${config.DATA_DIR}/bus.db`), ...retries };
}
