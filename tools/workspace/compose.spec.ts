// docker-compose.yml is never started where Continuum is developed (no Docker engine), so CI
// reads it the way `docker compose up` would: against the Compose Specification's JSON schema
// (vendored beside this file, see compose-spec/README.md), and each of our services' environment
// against that service's own configuration (the very definitions its main.ts loads), with the
// rules of the distributed mode (docs/operations/README.md#the-compose-stack) on top.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { type ConfigDefinition, ConfigError } from '@continuum/platform';
import { messagingConfig } from '@continuum/messaging';
import { intakeServiceConfig } from '@continuum/intake/intake.config.js';
import { treatmentPlanServiceConfig } from '@continuum/treatment-plan/treatment-plan.config.js';
import { dualDiagnosisServiceConfig } from '@continuum/dual-diagnosis/dual-diagnosis.config.js';
import { aftercareServiceConfig } from '@continuum/aftercare/aftercare.config.js';
import { auditServiceConfig } from '@continuum/audit/audit.config.js';
import { consoleServiceConfig } from '@continuum/console/console.config.js';

const root = path.resolve(import.meta.dirname, '../..');
// Draft 07, Ajv's own default; the file names the meta-schema by an https address Ajv does not
// register under that name, so it is compiled without that one key.
const { $schema: _draft07, ...schema } = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'compose-spec/compose-spec.json'), 'utf8'),
) as {
  $schema: string;
};

type Service = {
  image?: string;
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number | boolean> | string[];
  secrets?: (string | { source: string; target?: string })[];
  ports?: (string | { published?: string | number })[];
  volumes?: (string | { source?: string; target: string })[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string; required?: boolean }> | string[];
  profiles?: string[];
};
type Compose = { services: Record<string, Service>; secrets?: Record<string, unknown> };

/** Each Dockerfile SERVICE: the configuration it loads at boot, and whether it is on the bus. */
const SERVICES: Record<string, { config: ConfigDefinition<unknown>; onBus: boolean; port: number }> = {
  intake: { config: intakeServiceConfig, onBus: true, port: 3101 },
  'treatment-plan': { config: treatmentPlanServiceConfig, onBus: true, port: 3102 },
  'dual-diagnosis': { config: dualDiagnosisServiceConfig, onBus: true, port: 3103 },
  aftercare: { config: aftercareServiceConfig, onBus: true, port: 3104 },
  audit: { config: auditServiceConfig, onBus: false, port: 3105 },
  console: { config: consoleServiceConfig, onBus: false, port: 3100 },
};

function readCompose(): Compose {
  return parse(interpolated(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')), { merge: true }) as Compose;
}

/** Compose's interpolation with nothing set on the host: `${NAME:-default}` takes its default; a variable without one is a problem. */
function interpolated(text: string): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$$';
    if (fallback === undefined) throw new Error(`docker-compose.yml needs \${${name}} set on the host: give it a default or document it`);
    return fallback;
  });
}

function environmentOf(service: Service): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)] as [string, string]);
  return Object.fromEntries(entries);
}

const secretsOf = (service: Service) => (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));

/**
 * Every problem `docker compose up` would meet before a service answers: a variable its
 * configuration refuses or lacks, a file-fed variable whose secret is not mounted, an event
 * store, bus or read store left at its embedded default.
 */
function environmentProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const kind = service.build?.args?.SERVICE;
    if (service.build && !service.image && kind === undefined) continue; // not a Continuum service image (the identity provider)
    const known = kind === undefined ? undefined : SERVICES[kind];
    if (!known) continue;
    const env = environmentOf(service);
    // A file's content is the operator's: it must be mounted; what it says is checked at boot.
    const fromFiles = new Set<string>();
    for (const [variable, file] of Object.entries(env).filter(([variable]) => variable.endsWith('_FILE'))) {
      const target = variable.slice(0, -'_FILE'.length);
      if (!known.config.variables.includes(target)) continue;
      const secret = /^\/run\/secrets\/([^/]+)$/.exec(file)?.[1];
      if (!secret || !secretsOf(service).includes(secret) || !compose.secrets?.[secret]) {
        problems.push(`${name}: ${variable} names ${file}, which is not a secret mounted into the service`);
      }
      delete env[variable];
      env[target] = `<the content of ${file}>`;
      fromFiles.add(target);
    }
    const checks: ConfigDefinition<unknown>[] = known.onBus ? [known.config, messagingConfig] : [known.config];
    for (const definition of checks) {
      try {
        definition.load(env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(
          ...error.problems.filter((problem) => ![...fromFiles].some((v) => problem.startsWith(v))).map((p) => `${name}: ${p}`),
        );
      }
    }
    if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV must be production in the stack`);
    if (kind !== 'console' && !env.EVENT_STORE_URL)
      problems.push(`${name}: EVENT_STORE_URL is not set: it would write to a file of its own`);
    if (known.onBus) {
      if (env.BUS !== 'kafka') problems.push(`${name}: BUS must be kafka in the stack`);
      if (!env.READ_STORE_URL && !env.MONGODB_URI)
        problems.push(`${name}: neither READ_STORE_URL nor MONGODB_URI is set: read models would stay in a local file`);
    }
  }
  return problems;
}

/** What a first start needs of every container: a pinned image, a healthcheck, dependencies that wait for health. */
function stackProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.image && !/:[^:@]*\d+\.\d+[^:@]*$|@sha256:[0-9a-f]{64}$/.test(service.image)) {
      problems.push(`${name}: image ${service.image} is not pinned to an explicit version`);
    }
    if (!service.healthcheck?.test || service.healthcheck.disable) problems.push(`${name}: no healthcheck`);
    const dependsOn = service.depends_on ?? {};
    if (Array.isArray(dependsOn)) problems.push(`${name}: depends_on must wait for each dependency's health`);
    else
      for (const [dependency, { condition }] of Object.entries(dependsOn)) {
        if (condition !== 'service_healthy') problems.push(`${name}: depends on ${dependency} without condition service_healthy`);
        if (!compose.services[dependency]) problems.push(`${name}: depends on ${dependency}, which the file does not define`);
      }
  }
  return problems;
}

/** Service → host ports it publishes. */
function publishedPorts(compose: Compose): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(compose.services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name, service]) => [
        name,
        (service.ports ?? []).map((port) => (typeof port === 'string' ? port.split(':').slice(0, -1).join(':') : String(port.published))),
      ]),
  );
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('docker-compose.yml', () => {
  const compose = readCompose();

  it('is valid against the Compose Specification', () => {
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it("sets every variable each service's configuration requires, with values it accepts", () => {
    expect(environmentProblems(compose)).toEqual([]);
  });

  it('pins every image, checks every container and waits for health before starting a dependant', () => {
    expect(stackProblems(compose)).toEqual([]);
  });

  it('publishes only the console and the APIs', () => {
    const expected = Object.fromEntries(Object.entries(SERVICES).map(([name, { port }]) => [name, [String(port)]]));
    expect(publishedPorts(compose)).toEqual(expected);
  });

  it("keeps Kafka's log on its volume and gives the services an internal listener of their own", () => {
    const kafka = environmentOf(compose.services.kafka!);
    const volumeTargets = (compose.services.kafka!.volumes ?? []).map((volume) =>
      typeof volume === 'string' ? volume.split(':')[1] : volume.target,
    );
    expect(volumeTargets).toContain(kafka.KAFKA_LOG_DIRS);
    const advertised = kafka.KAFKA_ADVERTISED_LISTENERS!.split(',');
    expect(advertised).toContain('INTERNAL://kafka:9092');
    expect(advertised.filter((listener) => !listener.startsWith('INTERNAL://'))).toEqual([expect.stringMatching(/^EXTERNAL:\/\/.+:9094$/)]);
    expect(kafka.KAFKA_INTER_BROKER_LISTENER_NAME).toBe('INTERNAL');
    expect(environmentOf(compose.services.intake!).KAFKA_BROKERS).toBe('kafka:9092');
  });

  it('keeps KurrentDB as the alternative event store, started only with its profile', () => {
    expect(compose.services.kurrentdb?.profiles).toEqual(['kurrentdb']);
    expect(compose.services.postgres?.profiles).toBeUndefined();
  });
});

// The checks above would catch what a first `docker compose up` meets: each is shown failing on a broken copy.
describe('the compose checks', () => {
  const broken = () => readCompose();

  it('refuse a file the Compose Specification does not allow', () => {
    const compose = broken();
    (compose.services.intake!.depends_on as Record<string, { condition: string }>).kafka!.condition = 'service_ready';
    expect(validate(compose)).toBe(false);
  });

  it('name a service left without a variable its configuration needs', () => {
    const compose = broken();
    const intake = compose.services.intake!.environment as Record<string, string>;
    delete intake.JWT_JWKS_URL;
    delete intake.KAFKA_BROKERS;
    (compose.services['treatment-plan']!.environment as Record<string, string>).PORT = '99999';
    expect(environmentProblems(compose)).toEqual([
      expect.stringMatching(/^intake: JWT_JWKS_URL: required when AUTH_MODE=jwks/),
      expect.stringMatching(/^intake: KAFKA_BROKERS: required when BUS=kafka/),
      expect.stringMatching(/^treatment-plan: PORT: not valid/),
    ]);
  });

  it('name a file-fed variable whose secret is not mounted, and an event store left at its default', () => {
    const compose = broken();
    compose.services.audit!.secrets = [];
    const env = compose.services.aftercare!.environment as Record<string, string>;
    delete env.EVENT_STORE_URL_FILE;
    expect(environmentProblems(compose)).toEqual([
      'aftercare: EVENT_STORE_URL is not set: it would write to a file of its own',
      'audit: EVENT_STORE_URL_FILE names /run/secrets/event-store-url, which is not a secret mounted into the service',
    ]);
  });

  it('name an unpinned image, a missing healthcheck and a dependency that does not wait for health', () => {
    const compose = broken();
    compose.services.mongodb!.image = 'mongo:latest';
    delete compose.services.postgres!.healthcheck;
    (compose.services.audit!.depends_on as Record<string, { condition: string }>).oidc!.condition = 'service_started';
    expect(stackProblems(compose)).toEqual([
      'postgres: no healthcheck',
      'mongodb: image mongo:latest is not pinned to an explicit version',
      'audit: depends on oidc without condition service_healthy',
    ]);
  });
});
