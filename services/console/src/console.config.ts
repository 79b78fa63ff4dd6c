// What the console reads from its environment: the platform's variables (NODE_ENV, JWT_SECRET,
// LOG_LEVEL…) with the console's port, plus where each service's API answers and how long a
// session lasts. The console keeps no events: it reads the services' store at EVENT_STORE_URL
// (the platform's variable) for the work queues' live changes only.
import path from 'node:path';
import {
  ConfigError,
  type ConfigDefinition,
  boolean,
  integer,
  isProductionMode,
  optional,
  serviceConfig,
  string,
  url,
} from '@continuum/platform';

/** The services the console calls on the user's behalf, by the name the browser uses for them. */
export const UPSTREAM_SERVICES = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare', 'audit'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

export const CONSOLE_DEFAULT_PORT = 3100;

/** infra/oidc's client secret for the console: public, so refused in production mode. */
export const DEV_OIDC_CLIENT_SECRET = 'continuum-console-development-secret';

const consoleSettings = {
  INTAKE_URL: url({ default: 'http://localhost:3101' }),
  TREATMENT_PLAN_URL: url({ default: 'http://localhost:3102' }),
  DUAL_DIAGNOSIS_URL: url({ default: 'http://localhost:3103' }),
  AFTERCARE_URL: url({ default: 'http://localhost:3104' }),
  AUDIT_URL: url({ default: 'http://localhost:3105' }),
  // A session ends after this long without a request, and after SESSION_MAX_SECONDS whatever happens.
  SESSION_IDLE_SECONDS: integer({ default: 30 * 60, min: 60, max: 12 * 3600 }),
  SESSION_MAX_SECONDS: integer({ default: 12 * 3600, min: 300, max: 12 * 3600 }),
  // The key the session store seals its rows with (docs/architecture/console.md#sessions); or
  // SESSION_SECRET_FILE. Required but in embedded mode, where a documented default serves.
  SESSION_SECRET: optional(string({ minLength: 32, secret: true })),
  // The console's data folder is <DATA_DIR>/console, as every service's is <DATA_DIR>/<service>.
  DATA_DIR: string({ default: './data' }),
  // Signing in through the network's OpenID Connect provider (authorisation code + PKCE): on
  // when OIDC_ISSUER_URL is set (docs/architecture/console.md#signing-in).
  OIDC_ISSUER_URL: optional(url()),
  OIDC_CLIENT_ID: string({ default: 'continuum-console' }),
  // The development provider's secret is the default; refused in production mode (infra/oidc's default too).
  OIDC_CLIENT_SECRET: string({ default: DEV_OIDC_CLIENT_SECRET, secret: true }),
  // In production mode the issuer must be https: the console sends the client secret and the
  // code there. Only a stack running the development provider without TLS (the compose stack)
  // sets this; never with a real identity provider.
  OIDC_ALLOW_HTTP_ISSUER: boolean({ default: false }),
  // Where the browser reaches the console, for the redirect URI the provider knows; else the request's own origin.
  CONSOLE_PUBLIC_URL: optional(url()),
};

const definition = serviceConfig({ port: CONSOLE_DEFAULT_PORT, eventStoreUrl: 'sqlite:./data/events.db' }, consoleSettings);
export type ConsoleConfig = ReturnType<typeof definition.load>;

/**
 * The documented development key of the session store: public, so only embedded mode (outside
 * production mode, the services trusting the console's own tokens) may use it.
 */
export const DEV_SESSION_SECRET = 'continuum-console-development-session-secret';

/** Embedded mode: outside production mode, the services trusting the console's own tokens (the development sign-in exists). */
export function isEmbeddedConsole(config: Pick<ConsoleConfig, 'NODE_ENV' | 'AUTH_MODE'>): boolean {
  return !isProductionMode(config) && config.AUTH_MODE === 'hs256';
}

/** The session store's key: SESSION_SECRET, or in embedded mode the development default. */
export function sessionSecretOf(config: Pick<ConsoleConfig, 'SESSION_SECRET'>): string {
  return config.SESSION_SECRET ?? DEV_SESSION_SECRET;
}

export function sessionStoreFileOf(config: Pick<ConsoleConfig, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'console', 'sessions.db');
}

const consoleChecks: Array<(config: ConsoleConfig) => string | undefined> = [
  (config) =>
    !isEmbeddedConsole(config) && (config.SESSION_SECRET === undefined || config.SESSION_SECRET === DEV_SESSION_SECRET)
      ? 'SESSION_SECRET: required outside embedded mode (production mode, or AUTH_MODE=jwks): set SESSION_SECRET or SESSION_SECRET_FILE to a random secret of at least 32 characters'
      : undefined,
  (config) =>
    isProductionMode(config) && config.OIDC_ISSUER_URL !== undefined && config.OIDC_CLIENT_SECRET === DEV_OIDC_CLIENT_SECRET
      ? "OIDC_CLIENT_SECRET: the development provider's documented secret is refused when NODE_ENV=production; set OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE to the console's secret at the identity provider"
      : undefined,
  (config) =>
    isProductionMode(config) && config.OIDC_ISSUER_URL?.startsWith('http:') && !config.OIDC_ALLOW_HTTP_ISSUER
      ? 'OIDC_ISSUER_URL: a plain-HTTP identity provider is refused when NODE_ENV=production (the client secret and codes would travel in clear); use its https address'
      : undefined,
];

/** CONSOLE_PORT names the console's port where PORT is meant for another service; else PORT, else 3100. */
export const consoleServiceConfig: ConfigDefinition<ConsoleConfig> = {
  variables: [...definition.variables, 'CONSOLE_PORT'],
  load: (env = process.env) => {
    const config = definition.load({ ...env, PORT: env.CONSOLE_PORT?.trim() || env.PORT });
    const problems = consoleChecks.map((check) => check(config)).filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  },
};

export function upstreamUrlOf(config: ConsoleConfig, service: UpstreamService): string {
  const byService: Record<UpstreamService, string> = {
    intake: config.INTAKE_URL,
    'treatment-plan': config.TREATMENT_PLAN_URL,
    'dual-diagnosis': config.DUAL_DIAGNOSIS_URL,
    aftercare: config.AFTERCARE_URL,
    audit: config.AUDIT_URL,
  };
  return byService[service].replace(/\/+$/, '');
}
