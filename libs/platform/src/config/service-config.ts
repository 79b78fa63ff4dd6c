// The variables every Continuum service reads, with the embedded-mode defaults that let a
// newcomer run a service with no configuration at all.
import { parseEventStoreUrl } from '@continuum/event-store';
import {
  type ConfigDefinition,
  type ConfigOf,
  type ConfigSchema,
  boolean,
  defineConfig,
  integer,
  oneOf,
  optional,
  port,
  string,
  url,
} from './config-schema.js';

/**
 * The documented development secret: services and `npm run token` share it so local tokens
 * just work. It is public, so a service refuses it when NODE_ENV=production.
 */
export const DEV_JWT_SECRET = 'continuum-local-development-secret-never-use-in-production';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

function platformSchema(defaults: { port: number; eventStoreUrl: string }) {
  return {
    NODE_ENV: string({ default: 'development' }),
    PORT: port(defaults.port),
    EVENT_STORE_URL: string({ default: defaults.eventStoreUrl }),
    AUTH_MODE: oneOf(['hs256', 'jwks'] as const, { default: 'hs256' }),
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
    JWT_SECRET: string({ default: DEV_JWT_SECRET, minLength: 32, secret: true }),
    JWT_JWKS_URL: optional(url()),
    JWT_ISSUER: optional(string()),
    JWT_AUDIENCE: optional(string()),
    // The longest a token may be valid (exp − iat, and exp − now): a leaked token is useful
    // for at most this long. 12 hours covers one shift.
    JWT_MAX_LIFETIME_SECONDS: integer({ default: 12 * 3600, min: 60, max: 7 * 24 * 3600 }),
    // How far the identity provider's clock and ours may disagree when exp, nbf and iat are checked.
    JWT_CLOCK_SKEW_SECONDS: integer({ default: 30, min: 0, max: 300 }),
    LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'log' }),
    // Rate limits (docs/architecture/security.md#rate-limits): requests per window per client
    // address and per principal, and refused tokens per address, past which an address is
    // blocked from further failures for the block time. Off only for benchmarks.
    RATE_LIMIT_ENABLED: boolean({ default: true }),
    RATE_LIMIT_WINDOW_SECONDS: integer({ default: 10, min: 1, max: 3600 }),
    RATE_LIMIT_PER_ADDRESS: integer({ default: 1000, min: 1, max: 10_000_000 }),
    RATE_LIMIT_PER_PRINCIPAL: integer({ default: 500, min: 1, max: 10_000_000 }),
    RATE_LIMIT_AUTH_FAILURES: integer({ default: 20, min: 1, max: 10_000_000 }),
    RATE_LIMIT_AUTH_FAILURE_BLOCK_SECONDS: integer({ default: 300, min: 1, max: 86_400 }),
    // The access log (every read of a client's record): records are appended in batches, when
    // this many wait or the oldest has waited this long. A crash loses at most the last interval.
    ACCESS_LOG_MAX_RECORDS: integer({ default: 200, min: 1, max: 10_000 }),
    // Off only to measure what the log costs, never in production (checked below).
    ACCESS_LOG_ENABLED: boolean({ default: true }),
    // How long a break-the-glass grant opens a client's clinical record to someone off its care
    // team (docs/domain/roles-and-sites.md#break-the-glass).
    BREAK_THE_GLASS_MINUTES: integer({ default: 60, min: 1, max: 24 * 60 }),
    // Who may read /metrics (docs/architecture/observability.md#who-may-read-metrics): the
    // scraper sending `Authorization: Bearer <METRICS_TOKEN>`. Unset, /metrics is not served.
    METRICS_TOKEN: optional(string({ minLength: 32, secret: true })),
    // Where spans go (OTLP over HTTP, e.g. http://otel-collector:4318); unset, none leave the
    // process, though trace ids still travel and appear in the log (docs/architecture/observability.md#traces).
    OTEL_EXPORTER_OTLP_ENDPOINT: optional(url()),
  };
}

export type PlatformConfig = ConfigOf<ReturnType<typeof platformSchema>>;

/**
 * Production mode is `NODE_ENV=production`, and nothing else
 * (docs/architecture/security.md#production-mode): the development secret and a disabled
 * access log are refused, and the interactive API documentation is not served.
 */
export function isProductionMode(config: Pick<PlatformConfig, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production';
}

const platformChecks = [
  (config: PlatformConfig) => {
    try {
      parseEventStoreUrl(config.EVENT_STORE_URL);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  },
  (config: PlatformConfig) =>
    config.AUTH_MODE === 'hs256' && isProductionMode(config) && config.JWT_SECRET === DEV_JWT_SECRET
      ? 'JWT_SECRET: the documented development secret is refused when NODE_ENV=production; set JWT_SECRET to a random secret of at least 32 characters'
      : undefined,
  (config: PlatformConfig) =>
    config.AUTH_MODE === 'jwks' && !config.JWT_JWKS_URL
      ? "JWT_JWKS_URL: required when AUTH_MODE=jwks; set it to the identity provider's JWKS address (e.g. https://idp.example/.well-known/jwks.json)"
      : undefined,
  (config: PlatformConfig) =>
    !config.ACCESS_LOG_ENABLED && isProductionMode(config)
      ? 'ACCESS_LOG_ENABLED: every read of a client record must be logged in production; remove the variable or set it to true'
      : undefined,
];

/**
 * The configuration of one service: the common variables (with this service's default port
 * and event store) plus its own.
 *
 * @example serviceConfig({ port: 3101, eventStoreUrl: 'sqlite:./data/intake/events.db' }, { BUS: oneOf(['embedded', 'kafka']) })
 */
export function serviceConfig<Extra extends ConfigSchema = Record<never, never>>(
  defaults: { port: number; eventStoreUrl: string },
  extra?: Extra,
): ConfigDefinition<PlatformConfig & ConfigOf<Extra>> {
  const schema = { ...platformSchema(defaults), ...(extra ?? ({} as Extra)) };
  return defineConfig(schema, platformChecks) as unknown as ConfigDefinition<PlatformConfig & ConfigOf<Extra>>;
}
