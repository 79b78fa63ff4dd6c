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
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { Relay, SqliteCheckpointStore, busSettingsFrom, openBusTransport } from '@continuum/messaging';
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

type Result = { transport: string; burstPerSecond: number; burst: Latency; paced: Latency };
type Latency = { p50: number; p99: number; max: number };

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
  const relay = new Relay({
    name: 'bench',
    store,
    streamPrefixes: ['bench-client-'],
    map: toIntegrationEvent,
    topic,
    publisher: bus.publisher,
    checkpoints,
    batchSize: 500,
  });
  const consumer = startConsumer(topic, busEnv, join(dir, 'consumer'));
  try {
    await consumer.ready;
    await relay.start();
    const appendedAt = new Map<string, number>();
    const append = async (index: number) => {
      const eventId = randomUUID();
      const clientId = `c${index % 100}`;
      appendedAt.set(eventId, Date.now());
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
    const pacedHandled = await waitForAll(paced, 'paced');

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
    const burstHandled = await waitForAll(burst, 'burst');
    const lastHandled = Math.max(...burst.map((eventId) => burstHandled.get(eventId) ?? 0));
    return {
      transport,
      burstPerSecond: burstEvents / ((lastHandled - burstStart) / 1000),
      burst: latencyOf(burst, appendedAt, burstHandled),
      paced: latencyOf(paced, appendedAt, pacedHandled),
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

function latencyOf(eventIds: string[], appendedAt: Map<string, number>, handledAt: Map<string, number>): Latency {
  const latencies = eventIds
    .map((eventId) => (handledAt.get(eventId) ?? Number.NaN) - (appendedAt.get(eventId) ?? Number.NaN))
    .sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.max(0, Math.ceil(p * latencies.length) - 1)];
  return { p50: percentile(0.5), p99: percentile(0.99), max: latencies[latencies.length - 1] };
}

function startConsumer(topic: string, env: Record<string, string>, dataDir: string) {
  const group = `bench-${randomUUID().slice(0, 8)}`;
  // execArgv carries ts-loader's --import when we run from the sources.
  const child = spawn(process.execPath, [...process.execArgv, CONSUMER, JSON.stringify({ topic, group, dataDir, idsOnly: true })], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handledAt = new Map<string, number>();
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
        const { eventId, handledAt: at } = JSON.parse(line) as { eventId: string; handledAt: number };
        if (!handledAt.has(eventId)) handledAt.set(eventId, at);
        waiting.delete(eventId);
      }
    }
    onLine();
  });
  return {
    ready,
    stop: () => child.kill('SIGTERM'),
    handled: (eventIds: string[], report: (done: number) => void) =>
      new Promise<Map<string, number>>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the consumer handled only part of the events within 90 s; its stderr:\n${stderr}`)),
          90_000,
        );
        waiting = new Set(eventIds.filter((eventId) => !handledAt.has(eventId)));
        onLine = () => {
          const done = eventIds.length - waiting.size;
          report(done);
          if (done === eventIds.length) {
            clearTimeout(timer);
            resolve(handledAt);
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
}

await cli.run(main);
