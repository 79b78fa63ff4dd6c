// How much of what the HTTP stack can serve reaches the commands and queries: each service
// started as main.ts starts it (its own process, the embedded defaults, a temporary folder),
// and in the same run, with autocannon as a library:
// - its main write route, a fresh body per request, at 1, 8 and 64 connections;
// - its main read route (a client's record, or a plan);
// - its own GET /health/live, the ceiling of the HTTP stack on this machine.
//
//   npm run bench:http                                  # every service, 10 s per measure
//   npm run bench:http -- --duration 5 --warm-up 2 --services intake,aftercare
//   npm run bench:http -- --services intake --cpu-prof /tmp/prof   # each service's CPU profile
//
// Prints a table and, as its last line, one JSON object with the figures the README's targets
// are stated in (docs/architecture/write-path.md#throughput), and each measure's event-loop CPU
// per request (the main thread's CPU time, /proc/<pid>/schedstat, over the requests completed):
// rates swing with whatever else the machine runs, the CPU a request costs far less. A program
// that prints figures, not a test.
import { randomUUID } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { busSettingsFrom, openBusTransport, toOutgoingMessage } from '@continuum/messaging';
import { DEV_JWT_SECRET, type Role, mintDevToken } from '@continuum/platform';
import { exampleRegistration } from '@continuum/intake/api/examples.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { aftercarePlanIdFor } from '@continuum/aftercare/domain/index.js';
import { BUS_TRANSPORTS } from '../adapters.js';
import { commandLine, fail, wholeNumber } from '../cli/command-line.js';
import { eventLoopCpuMs } from './event-loop-cpu.js';
import { type Figures, type Target, runLoad } from './http-load.js';
import { SERVICE_NODE_FLAGS } from '../run/service-node-flags.js';

const SERVICE_NAMES = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'] as const;
type ServiceName = (typeof SERVICE_NAMES)[number];

const cli = commandLine({
  name: 'bench:http',
  usage: `usage: npm run bench:http [-- --duration <s> --warm-up <s> --services <a,b> --floor]

Starts each service (${SERVICE_NAMES.join(', ')}) as main.ts does, on the embedded defaults in a
temporary folder, and measures with autocannon: its main write route at 1, 8 and 64
connections, its main read route and its GET /health/live, all in the same run. Prints a
table (rate, p50, p99, ratio to /health/live, errors, non-2xx, the service's event-loop CPU
per request, RSS before and after) and, as its last line, one JSON object with the lowest
ratios and the highest tails and costs. Prints figures; not a test.

options:
  --duration <s>     seconds measured per route and connection count (default 10)
  --warm-up <s>      seconds of load on the measure's own connections before it counts (default 2)
  --services <a,b>   only these services (default: all four)
  --cpu-prof <dir>   write each service's CPU profile (node --cpu-prof) into this folder
  --floor            also measure, at 64 connections, two requests each service refuses before
                     any work of its own: its read route for an unknown id (authenticated: 404)
                     and its write route with one field too many (authenticated, the whole body
                     validated: 400). What authentication, routing and validation cost alone.
  -h, --help         this text`,
  options: {
    duration: { type: 'string' },
    'warm-up': { type: 'string' },
    services: { type: 'string' },
    'cpu-prof': { type: 'string' },
    floor: { type: 'boolean' },
  },
  maxPositionals: 0,
});

const SITE = 'site-north';
const WRITE_CONNECTIONS = [1, 8, 64] as const;
const READ_CONNECTIONS = 64;
const root = fileURLToPath(new URL('../../../', import.meta.url));

type Settings = { duration: number; warmUp: number; services: ServiceName[]; cpuProfileDir?: string; floor: boolean };

function options(): Settings {
  const { values } = cli.parse();
  const services = (values.services?.split(',').map((name) => name.trim()) ?? [...SERVICE_NAMES]) as ServiceName[];
  for (const name of services)
    if (!SERVICE_NAMES.includes(name)) fail(`--services: there is no service "${name}"; give some of ${SERVICE_NAMES.join(', ')}`);
  return {
    duration: wholeNumber(values.duration, '--duration', { fallback: 10 }),
    warmUp: wholeNumber(values['warm-up'], '--warm-up', { fallback: 2, min: 0 }),
    services,
    ...(values['cpu-prof'] ? { cpuProfileDir: path.resolve(values['cpu-prof']) } : {}),
    floor: values.floor === true,
  };
}

const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// A service in its own process

type RunningService = {
  name: ServiceName;
  origin: string;
  folder: string;
  process: ChildProcess;
  rssMb(): number;
  /** CPU time of the service's main thread (its event loop) so far, in ms: per request, a cost the machine's other load barely changes. */
  eventLoopCpuMs(): number;
  publish(topic: string, events: IntegrationEvent[]): Promise<void>;
  request(method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startService(name: ServiceName, cpuProfileDir?: string): Promise<RunningService> {
  const folder = mkdtempSync(path.join(tmpdir(), `continuum-http-bench-${name}-`));
  const port = await freePort();
  const env = { DATA_DIR: folder, BUS: 'embedded' };
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...profiling, path.join(root, 'services', name, 'dist/main.js')], {
    cwd: folder,
    // The embedded defaults: every store under DATA_DIR. Timers that would act on the seeded
    // plans while they are measured (overdue check-ins, review deadlines) are off.
    // One address and one principal send thousands of requests a second: the rate limits
    // (docs/architecture/security.md#rate-limits) would answer 429 and end the run.
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      SCHEDULER_INTERVAL_MS: '0',
      OVERDUE_CHECK_INTERVAL_MS: '0',
      RATE_LIMIT_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  // The service's log lines are read and dropped, as a log shipper would take them.
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: string) => {
      seen = (seen + chunk).slice(-2000);
      if (seen.includes(' listening')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve();
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening: ${stderr}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const bus = await openBusTransport(busSettingsFrom(env), 'http-bench', BUS_TRANSPORTS);
  return {
    name,
    origin,
    folder,
    process: child,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    eventLoopCpuMs: () => eventLoopCpuMs(child.pid!),
    publish: (topic, events) => bus.publisher.publish(events.map((event) => toOutgoingMessage(topic, event))),
    async request(method, route, token, body) {
      const response = await fetch(`${origin}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop() {
      await bus.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await pause(100);
  }
}

function integrationEvent<Data extends { clientId: string }>(
  source: string,
  type: string,
  data: Data,
  occurredAt: string,
): IntegrationEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    source,
    occurredAt,
    clientId: data.clientId,
    siteId: SITE,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data,
  };
}

// ---------------------------------------------------------------------------------------------
// What each service is measured on

type Scenario = {
  writeRoute: string;
  readRoute: string;
  token: string;
  /** Ready-made write requests for about `requests` more requests (routes whose targets are used up one by one). */
  writeTargets(requests: number): Promise<Target[]>;
  readTargets(): Promise<Target[]>;
};

const tokenFor = (role: Role, userId: string) =>
  mintDevToken({ userId, roles: [role], sites: [SITE], ttl: '2h' }, { secret: DEV_JWT_SECRET });

async function intake(service: RunningService): Promise<Scenario> {
  const token = await tokenFor('intake-coordinator', 'bench-coordinator');
  const registration = exampleRegistration(SITE);
  const registered = await service.request('POST', '/clients', token, registration);
  const clientId = (registered.body as { clientId: string }).clientId;
  return {
    writeRoute: 'POST /clients (registration)',
    readRoute: 'GET /clients/:clientId',
    token,
    // Each body a new person, so that no registration finds a duplicate.
    writeTargets: async () => [
      {
        path: '/api/v1/clients',
        body: JSON.stringify({ ...registration, person: { ...registration.person, givenName: 'Bench [<id>]', familyName: 'Load [<id>]' } }),
      },
    ],
    readTargets: async () => [{ path: `/api/v1/clients/${clientId}` }],
  };
}

/** Publishes intake's ClientAdmitted `count` times and waits for every draft plan. */
async function seedPlans(service: RunningService, token: string, count: number): Promise<string[]> {
  const admissions = Array.from({ length: count }, () => {
    const data = {
      clientId: randomUUID(),
      admissionId: randomUUID(),
      level: { edition: 3, code: '2.1' },
      siteId: SITE,
      track: 'evening',
      startDate: daysAgo(7),
      assessmentId: randomUUID(),
      placementId: randomUUID(),
      referralId: randomUUID(),
      admittedAt: new Date(Date.now() - 8 * 86_400_000).toISOString(),
    };
    return integrationEvent('intake', 'ClientAdmitted', data, data.admittedAt);
  });
  await service.publish(TOPICS.intake, admissions);
  const planIds = admissions.map((event) => episodeIdForAdmission((event.data as { admissionId: string }).admissionId));
  await until(`${count} draft plans`, async () =>
    (await service.request('GET', `/plans/${planIds.at(-1)}`, token)).status === 200 ? true : undefined,
  );
  for (const planId of planIds)
    await until(`plan ${planId}`, async () =>
      (await service.request('GET', `/plans/${planId}`, token)).status === 200 ? true : undefined,
    );
  return planIds;
}

async function treatmentPlan(service: RunningService): Promise<Scenario> {
  const token = await tokenFor('clinician', 'bench-clinician');
  // Clinical reads are the care team's: the site's clinical supervisor sees the plans drafted
  // and seats the bench clinician on each one's team (docs/domain/roles-and-sites.md#care-teams).
  const supervisor = await tokenFor('clinical-supervisor', 'bench-supervisor');
  const planIds = await seedPlans(service, supervisor, 256);
  for (const planId of planIds) {
    const seated = await service.request('PUT', `/episodes/${planId}/care-team`, supervisor, {
      members: [{ userId: 'bench-clinician', teamRole: 'clinician' }],
    });
    if (seated.status !== 200) throw new Error(`seating the care team of ${planId}: ${seated.status} ${JSON.stringify(seated.body)}`);
  }
  return {
    writeRoute: 'POST /plans/:planId/sessions (attendance)',
    readRoute: 'GET /plans/:planId',
    token,
    writeTargets: async () =>
      planIds.map((planId) => ({
        path: `/api/v1/plans/${planId}/sessions`,
        body: JSON.stringify({ date: today(), hours: 3, attended: true, kind: 'group-counselling' }),
      })),
    readTargets: async () => planIds.map((planId) => ({ path: `/api/v1/plans/${planId}` })),
  };
}

async function dualDiagnosis(service: RunningService): Promise<Scenario> {
  const token = await tokenFor('clinician', 'bench-clinician');
  const admin = await tokenFor('site-admin', 'bench-admin');
  const providers = ['bench-trauma-a', 'bench-trauma-b'];
  for (const providerId of providers) {
    const registered = await service.request('POST', '/providers', admin, {
      providerId,
      siteId: SITE,
      name: `Trauma clinic ${providerId.slice(-1)}`,
      kind: 'external',
      specialties: ['trauma-therapy'],
      capacity: 10_000,
    });
    if (registered.status >= 300)
      throw new Error(`registering provider ${providerId}: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  // A PTSD screen at intake opens a trauma-therapy referral.
  const count = 256;
  const identified = Array.from({ length: count }, () => {
    const at = new Date().toISOString();
    return integrationEvent(
      'intake',
      'CoOccurringConditionIdentified',
      { clientId: randomUUID(), condition: 'ptsd', instrument: 'PC-PTSD-5', score: 4, evidenceId: randomUUID(), identifiedAt: at },
      at,
    );
  });
  await service.publish(TOPICS.intake, identified);
  const referralIds = await until(`${count} referrals`, async () => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = (
        await service.request('GET', `/sites/${SITE}/referrals?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, token)
      ).body as { items: Array<{ referralId: string }>; nextCursor?: string };
      ids.push(...page.items.map((item) => item.referralId));
      after = page.nextCursor;
    } while (after);
    return ids.length >= count ? ids : undefined;
  });
  return {
    writeRoute: 'POST /referrals/:id/provider (assignment)',
    readRoute: 'GET /referrals/:referralId',
    token,
    // Every visit of a referral assigns the other provider than the last: each request a transition.
    writeTargets: async () =>
      providers.flatMap((providerId) =>
        referralIds.map((referralId) => ({ path: `/api/v1/referrals/${referralId}/provider`, body: JSON.stringify({ providerId }) })),
      ),
    readTargets: async () => referralIds.map((referralId) => ({ path: `/api/v1/referrals/${referralId}` })),
  };
}

async function aftercare(service: RunningService): Promise<Scenario> {
  const token = await tokenFor('case-manager', 'bench-case-manager');
  const seeded: string[] = [];
  // A plan from a discharge 400 days ago: every check-in of its year is open to record today.
  const seed = async (count: number): Promise<Array<{ planId: string; dueDates: string[] }>> => {
    const discharges = Array.from({ length: count }, () => {
      const dischargedAt = new Date(Date.now() - 400 * 86_400_000).toISOString();
      return integrationEvent(
        'treatment-plan',
        'EpisodeDischarged',
        {
          episodeId: randomUUID(),
          clientId: randomUUID(),
          siteId: SITE,
          level: { edition: 3, code: '2.1' },
          disposition: 'completed',
          dischargeDate: dischargedAt.slice(0, 10),
          dischargedAt,
        },
        dischargedAt,
      );
    });
    // The bench case manager is on each episode's care team: the team reads the plan (docs/domain/aftercare.md#who-reads-a-plan).
    const careTeams = discharges.map((discharge) => {
      const { episodeId, clientId, dischargedAt } = discharge.data as { episodeId: string; clientId: string; dischargedAt: string };
      return integrationEvent(
        'treatment-plan',
        'CareTeamChanged',
        {
          episodeId,
          clientId,
          siteId: SITE,
          members: [{ userId: 'bench-case-manager', teamRole: 'case-manager' }],
          changedAt: dischargedAt,
        },
        dischargedAt,
      );
    });
    await service.publish(TOPICS.treatmentPlan, [...careTeams, ...discharges]);
    const plans: Array<{ planId: string; dueDates: string[] }> = [];
    for (const discharge of discharges) {
      const planId = aftercarePlanIdFor((discharge.data as { episodeId: string }).episodeId);
      const plan = await until(`aftercare plan ${planId}`, async () => {
        const answer = await service.request('GET', `/aftercare-plans/${planId}`, token);
        return answer.status === 200
          ? (answer.body as { plan?: { checkIns: Array<{ dueDate: string }> }; checkIns?: Array<{ dueDate: string }> })
          : undefined;
      });
      const checkIns = plan.plan?.checkIns ?? plan.checkIns ?? [];
      plans.push({ planId, dueDates: checkIns.map((checkIn) => checkIn.dueDate) });
      seeded.push(planId);
    }
    return plans;
  };
  const barc10 = [5, 5, 4, 5, 5, 4, 5, 5, 5, 4];
  return {
    writeRoute: 'POST /aftercare-plans/:planId/check-ins',
    readRoute: 'GET /aftercare-plans/:planId',
    token,
    // Each check-in is recorded once: the targets are used up, so each measure gets its own plans.
    async writeTargets(requests) {
      const plans = await seed(Math.ceil(requests / 5) + 64);
      const targets: Target[] = [];
      // Round by round (every plan's first check-in, then every plan's second…), so requests in flight are on different plans.
      for (let round = 0; round < Math.max(...plans.map((plan) => plan.dueDates.length)); round++) {
        for (const plan of plans) {
          const dueDate = plan.dueDates[round];
          if (dueDate)
            targets.push({
              path: `/api/v1/aftercare-plans/${plan.planId}/check-ins`,
              body: JSON.stringify({ dueDate, outcome: 'abstinent', barc10 }),
            });
        }
      }
      return targets;
    },
    readTargets: async () =>
      (seeded.length > 0 ? seeded : (await seed(64)).map((plan) => plan.planId))
        .slice(0, 256)
        .map((planId) => ({ path: `/api/v1/aftercare-plans/${planId}` })),
  };
}

const SCENARIOS: Record<ServiceName, (service: RunningService) => Promise<Scenario>> = {
  intake,
  'treatment-plan': treatmentPlan,
  'dual-diagnosis': dualDiagnosis,
  aftercare,
};

// ---------------------------------------------------------------------------------------------
// Measuring

type Row = {
  service: ServiceName;
  route: string;
  /** `refused`: a --floor measure, answered 404 or 400 on purpose. */
  kind: 'write' | 'read' | 'live' | 'refused';
  connections: number;
  figures: Figures;
  rssBefore: number;
  rssAfter: number;
  /** The service's event-loop CPU per completed request during the measure. */
  cpuMsPerRequest: number;
};

async function measure(
  service: RunningService,
  settings: Settings,
  route: string,
  method: 'GET' | 'POST',
  token: string | undefined,
  connections: number,
  targets: (requests: number) => Promise<Target[]>,
  estimate: number,
): Promise<{ figures: Figures; rssBefore: number; rssAfter: number; cpuMsPerRequest: number }> {
  const headers = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
  };
  // The targets first (aftercare seeds thousands of plans for them): the CPU per request is the requests' own.
  const prepared = await targets(Math.ceil(estimate * (settings.warmUp + settings.duration) * 1.3));
  // Read when the warm-up ends and when the measure does, on the warm-up's open connections (http-load.ts).
  let rssBefore = 0;
  let cpuBefore = 0;
  let rssAfter = 0;
  let cpuAfter = 0;
  progress(
    `${service.name} ${route}, ${connections} connection(s): ${settings.warmUp} s of warm-up, then measuring for ${settings.duration} s`,
  );
  const figures = await runLoad({
    origin: service.origin,
    method,
    headers,
    targets: prepared,
    warmUpSeconds: settings.warmUp,
    seconds: settings.duration,
    connections,
    onMeasureStart: () => {
      rssBefore = service.rssMb();
      cpuBefore = service.eventLoopCpuMs();
    },
    onMeasureEnd: () => {
      rssAfter = service.rssMb();
      cpuAfter = service.eventLoopCpuMs();
    },
  });
  const cpuMsPerRequest = (cpuAfter - cpuBefore) / Math.max(figures.total, 1);
  progress(
    `${service.name} ${route}: ${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms (while connecting ${figures.coldP99} ms), ${figures.non2xx} non-2xx, ${figures.errors} errors`,
  );
  return { figures, rssBefore, rssAfter, cpuMsPerRequest };
}

async function benchService(name: ServiceName, settings: Settings): Promise<Row[]> {
  progress(`${name}: starting`);
  const service = await startService(name, settings.cpuProfileDir);
  const rows: Row[] = [];
  try {
    const scenario = await SCENARIOS[name](service);
    // One request of each kind first: a scenario whose requests are refused measures nothing.
    for (const [method, target] of [
      ['POST', (await scenario.writeTargets(1))[0]!],
      ['GET', (await scenario.readTargets())[0]!],
    ] as const) {
      const answer = await service.request(
        method,
        target.path.replace('/api/v1', ''),
        scenario.token,
        target.body && JSON.parse(target.body.replaceAll('[<id>]', randomUUID())),
      );
      if (answer.status >= 300)
        throw new Error(`${name}: ${method} ${target.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    // Let the projections and the inbox finish with the seeding before anything is measured.
    await pause(1000);
    const live = await measure(service, settings, 'GET /health/live', 'GET', undefined, 64, async () => [{ path: '/health/live' }], 0);
    rows.push({ service: name, route: 'GET /health/live', kind: 'live', connections: 64, ...live });
    let estimate = 3000;
    for (const connections of WRITE_CONNECTIONS) {
      const write = await measure(
        service,
        settings,
        scenario.writeRoute,
        'POST',
        scenario.token,
        connections,
        (n) => scenario.writeTargets(n),
        estimate,
      );
      rows.push({ service: name, route: scenario.writeRoute, kind: 'write', connections, ...write });
      estimate = Math.max(write.figures.requestsPerSecond * 2, 500);
    }
    const read = await measure(
      service,
      settings,
      scenario.readRoute,
      'GET',
      scenario.token,
      READ_CONNECTIONS,
      () => scenario.readTargets(),
      0,
    );
    rows.push({ service: name, route: scenario.readRoute, kind: 'read', connections: READ_CONNECTIONS, ...read });
    if (settings.floor) rows.push(...(await measureFloor(service, settings, scenario)));
  } finally {
    await service.stop();
  }
  return rows;
}

/**
 * The requests the service refuses before its own work: authentication, routing, the guards, the
 * body's validation and a problem response, and nothing of the command or the query behind them.
 */
async function measureFloor(service: RunningService, settings: Settings, scenario: Scenario): Promise<Row[]> {
  const read = (await scenario.readTargets())[0]!;
  const unknown = { path: read.path.replace(/[^/]+$/, randomUUID()) };
  const write = (await scenario.writeTargets(1))[0]!;
  // forbidNonWhitelisted (libs/platform's validation): the whole body is validated, then refused.
  const tooMany = { path: write.path, body: JSON.stringify({ ...JSON.parse(write.body!), notAField: true }) };
  const cases = [
    { route: `GET ${scenario.readRoute.slice(4)} (unknown id)`, method: 'GET', target: unknown, status: 404 },
    {
      route: `POST ${scenario.writeRoute.slice(5).replace(/ \(.*\)$/, '')} (a field too many)`,
      method: 'POST',
      target: tooMany,
      status: 400,
    },
  ] as const;
  const rows: Row[] = [];
  for (const { route, method, target, status } of cases) {
    const answer = await service.request(
      method,
      target.path.replace('/api/v1', ''),
      scenario.token,
      'body' in target ? JSON.parse(target.body.replaceAll('[<id>]', randomUUID())) : undefined,
    );
    if (answer.status !== status)
      throw new Error(`${service.name}: ${method} ${target.path} answered ${answer.status}, not ${status}: ${JSON.stringify(answer.body)}`);
    const measured = await measure(service, settings, route, method, scenario.token, READ_CONNECTIONS, async () => [target], 0);
    rows.push({ service: service.name, route, kind: 'refused', connections: READ_CONNECTIONS, ...measured });
  }
  return rows;
}

function report(rows: Row[], settings: Settings): void {
  const liveOf = (service: ServiceName) => rows.find((row) => row.service === service && row.kind === 'live')!.figures.requestsPerSecond;
  const header = [
    'service',
    'route',
    'conn',
    'req/s',
    'p50 ms',
    'p99 ms',
    'mean ms',
    'p99 connecting',
    '× live',
    'errors',
    'non-2xx',
    'CPU ms/req',
    'RSS MB before→after',
  ];
  const lines = rows.map((row) => [
    row.service,
    row.route,
    String(row.connections),
    Math.round(row.figures.requestsPerSecond).toLocaleString('en-US'),
    String(row.figures.p50),
    String(row.figures.p99),
    row.figures.mean.toFixed(1),
    String(row.figures.coldP99),
    (row.figures.requestsPerSecond / liveOf(row.service)).toFixed(2),
    String(row.figures.errors),
    String(row.figures.non2xx),
    row.cpuMsPerRequest.toFixed(2),
    `${Math.round(row.rssBefore)}→${Math.round(row.rssAfter)}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  process.stdout.write(
    `\nEach service on the embedded defaults, ${settings.duration} s per measure after ${settings.warmUp} s of warm-up; Node ${process.versions.node}, ${cpus().length} CPUs\n`,
  );
  process.stdout.write(`${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);

  const writes64 = rows.filter((row) => row.kind === 'write' && row.connections === 64);
  const writes8 = rows.filter((row) => row.kind === 'write' && row.connections === 8);
  const reads = rows.filter((row) => row.kind === 'read');
  const answered = rows.filter((row) => row.kind !== 'refused');
  const refused = rows.filter((row) => row.kind === 'refused');
  const round = (value: number, digits = 2) => Number(value.toFixed(digits));
  const highestRatio = (of: Row[], route: string) =>
    round(Math.max(...of.filter((row) => row.route.endsWith(route)).map((row) => row.figures.requestsPerSecond / liveOf(row.service))));
  const summary = {
    writeRatio: round(Math.min(...writes64.map((row) => row.figures.requestsPerSecond / liveOf(row.service)))),
    readRatio: round(Math.min(...reads.map((row) => row.figures.requestsPerSecond / liveOf(row.service)))),
    writeP99Ms8: Math.max(...writes8.map((row) => row.figures.p99)),
    writeP99OverMean64: round(Math.max(...writes64.map((row) => row.figures.p99 / row.figures.mean))),
    // The same, for the requests sent while the measure's connections were being opened (the warm-up).
    writeColdP99Ms64: Math.max(...writes64.map((row) => row.figures.coldP99)),
    writesPerSecond: Math.round(Math.min(...writes64.map((row) => row.figures.requestsPerSecond))),
    errors: rows.reduce((sum, row) => sum + row.figures.errors, 0),
    non2xx: answered.reduce((sum, row) => sum + row.figures.non2xx, 0),
    rssAfterMb: Math.round(Math.max(...rows.map((row) => row.rssAfter))),
    // The service's event-loop CPU per request, the highest of the services': comparable across runs on a busy machine.
    writeCpuMs64: round(Math.max(...writes64.map((row) => row.cpuMsPerRequest))),
    readCpuMs: round(Math.max(...reads.map((row) => row.cpuMsPerRequest))),
    liveCpuMs: round(Math.max(...rows.filter((row) => row.kind === 'live').map((row) => row.cpuMsPerRequest)), 3),
    // --floor, the highest of the services': what authentication and routing alone allow (a read
    // does that and more), and with the body validated too (a write does that and more).
    ...(refused.length > 0
      ? {
          unknownIdRatio: highestRatio(refused, '(unknown id)'),
          fieldTooManyRatio: highestRatio(refused, '(a field too many)'),
        }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function main(): Promise<void> {
  const settings = options();
  process.stderr.write(`http-bench: Node ${process.versions.node}, ${cpus().length} CPUs; services: ${settings.services.join(', ')}\n`);
  const rows: Row[] = [];
  for (const name of settings.services) rows.push(...(await benchService(name, settings)));
  report(rows, settings);
}

await cli.run(main);
