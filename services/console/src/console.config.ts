// What the console reads from its environment: the platform's variables (NODE_ENV, JWT_SECRET,
// LOG_LEVEL…) with the console's port, plus where each service's API answers and how long a
// session lasts. The console keeps no events: EVENT_STORE_URL is read by the platform schema
// only, and ignored here.
import { type ConfigDefinition, integer, optional, serviceConfig, string, url } from '@continuum/platform';

/** The services the console calls on the user's behalf, by the name the browser uses for them. */
export const UPSTREAM_SERVICES = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare', 'audit'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

export const CONSOLE_DEFAULT_PORT = 3100;

const consoleSettings = {
  INTAKE_URL: url({ default: 'http://localhost:3101' }),
  TREATMENT_PLAN_URL: url({ default: 'http://localhost:3102' }),
  DUAL_DIAGNOSIS_URL: url({ default: 'http://localhost:3103' }),
  AFTERCARE_URL: url({ default: 'http://localhost:3104' }),
  AUDIT_URL: url({ default: 'http://localhost:3105' }),
  // A session ends after this long without a request, and after SESSION_MAX_SECONDS whatever happens.
  SESSION_IDLE_SECONDS: integer({ default: 30 * 60, min: 60, max: 12 * 3600 }),
  SESSION_MAX_SECONDS: integer({ default: 12 * 3600, min: 300, max: 12 * 3600 }),
  // Signing in through the network's OpenID Connect provider (authorisation code + PKCE): on
  // when OIDC_ISSUER_URL is set (docs/architecture/console.md#signing-in).
  OIDC_ISSUER_URL: optional(url()),
  OIDC_CLIENT_ID: string({ default: 'continuum-console' }),
  OIDC_CLIENT_SECRET: string({ default: 'continuum-console-development-secret', secret: true }),
  // Where the browser reaches the console, for the redirect URI the provider knows; else the request's own origin.
  CONSOLE_PUBLIC_URL: optional(url()),
};

const definition = serviceConfig({ port: CONSOLE_DEFAULT_PORT, eventStoreUrl: 'sqlite:./data/events.db' }, consoleSettings);
export type ConsoleConfig = ReturnType<typeof definition.load>;

/** CONSOLE_PORT names the console's port where PORT is meant for another service; else PORT, else 3100. */
export const consoleServiceConfig: ConfigDefinition<ConsoleConfig> = {
  variables: [...definition.variables, 'CONSOLE_PORT'],
  load: (env = process.env) => definition.load({ ...env, PORT: env.CONSOLE_PORT?.trim() || env.PORT }),
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
