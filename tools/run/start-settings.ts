// What `npm start` runs where: which services, on which ports, with which data folder, from
// its command line and the environment (pure, so that the precedence is tested on its own).
//
// A service's port: --ports <name>=<port>, else <NAME>_PORT (INTAKE_PORT, TREATMENT_PLAN_PORT,
// DUAL_DIAGNOSIS_PORT, AFTERCARE_PORT, AUDIT_PORT), else PORT when it is the only service
// started, else the base (--port-base, else PORT_BASE, else 3101) plus its place in SERVICES.
// PORT with several services names no one of them: it is left out, with a notice (each child
// gets its own PORT; one exported in the shell would otherwise send all of them to one port).
// The data folder: --data-dir, else DATA_DIR; given either way, the event store is put there
// too (EVENT_STORE_URL=sqlite:<dir>/events.db) unless EVENT_STORE_URL is set. Given neither,
// nothing is set: the services' defaults, ./data and sqlite:./data/events.db.
import path from 'node:path';
import { usageError, wholeNumber } from '../cli/command-line.js';

export const SERVICES = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const DEFAULT_PORT_BASE = 3101;

export type StartOptions = { ports?: readonly string[]; 'port-base'?: string; 'data-dir'?: string };

export type StartSettings = {
  services: ReadonlyArray<{ name: ServiceName; port: number; env: Record<string, string> }>;
  /** The folder the services keep their files in, absolute; undefined: their default, ./data. */
  dataDir: string | undefined;
  /** Lines for stderr: a setting that is not used, and why. */
  notices: string[];
};

export const portVariableOf = (service: ServiceName) => `${service.toUpperCase().replace(/-/g, '_')}_PORT`;

const isService = (name: string): name is ServiceName => (SERVICES as readonly string[]).includes(name);
const port = (value: string, source: string) => wholeNumber(value, source, { fallback: 0, min: 1, max: 65_535 });

export function startSettingsFrom(
  options: StartOptions,
  positionals: readonly string[],
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): StartSettings {
  const unknown = positionals.filter((name) => !isService(name));
  if (unknown.length)
    usageError(`there is no service ${unknown.map((name) => `"${name}"`).join(', ')}: the services are ${SERVICES.join(', ')}`);
  const chosen = positionals.length ? SERVICES.filter((name) => positionals.includes(name)) : [...SERVICES];

  const fromFlag = new Map<ServiceName, number>();
  for (const entry of (options.ports ?? [])
    .flatMap((list) => list.split(','))
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name = '', value, ...rest] = entry.split('=');
    if (value === undefined || rest.length)
      usageError(`--ports takes <service>=<port>, comma-separated, e.g. intake=4101,audit=4105 (got "${entry}")`);
    if (!isService(name)) usageError(`--ports names no service "${name}": the services are ${SERVICES.join(', ')}`);
    fromFlag.set(name, port(value, `--ports ${name}`));
  }

  const baseFrom =
    options['port-base'] !== undefined
      ? { value: options['port-base'], source: '--port-base' }
      : env.PORT_BASE?.trim()
        ? { value: env.PORT_BASE, source: 'PORT_BASE' }
        : undefined;
  const base = baseFrom
    ? wholeNumber(baseFrom.value, baseFrom.source, { fallback: DEFAULT_PORT_BASE, min: 1, max: 65_535 - (SERVICES.length - 1) })
    : DEFAULT_PORT_BASE;

  const notices: string[] = [];
  const shellPort = env.PORT?.trim() || undefined;
  if (shellPort !== undefined && chosen.length > 1) {
    notices.push(
      `PORT=${shellPort} is not used: it names one port and ${chosen.length} services start; use --port-base, PORT_BASE or ${chosen.map(portVariableOf).join(', ')}`,
    );
  }

  const dataDirGiven = options['data-dir'] ?? (env.DATA_DIR?.trim() || undefined);
  if (dataDirGiven !== undefined && dataDirGiven.trim() === '') usageError('--data-dir needs a folder, e.g. --data-dir ./data-2');
  const dataDir = dataDirGiven === undefined ? undefined : path.resolve(cwd, dataDirGiven);
  const shared: Record<string, string> = {};
  if (dataDir !== undefined) {
    shared.DATA_DIR = dataDir;
    if (!env.EVENT_STORE_URL?.trim()) shared.EVENT_STORE_URL = `sqlite:${path.join(dataDir, 'events.db')}`;
  }

  const services = chosen.map((name) => {
    const variable = portVariableOf(name);
    const own = env[variable]?.trim();
    const chosenPort =
      fromFlag.get(name) ??
      (own ? port(own, variable) : undefined) ??
      (shellPort !== undefined && chosen.length === 1 ? port(shellPort, 'PORT') : undefined) ??
      base + SERVICES.indexOf(name);
    return { name, port: chosenPort, env: { ...shared, PORT: String(chosenPort) } };
  });
  const seen = new Map<number, ServiceName>();
  for (const service of services) {
    const other = seen.get(service.port);
    if (other) usageError(`${other} and ${service.name} would both listen on port ${service.port}`);
    seen.set(service.port, service.name);
  }
  return { services, dataDir, notices };
}
