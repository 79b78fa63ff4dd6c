// The event backbone end to end: from an event appended to the store until a consumer in
// another process handled it, on each transport (Kafka too when KAFKA_BROKERS is set).
//
//   npm run bench:bus                              # after a build: node tools/dist/bench/bus-bench.js
//   npm run bench:bus -- --events 5000 --rate 200 --paced-seconds 5
//
// The path measured is a service's: SqliteEventStore → Relay (checkpoint after each
// acknowledged batch) → bus → MessagingModule consumer (inbox, retry interceptor) →
// @EventPattern handler, in a child process. Two figures per transport:
// - paced: events appended at a steady rate well under capacity; latency p50/p99 is what a
//   user waits for another service to hear of an action;
// - burst: `--events` appended as fast as the store takes them; messages per second is the
//   drain rate from the first append to the last handled, with the latency a burst causes.
// And where the paced latency goes, step by step: appended → stored (the append resolved) →
// relayed (the relay took it) → sent (publish called) → acknowledged by the bus → on Kafka,
// fetched by the consumer (how many arrived while it was not waiting in a fetch) → handled.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { HEADERS, type OutgoingMessage, Relay, SqliteCheckpointStore, busSettingsFrom, openBusTransport } from '@continuum/messaging';
import { BUS_TRANSPORTS } from '../adapters.js';
import { commandLine, positiveNumber, wholeNumber } from '../cli/command-line.js';

const cli = commandLine({
  name: 'bench:bus',
  usage: `usage: npm run bench:bus [-- --events <N>] [--rate <per second>] [--paced-seconds <s>]

From an event appended to the store until a consumer in another process handled it, on the
embedded bus (and Kafka when KAFKA_BROKERS is set): latency p50/p99 at a steady rate, and the
drain rate of a burst. Prints figures; not a test.

options:
  --events <N>            events in the burst (default 3000)
  --rate <n>              paced events per second (default 200)
  --paced-seconds <s>     how long the paced run lasts (default 5)
  -h, --help              this text
environment: KAFKA_BROKERS (measure Kafka too)`,
  options: {
    events: { type: 'string' },
    rate: { type: 'string' },
    'paced-seconds': { type: 'string' },
  },
  maxPositionals: 0,
});
let burstEvents = 3000;
let pacedRate = 200;
let pacedEvents = 1000;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

// Run from the sources (under ts-loader) or from dist/: the consumer is the same file beside us.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CONSUMER = fileURLToPath(
  new URL(
    extension === '.ts'
      ? '../../libs/messaging-contract/src/printing-consumer.process.ts'
      : '../../../libs/messaging-contract/dist/printing-consumer.process.js',
    import.meta.url,
  ),
);

type Result = {
  transport: string;
  burstPerSecond: number;
  burst: Latency;
  paced: Latency;
  pacedSteps: StepLatency[];
  fetchedLate?: number;
};
type Latency = { p50: number; p99: number; max: number };
type StepLatency = { from: Step; to: Step } & Latency;

/** The moments of one event's way, in order (fetchStarted and fetched on Kafka only). */
const STEPS = ['appended', 'stored', 'relayed', 'sent', 'acknowledged', 'fetchStarted', 'fetched', 'handled'] as const;
type Step = (typeof STEPS)[number];
type Moments = Partial<Record<Step, number>>;

const toIntegrationEvent = (recorded: RecordedEvent): IntegrationEvent => ({
  eventId: recorded.eventId,
  type: recorded.type,
  schemaVersion: 1,
  source: 'bench',
  occurredAt: recorded.metadata.occurredAt,
  clientId: recorded.metadata.clientId ?? recorded.streamId,
  siteId: recorded.metadata.siteId,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.metadata.causationId,
  data: recorded.data,
});

async function measure(transport: string, env: Record<string, string>): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `continuum-bus-bench-${transport}-`));
  const busEnv = { ...env, ...(env.BUS === 'embedded' ? { BUS_URL: `sqlite:${join(dir, 'bus.db')}` } : {}) };
  const topic = `continuum.bench.${randomUUID().slice(0, 8)}.events.v1`;
  const bus = await openBusTransport(busSettingsFrom(busEnv), 'bus-bench', BUS_TRANSPORTS);
  await bus.ensureTopics([topic]);
  const store = await SqliteEventStore.open({ path: join(dir, 'events.db') });
  const checkpoints = SqliteCheckpointStore.open(join(dir, 'checkpoints.db'));
  // Each event's moments; the consumer's are filled in from its lines.
  const moments = new Map<string, Moments>();
  const mark = (eventId: string, step: Step) => {
    const of = moments.get(eventId);
    if (of && of[step] === undefined) of[step] = Date.now();
  };
  const markAll = (messages: OutgoingMessage[], step: Step) => {
    for (const message of messages) mark(message.headers[HEADERS.eventId], step);
  };
  const relay = new Relay({
    name: 'bench',
    store,
    streamPrefixes: ['bench-client-'],
    map: (recorded) => {
      mark(recorded.eventId, 'relayed');
      return toIntegrationEvent(recorded);
    },
    topic,
    publisher: {
      publish: async (messages) => {
        markAll(messages, 'sent');
        await bus.publisher.publish(messages);
        markAll(messages, 'acknowledged');
      },
      close: () => bus.publisher.close(),
    },
    checkpoints,
    batchSize: 500,
  });
  const consumer = startConsumer(topic, busEnv, join(dir, 'consumer'), moments);
  try {
    await consumer.ready;
    await relay.start();
    const append = async (index: number) => {
      const eventId = randomUUID();
      const clientId = `c${index % 100}`;
      moments.set(eventId, { appended: Date.now() });
      await store.appendToStream(
        `bench-client-${clientId}`,
        [
          {
            eventId,
            type: 'ClientAdmitted',
            data: { levelOfCare: '2.1', index },
            metadata: {
              schemaVersion: 1,
              clientId,
              siteId: 'site-north',
              actor: { userId: 'bench', role: 'system' },
              occurredAt: new Date().toISOString(),
              correlationId: eventId,
              causationId: eventId,
            },
          },
        ],
        { expectedRevision: 'any' },
      );
      mark(eventId, 'stored');
      return eventId;
    };
    const waitForAll = (eventIds: string[], phase: string) =>
      consumer.handled(eventIds, (done) => progress(`${transport}: ${phase} ${done}/${eventIds.length} handled`));

    // Warm-up: the consumer joins its group (a Kafka rebalance) and every code path is hot.
    const warmUp: string[] = [];
    for (let index = 0; index < 50; index++) warmUp.push(await append(index));
    await waitForAll(warmUp, 'warm-up');

    const paced: string[] = [];
    const start = Date.now();
    for (let index = 0; index < pacedEvents; index++) {
      const due = start + (index * 1000) / pacedRate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      paced.push(await append(index));
    }
    await waitForAll(paced, 'paced');

    const burstStart = Date.now();
    const burst: string[] = [];
    const inFlight = new Set<Promise<unknown>>();
    for (let index = 0; index < burstEvents; index++) {
      const appending = append(index).then((eventId) => burst.push(eventId));
      inFlight.add(appending);
      void appending.finally(() => inFlight.delete(appending));
      if (inFlight.size >= 64) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await waitForAll(burst, 'burst');
    const lastHandled = Math.max(...burst.map((eventId) => moments.get(eventId)?.handled ?? 0));
    const pacedMoments = paced.map((eventId) => moments.get(eventId) ?? {});
    return {
      transport,
      burstPerSecond: burstEvents / ((lastHandled - burstStart) / 1000),
      burst: latencyOf(
        burst.map((eventId) => moments.get(eventId) ?? {}),
        'appended',
        'handled',
      ),
      paced: latencyOf(pacedMoments, 'appended', 'handled'),
      pacedSteps: stepsOf(pacedMoments),
      ...(env.BUS === 'kafka' ? { fetchedLate: fetchedLate(pacedMoments) } : {}),
    };
  } finally {
    consumer.stop();
    await relay.stop();
    await checkpoints.close();
    await store.close();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function latencyOf(events: Moments[], from: Step, to: Step): Latency {
  const latencies = events
    .flatMap((event) => (event[from] === undefined || event[to] === undefined ? [] : [event[to] - event[from]]))
    .sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.max(0, Math.ceil(p * latencies.length) - 1)];
  return { p50: percentile(0.5), p99: percentile(0.99), max: latencies[latencies.length - 1] };
}

/** Each step beside the one before it that the events have (Kafka's fetch steps only there). */
function stepsOf(events: Moments[]): StepLatency[] {
  const taken = STEPS.filter((step) => events.every((event) => event[step] !== undefined));
  return taken.slice(1).map((to, index) => ({ from: taken[index], to, ...latencyOf(events, taken[index], to) }));
}

/**
 * Events the broker had acknowledged before the consumer's fetch that brought them began: they
 * waited for the consumer to finish what it was doing (and commit it) rather than being handed
 * to a fetch waiting on the broker.
 */
function fetchedLate(events: Moments[]): number {
  return events.filter((event) => (event.fetchStarted ?? 0) > (event.acknowledged ?? Number.POSITIVE_INFINITY)).length;
}

function startConsumer(topic: string, env: Record<string, string>, dataDir: string, moments: Map<string, Moments>) {
  const group = `bench-${randomUUID().slice(0, 8)}`;
  // execArgv carries ts-loader's --import when we run from the sources.
  const child = spawn(process.execPath, [...process.execArgv, CONSUMER, JSON.stringify({ topic, group, dataDir, idsOnly: true })], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let onLine: () => void = () => undefined;
  // The ids still awaited: the process that counts them also runs the store and the relay being
  // measured, so each line costs it one lookup, not a pass over every id of the phase.
  let waiting = new Set<string>();
  let resolveReady!: () => void;
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    child.once('exit', (code, signal) => reject(new Error(`the consumer process exited (${code ?? signal}):\n${stderr}`)));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') resolveReady();
      else if (line.startsWith('{')) {
        const { eventId, handledAt, fetchStartedAt, fetchedAt } = JSON.parse(line) as {
          eventId: string;
          handledAt: number;
          fetchStartedAt?: number;
          fetchedAt?: number;
        };
        // The first handling counts; a redelivery's would only make the figures look worse.
        const of = moments.get(eventId);
        if (of && of.handled === undefined) Object.assign(of, { handled: handledAt, fetchStarted: fetchStartedAt, fetched: fetchedAt });
        waiting.delete(eventId);
      }
    }
    onLine();
  });
  return {
    ready,
    stop: () => child.kill('SIGTERM'),
    handled: (eventIds: string[], report: (done: number) => void) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the consumer handled only part of the events within 90 s; its stderr:\n${stderr}`)),
          90_000,
        );
        waiting = new Set(eventIds.filter((eventId) => moments.get(eventId)?.handled === undefined));
        onLine = () => {
          const done = eventIds.length - waiting.size;
          report(done);
          if (done === eventIds.length) {
            clearTimeout(timer);
            resolve();
          }
        };
        onLine();
      }),
  };
}

let lastProgress = 0;
function progress(line: string): void {
  if (Date.now() - lastProgress < 200) return;
  lastProgress = Date.now();
  process.stderr.write(`\r${line.padEnd(60)}`);
}

async function main(): Promise<void> {
  const { values: flags } = cli.parse();
  burstEvents = wholeNumber(flags.events, '--events', { fallback: 3000 });
  pacedRate = positiveNumber(flags.rate, '--rate', 200);
  pacedEvents = Math.max(1, Math.round(pacedRate * positiveNumber(flags['paced-seconds'], '--paced-seconds', 5)));
  const transports: [string, Record<string, string>][] = [['embedded', { BUS: 'embedded' }]];
  if (process.env.KAFKA_BROKERS) transports.push(['kafka', { BUS: 'kafka', KAFKA_BROKERS: process.env.KAFKA_BROKERS }]);
  else process.stderr.write('KAFKA_BROKERS not set: measuring the embedded bus only (npm run kafka:up; KAFKA_BROKERS=127.0.0.1:9092)\n');
  const results: Result[] = [];
  for (const [name, env] of transports) {
    progress(`${name}: starting the consumer process`);
    results.push(await measure(name, env));
  }
  process.stderr.write(`\r${' '.repeat(60)}\r`);
  const fixed = (ms: number) => ms.toFixed(0).padStart(6);
  process.stdout.write(
    `\nappend → handled in another process (relay, bus, inbox); paced ${pacedEvents} events at ${pacedRate}/s, burst ${burstEvents} events\n`,
  );
  process.stdout.write('transport  burst msg/s  paced p50 ms  paced p99 ms  burst p50 ms  burst p99 ms\n');
  for (const result of results) {
    process.stdout.write(
      `${result.transport.padEnd(9)}  ${result.burstPerSecond.toFixed(0).padStart(11)}  ${fixed(result.paced.p50).padStart(12)}  ${fixed(result.paced.p99).padStart(12)}  ${fixed(result.burst.p50).padStart(12)}  ${fixed(result.burst.p99).padStart(12)}\n`,
    );
  }
  process.stdout.write('\nwhere the paced latency goes, ms (p50 / p99 / max)\n');
  for (const result of results) {
    process.stdout.write(`${result.transport}\n`);
    for (const step of result.pacedSteps) {
      process.stdout.write(`  ${`${step.from} → ${step.to}`.padEnd(30)} ${fixed(step.p50)} ${fixed(step.p99)} ${fixed(step.max)}\n`);
    }
    if (result.fetchedLate !== undefined) {
      process.stdout.write(`  acknowledged before the consumer's fetch began: ${result.fetchedLate} of ${pacedEvents}\n`);
    }
  }
}

await cli.run(main);
