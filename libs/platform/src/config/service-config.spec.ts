import { ConfigError, defineConfig, integer, oneOf, optional, url } from './config-schema.js';
import { DEV_JWT_SECRET, serviceConfig } from './service-config.js';

const intake = serviceConfig(
  { port: 3101, eventStoreUrl: 'sqlite:./data/intake/events.db' },
  { BUS: oneOf(['embedded', 'kafka'] as const, { default: 'embedded' }) },
);

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('service configuration', () => {
  it('runs with no environment at all on the embedded defaults', () => {
    expect(intake.load({})).toEqual({
      NODE_ENV: 'development',
      PORT: 3101,
      EVENT_STORE_URL: 'sqlite:./data/intake/events.db',
      AUTH_MODE: 'hs256',
      JWT_SECRET: DEV_JWT_SECRET,
      JWT_JWKS_URL: undefined,
      JWT_ISSUER: undefined,
      JWT_AUDIENCE: undefined,
      JWT_MAX_LIFETIME_SECONDS: 43_200,
      JWT_CLOCK_SKEW_SECONDS: 30,
      LOG_LEVEL: 'log',
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_WINDOW_SECONDS: 10,
      RATE_LIMIT_PER_ADDRESS: 1000,
      RATE_LIMIT_PER_PRINCIPAL: 500,
      RATE_LIMIT_AUTH_FAILURES: 20,
      RATE_LIMIT_AUTH_FAILURE_BLOCK_SECONDS: 300,
      ACCESS_LOG_MAX_RECORDS: 200,
      ACCESS_LOG_ENABLED: true,
      BREAK_THE_GLASS_MINUTES: 60,
      BUS: 'embedded',
    });
  });

  it('reads and converts the values it is given', () => {
    const config = intake.load({ PORT: '8080', AUTH_MODE: 'jwks', JWT_JWKS_URL: 'https://idp.example/jwks.json', BUS: 'kafka' });
    expect(config).toMatchObject({ PORT: 8080, AUTH_MODE: 'jwks', JWT_JWKS_URL: 'https://idp.example/jwks.json', BUS: 'kafka' });
  });

  it('names each bad variable, what it expects and what it got', () => {
    expect(problemsOf(() => intake.load({ PORT: 'eighty', LOG_LEVEL: 'loud', BUS: 'rabbit' }))).toEqual([
      'PORT: not valid; expected a TCP port number between 1 and 65535 (got "eighty")',
      'LOG_LEVEL: not valid; expected one of "fatal", "error", "warn", "log", "debug", "verbose" (got "loud")',
      'BUS: not valid; expected one of "embedded", "kafka" (got "rabbit")',
    ]);
  });

  it('says which variable is missing', () => {
    const definition = defineConfig({ RETRY_LIMIT: integer({ min: 1, max: 10 }), WEBHOOK: optional(url()) });
    expect(problemsOf(() => definition.load({}))).toEqual([
      'RETRY_LIMIT: missing; expected a whole number between 1 and 10 (it is not set)',
    ]);
  });

  it('never echoes a secret it refuses', () => {
    const problems = problemsOf(() => intake.load({ JWT_SECRET: 'short-secret' }));
    expect(problems).toEqual(['JWT_SECRET: not valid; expected a text of at least 32 characters (the value given is not)']);
    expect(problems.join()).not.toContain('short-secret');
  });

  it('refuses the documented development secret in production', () => {
    expect(problemsOf(() => intake.load({ NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^JWT_SECRET: the documented development secret is refused when NODE_ENV=production/),
    ]);
    expect(intake.load({ NODE_ENV: 'production', JWT_SECRET: 'a-real-random-secret-from-the-vault-0123' }).NODE_ENV).toBe('production');
  });

  it('needs a JWKS address in distributed authentication mode', () => {
    expect(problemsOf(() => intake.load({ AUTH_MODE: 'jwks' }))).toEqual([
      expect.stringMatching(/^JWT_JWKS_URL: required when AUTH_MODE=jwks/),
    ]);
  });

  it('keeps the access log on in production', () => {
    const vaultSecret = 'a-real-random-secret-from-the-vault-0123';
    expect(problemsOf(() => intake.load({ NODE_ENV: 'production', JWT_SECRET: vaultSecret, ACCESS_LOG_ENABLED: 'false' }))).toEqual([
      expect.stringMatching(/^ACCESS_LOG_ENABLED: every read of a client record must be logged in production/),
    ]);
    expect(intake.load({ ACCESS_LOG_ENABLED: 'false', ACCESS_LOG_MAX_RECORDS: '250' })).toMatchObject({
      ACCESS_LOG_ENABLED: false,
      ACCESS_LOG_MAX_RECORDS: 250,
    });
  });

  it('refuses an event store address it cannot open, naming the forms it accepts', () => {
    expect(problemsOf(() => intake.load({ EVENT_STORE_URL: 'ftp://store.example/events' }))).toEqual([
      expect.stringMatching(/^EVENT_STORE_URL scheme "ftp:" .*sqlite:/),
    ]);
    expect(intake.load({ EVENT_STORE_URL: 'kurrentdb://localhost:2113?tls=false' }).EVENT_STORE_URL).toBe(
      'kurrentdb://localhost:2113?tls=false',
    );
  });

  it('collects every problem in one error message for one restart', () => {
    expect(() => intake.load({ PORT: '0', JWT_JWKS_URL: 'ftp://idp' })).toThrow(
      /PORT: .*\n.*JWT_JWKS_URL: not valid; expected a URL starting with http:\/\/ or https:\/\//,
    );
  });
});
