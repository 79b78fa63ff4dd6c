// The HTTP platform under the services, measured: the same intake app (createServiceApp, as
// main.ts builds it, on temporary stores and the embedded bus) on Fastify and on Express, in
// one run (docs/adr/0004-http-platform.md).
//
//   npm run bench:http                     # after a build: node tools/dist/bench/http-bench.js
//   npm run bench:http -- --duration 10 --warm-up 5 --connections 10
//
// Two routes: GET /health/live (the platform and Nest's pipeline alone: no token, no store)
// and POST /api/v1/clients, intake's registration (token, validation, two events appended to
// the SQLite store, read models projected), each body a new person so that no registration
// finds duplicates. For each route and platform: a fresh app and store, a warm-up whose
// figures are dropped, then the measurement. autocannon makes the load from a worker thread
// (http-load.ts), so the server has this thread to itself; the log lines are formatted as in
// production and dropped rather than written.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { type INestApplication } from '@nestjs/common';
import { exampleRegistration } from '@continuum/intake/api/examples.js';
import { intakeServiceConfig } from '@continuum/intake/intake.config.js';
import { IntakeModule } from '@continuum/intake/intake.module.js';
import { connectBus } from '@continuum/messaging';
import { DEV_JWT_SECRET, type HttpPlatform, createServiceApp, mintDevToken } from '@continuum/platform';
import { commandLine, wholeNumber } from '../cli/command-line.js';
import { type Figures, type Load } from './http-load.js';

const cli = commandLine({
  name: 'bench:http',
  usage: `usage: npm run bench:http [-- --duration <s> --warm-up <s> --connections <n>]

Measures GET /health/live and POST /api/v1/clients of the intake service on Fastify and on
Express in one run, and prints req/s, p50 and p99 latency and the Fastify/Express ratio.
Prints figures; not a test.

options:
  --duration <s>      seconds measured per route and platform (default 10)
  --warm-up <s>       seconds of load before each measurement, not counted (default 5)
  --connections <n>   concurrent connections (default 10)
  -h, --help          this text`,
  options: { duration: { type: 'string' }, 'warm-up': { type: 'string' }, connections: { type: 'string' } },
  maxPositionals: 0,
});

type Route = { name: string; method: 'GET' | 'POST'; path: string; body?: string; needsToken: boolean };

const ROUTES: Route[] = [
  { name: 'GET /health/live', method: 'GET', path: '/health/live', needsToken: false },
  {
    name: 'POST /api/v1/clients',
    method: 'POST',
    path: '/api/v1/clients',
    // autocannon puts a new id in place of [<id>] in every request: each registration is a new person.
    body: JSON.stringify({
      ...exampleRegistration('site-north'),
      person: { ...exampleRegistration('site-north').person, givenName: 'Bench [<id>]', familyName: 'Load [<id>]' },
    }),
    needsToken: true,
  },
];

function options(): { duration: number; warmUp: number; connections: number } {
  const { values } = cli.parse();
  return {
    duration: wholeNumber(values.duration, '--duration', { fallback: 10 }),
    warmUp: wholeNumber(values['warm-up'], '--warm-up', { fallback: 5, min: 0 }),
    connections: wholeNumber(values.connections, '--connections', { fallback: 10 }),
  };
}

/** autocannon's latency histogram counts whole milliseconds: 0 is under one. */
function milliseconds(value: number): string {
  return value === 0 ? '<1' : String(value);
}

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

function runLoad(load: Load): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load.js', import.meta.url), { workerData: load });
    worker.once('message', (figures: Figures) => resolve(figures));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load worker exited with ${code}`));
    });
  });
}

/** The intake service as main.ts starts it, on its own temporary stores, listening on a free port. */
async function startIntake(platform: HttpPlatform, folder: string): Promise<{ app: INestApplication; url: string }> {
  const app = await createServiceApp(IntakeModule, {
    serviceName: 'intake',
    config: intakeServiceConfig,
    env: {
      EVENT_STORE_URL: `sqlite:${join(folder, 'events.db')}`,
      READ_STORE_URL: `sqlite:${join(folder, 'intake-read.db')}`,
      DATA_DIR: folder,
      BUS: 'embedded',
      LOG_LEVEL: 'log',
      // One address and one principal send thousands of requests a second: the rate limits
      // (docs/architecture/security.md#rate-limits) would answer 429 and end the run.
      RATE_LIMIT_ENABLED: 'false',
    },
    // Every request line is formatted, as in production; writing it to a terminal would measure the terminal.
    logSink: () => undefined,
    httpPlatform: platform,
  });
  await connectBus(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

async function measure(
  route: Route,
  platform: HttpPlatform,
  settings: { duration: number; warmUp: number; connections: number },
  token: string,
): Promise<Figures> {
  const folder = mkdtempSync(join(tmpdir(), `continuum-http-bench-${platform}-`));
  const { app, url } = await startIntake(platform, folder);
  try {
    const load = (seconds: number): Load => ({
      url: `${url}${route.path}`,
      method: route.method,
      headers: {
        ...(route.needsToken ? { authorization: `Bearer ${token}` } : {}),
        ...(route.body ? { 'content-type': 'application/json' } : {}),
      },
      body: route.body,
      seconds,
      connections: settings.connections,
    });
    if (settings.warmUp > 0) {
      progress(`${platform.padEnd(7)} ${route.name}: warming up for ${settings.warmUp} s`);
      const warm = await runLoad(load(settings.warmUp));
      if (warm.non2xx > 0 || warm.errors > 0)
        throw new Error(`${platform} ${route.name}: ${warm.non2xx} answers other than 2xx and ${warm.errors} errors while warming up`);
    }
    progress(`${platform.padEnd(7)} ${route.name}: measuring for ${settings.duration} s`);
    const figures = await runLoad(load(settings.duration));
    if (figures.non2xx > 0 || figures.errors > 0)
      throw new Error(`${platform} ${route.name}: ${figures.non2xx} answers other than 2xx and ${figures.errors} errors`);
    progress(
      `${platform.padEnd(7)} ${route.name}: ${Math.round(figures.requestsPerSecond)} req/s, p50 ${milliseconds(figures.p50)} ms, p99 ${milliseconds(figures.p99)} ms (${figures.total} requests)`,
    );
    return figures;
  } finally {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const settings = options();
  const token = await mintDevToken(
    { userId: 'bench-coordinator', roles: ['intake-coordinator'], sites: ['site-north'], ttl: '1h' },
    { secret: DEV_JWT_SECRET },
  );
  const platforms: HttpPlatform[] = ['express', 'fastify'];
  process.stderr.write(
    `http-bench: Node ${process.versions.node}, ${cpus().length} CPUs; ${settings.connections} connections, ${settings.warmUp} s warm-up + ${settings.duration} s per route and platform\n`,
  );

  const rows: { route: string; byPlatform: Record<HttpPlatform, Figures> }[] = [];
  for (const route of ROUTES) {
    const byPlatform = {} as Record<HttpPlatform, Figures>;
    for (const platform of platforms) byPlatform[platform] = await measure(route, platform, settings, token);
    rows.push({ route: route.name, byPlatform });
  }

  const perSecond = (figures: Figures) => Math.round(figures.requestsPerSecond).toLocaleString('en-US').padStart(8);
  const ms = (value: number) => milliseconds(value).padStart(6);
  process.stdout.write(
    `\nintake on each HTTP platform: ${settings.connections} connections, ${settings.duration} s measured after ${settings.warmUp} s of warm-up\n`,
  );
  process.stdout.write('route                   express req/s  p50 ms  p99 ms   fastify req/s  p50 ms  p99 ms   fastify/express\n');
  for (const { route, byPlatform } of rows) {
    const { express, fastify } = byPlatform;
    process.stdout.write(
      `${route.padEnd(22)}  ${perSecond(express).padStart(13)}  ${ms(express.p50)}  ${ms(express.p99)}   ${perSecond(fastify).padStart(13)}  ${ms(fastify.p50)}  ${ms(fastify.p99)}   ${(fastify.requestsPerSecond / express.requestsPerSecond).toFixed(2).padStart(14)}×\n`,
    );
  }
}

await cli.run(main);
