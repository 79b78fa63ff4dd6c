// `npm start`: every service on the embedded defaults, each in its own process, one
// combined log (each line prefixed with its service), clean shutdown on Ctrl-C.
//
//   npm start                                            # intake on 3101 … audit on 3105, data in ./data
//   npm start -- intake audit                            # only these
//   npm start -- --port-base 4101 --data-dir ./data-2    # a second system beside the first
//   npm start -- --ports intake=8080                     # or INTAKE_PORT=8080 npm start
//   npm start -- --without-console                       # the services only, no console on 3100
//
// Ports and the data folder: see start-settings.ts and --help.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { commandLine } from '../cli/command-line.js';
import { DEFAULT_PORT_BASE, SERVICES, portVariableOf, startSettingsFrom } from './start-settings.js';
import { SERVICE_NODE_FLAGS } from './service-node-flags.js';

const cli = commandLine({
  name: 'start',
  usage: `usage: npm start [-- [<service>…] [--port-base <port>] [--ports <service>=<port>,…] [--data-dir <dir>]]

Runs the services (all, or those named), each in its own process on the embedded defaults,
with one combined log; Ctrl-C stops them cleanly.

services: ${SERVICES.map((name, place) => `${name} (${DEFAULT_PORT_BASE + place})`).join(', ')}
options:
  --port-base <port>       the first port: the services take it and the next four, in the order
                           above (default PORT_BASE, else ${DEFAULT_PORT_BASE})
  --ports <service>=<port>,…
                           a service's own port, e.g. --ports intake=8080,audit=8085 (repeatable)
  --data-dir <dir>         where the services keep their files, the event store included
                           (default DATA_DIR, else ./data)
  --without-console        do not start the console (the web application, CONSOLE_PORT, default 3100)
  -h, --help               this text
environment: ${SERVICES.map(portVariableOf).join(', ')}: a service's own port (after --ports);
             PORT: the port of a service started alone; PORT_BASE: as --port-base;
             DATA_DIR: as --data-dir; EVENT_STORE_URL: the event store (default
             sqlite:<data dir>/events.db with --data-dir or DATA_DIR, else sqlite:./data/events.db)`,
  options: {
    ports: { type: 'string', multiple: true },
    'port-base': { type: 'string' },
    'data-dir': { type: 'string' },
    'without-console': { type: 'boolean' },
  },
});

/** The console's port: CONSOLE_PORT, else 3100 (docs/architecture/console.md#running-it). */
const DEFAULT_CONSOLE_PORT = 3100;

const root = path.resolve(import.meta.dirname, '../../..');

async function main(): Promise<void> {
  const { values, positionals } = cli.parse();
  const settings = startSettingsFrom(values, positionals, process.env);
  for (const notice of settings.notices) process.stderr.write(`start: ${notice}\n`);

  mkdirSync(settings.dataDir ?? path.join(root, 'data'), { recursive: true });
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  function stop(exitCode = 0) {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    for (const child of children.values()) child.kill('SIGTERM');
    // A service that has not closed after 10 s is killed: its store is transactional, nothing is lost.
    setTimeout(() => {
      for (const child of children.values()) child.kill('SIGKILL');
      process.exit(exitCode || 1);
    }, 10_000).unref();
    if (children.size === 0) process.exit(exitCode);
  }

  // The console calls each service where this run started it (and elsewhere at its default address).
  const processes: { name: string; env: Record<string, string> }[] = [...settings.services];
  if (!values['without-console']) {
    const consolePort = process.env.CONSOLE_PORT?.trim() || String(DEFAULT_CONSOLE_PORT);
    const urls = Object.fromEntries(
      settings.services.map((service) => [portVariableOf(service.name).replace(/_PORT$/, '_URL'), `http://localhost:${service.port}`]),
    );
    processes.push({ name: 'console', env: { ...urls, CONSOLE_PORT: consolePort, PORT: consolePort } });
  }
  const width = Math.max(...processes.map((s) => s.name.length));

  for (const service of processes) {
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, path.join(root, 'services', service.name, 'dist/main.js')], {
      cwd: root,
      // Each service its own port (and the data folder when one was given).
      env: { ...process.env, ...service.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(service.name, child);
    const prefix = `${service.name.padEnd(width)} |`;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => console.log(`${prefix} ${line}`));
    }
    child.on('exit', (code, signal) => {
      children.delete(service.name);
      console.log(`${prefix} exited (${signal ?? `code ${code}`})`);
      // One service dying takes the others down: a half-running system hides failures.
      if (!stopping) stop(code ?? 1);
      else if (children.size === 0) process.exit(process.exitCode ?? 0);
    });
  }
  const data = settings.dataDir === undefined ? '' : `; data in ${settings.dataDir}`;
  const consoleAt = processes.find((p) => p.name === 'console');
  const signIn = consoleAt ? `; sign in at http://localhost:${consoleAt.env.CONSOLE_PORT}` : '';
  console.log(
    `continuum: ${settings.services.map((s) => `${s.name} on http://localhost:${s.port}`).join(', ')}${data}${signIn} (Ctrl-C stops)`,
  );
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

await cli.run(main);
