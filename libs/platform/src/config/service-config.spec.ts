import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, defineConfig, integer, oneOf, optional, resolveFileVariables, string, url } from './config-schema.js';
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

// Docker and Kubernetes secrets arrive as files: <NAME>_FILE names the file holding NAME.
describe('credentials from files', () => {
  let folder: string;
  const fileOf = (name: string, content: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, content);
    return file;
  };
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'continuum-config-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("reads a variable from the file its _FILE names, without the file's last newline", () => {
    const secret = 'a-secret-read-from-a-mounted-file-0123456789';
    const config = intake.load({ NODE_ENV: 'production', JWT_SECRET_FILE: fileOf('jwt-secret', `${secret}\n`) });
    expect(config.JWT_SECRET).toBe(secret);
  });

  it('validates a value read from a file like any other, never echoing a secret', () => {
    const problems = problemsOf(() => intake.load({ JWT_SECRET_FILE: fileOf('short', 'too-short\n'), PORT_FILE: fileOf('port', '80x') }));
    expect(problems).toEqual([
      'PORT: not valid; expected a TCP port number between 1 and 65535 (got "80x")',
      'JWT_SECRET: not valid; expected a text of at least 32 characters (the value given is not)',
    ]);
    expect(problems.join('\n')).not.toContain('too-short');
  });

  it('refuses a variable given both directly and as a file, and a file that cannot be read', () => {
    expect(
      problemsOf(() =>
        intake.load({
          JWT_SECRET: 'x'.repeat(40),
          JWT_SECRET_FILE: fileOf('jwt-secret', 'y'.repeat(40)),
          JWT_JWKS_URL_FILE: path.join(folder, 'missing'),
        }),
      ),
    ).toEqual([
      'JWT_SECRET: set either JWT_SECRET or JWT_SECRET_FILE, not both',
      `JWT_JWKS_URL_FILE: the file "${path.join(folder, 'missing')}" cannot be read (ENOENT)`,
    ]);
  });

  it('leaves a variable that is itself a path alone', () => {
    const definition = defineConfig({ CLIENT_INDEX_FILE: optional(string()) });
    const index = fileOf('client-index.db', 'not a secret');
    expect(definition.load({ CLIENT_INDEX_FILE: index })).toEqual({ CLIENT_INDEX_FILE: index });
  });

  it('resolves the whole environment once for what reads it directly, dropping the _FILE names', () => {
    const uri = 'mongodb://continuum:pw@mongodb:27017/continuum?authSource=admin';
    const env = resolveFileVariables({ MONGODB_URI_FILE: fileOf('mongodb-uri', `${uri}\n`), LOG_LEVEL: 'warn' }, [
      'MONGODB_URI',
      'LOG_LEVEL',
    ]);
    expect(env).toEqual({ MONGODB_URI: uri, LOG_LEVEL: 'warn' });
    expect(() => resolveFileVariables({ MONGODB_URI: uri, MONGODB_URI_FILE: fileOf('again', uri) }, ['MONGODB_URI'])).toThrow(ConfigError);
  });
});
