import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { TOPICS } from '@continuum/contracts';
import { type EventStore, type RecordedEvent, openEventStore } from '@continuum/event-store';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { describeWithPostgres, freshDatabase } from '@continuum/event-store-postgres/testing';
import { type BusTransport, busSettingsFrom, openBusTransport, toOutgoingMessage } from '@continuum/messaging';
import { freePort, holdExclusive, spawnTs } from '@continuum/testing';
import { clientAdmitted } from '@continuum/treatment-plan/testing/fixtures.js';
import { BUS_TRANSPORTS } from '../adapters.js';

// Two instances of treatment-plan side by side on Kafka and one PostgreSQL event store
// (docs/architecture/single-active.md): they share the consumer group's partitions, and the
// store's lease lets one relay publish at a time. One instance is killed (SIGKILL, mid-work)
// and started again while admissions arrive. Every admission opens its episode exactly once,
// and every EpisodeOpened reaches the bus; a relay killed between its publish and its saved
// position leaves at most the batch it had in flight to be published again, which consumers'
// inboxes drop by event id.

const ADMISSIONS = 200;
const LEASE_MS = 1000;
/** The admissions published before the kill: all the killed relay can have published. */
const BEFORE_THE_KILL = ADMISSIONS / 2;
const brokers = process.env.KAFKA_BROKERS;
const MAIN = fileURLToPath(new URL('../../services/treatment-plan/src/main.ts', import.meta.url));

type Instance = { name: string; port: number; folder: string; child: ChildProcess; stderr: () => string };

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, describe = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${describe()}`);
    await pause(200);
  }
}

const ready = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return response.status === 200 ? true : undefined;
};

const relayPublishing = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  const body = (await response.json()) as { checks?: { relay?: { details?: { publishing?: boolean } } } };
  return body.checks?.relay?.details?.publishing === true ? true : undefined;
};

if (brokers === undefined && process.env.CI === 'true') {
  it('runs two treatment-plan instances on the Kafka broker .ci/run starts (needs KAFKA_BROKERS)', () => {
    throw new Error('KAFKA_BROKERS is not set under CI=true: .ci/run must start Kafka and export KAFKA_BROKERS before the tests');
  });
}

(brokers === undefined ? describe.skip : describe)('two instances (needs KAFKA_BROKERS)', () => {
  describeWithPostgres('two treatment-plan instances on Kafka and PostgreSQL (needs POSTGRES_URL)', (serverUrl) => {
    let database: { url: string; drop(): Promise<void> };
    let store: EventStore;
    let bus: BusTransport;
    let releaseKafka: () => void;
    const instances = new Map<string, Instance>();
    const consumer = new kafkajs.Kafka({
      clientId: 'two-instances-spec',
      brokers: (brokers ?? '').split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    }).consumer({
      groupId: `two-instances-observer-${Date.now()}`,
    });
    /** Every EpisodeOpened message on treatment-plan's topic, by admission: repeats kept. */
    const published: { eventId: string; admissionId: string }[] = [];

    function start(name: string, port: number, folder: string): Instance {
      const child = spawnTs(MAIN, [], {
        cwd: folder,
        env: {
          ...process.env,
          PORT: String(port),
          DATA_DIR: folder,
          EVENT_STORE_URL: database.url,
          BUS: 'kafka',
          KAFKA_BROKERS: brokers,
          SINGLE_ACTIVE_LEASE_MS: String(LEASE_MS),
          LOG_LEVEL: 'warn',
          RATE_LIMIT_ENABLED: 'false',
          KAFKAJS_NO_PARTITIONER_WARNING: '1',
        },
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
      child.stdout?.resume();
      const instance = { name, port, folder, child, stderr: () => stderr };
      instances.set(name, instance);
      return instance;
    }

    const startedAndReady = async (instance: Instance) =>
      until(
        `${instance.name} to be ready`,
        () => ready(instance.port),
        120_000,
        () => `; its stderr:\n${instance.stderr()}`,
      );

    async function episodesOpened(admissions: ReadonlySet<string>): Promise<RecordedEvent[]> {
      const opened: RecordedEvent[] = [];
      for await (const event of store.readAll()) {
        if (event.type === 'EpisodeOpened' && admissions.has((event.data as { admissionId: string }).admissionId)) opened.push(event);
      }
      return opened;
    }

    beforeAll(async () => {
      releaseKafka = await holdExclusive('kafka-journeys');
      database = await freshDatabase(serverUrl);
      store = await openEventStore(database.url, [postgresEventStore]);
      bus = await openBusTransport(busSettingsFrom({ BUS: 'kafka', KAFKA_BROKERS: brokers }), 'two-instances-spec', BUS_TRANSPORTS);
      await bus.ensureTopics([TOPICS.intake, TOPICS.treatmentPlan]);
      await consumer.connect();
      await consumer.subscribe({ topic: TOPICS.treatmentPlan, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(message.value?.toString() ?? '{}') as {
            eventId?: string;
            type?: string;
            data?: { admissionId?: string };
          };
          if (event.type === 'EpisodeOpened' && event.eventId && event.data?.admissionId) {
            published.push({ eventId: event.eventId, admissionId: event.data.admissionId });
          }
        },
      });
    }, 120_000);

    afterAll(async () => {
      for (const instance of instances.values()) {
        instance.child.kill('SIGKILL');
        rmSync(instance.folder, { recursive: true, force: true });
      }
      await consumer.disconnect().catch(() => undefined);
      await bus?.close();
      await store?.close();
      await database?.drop();
      releaseKafka?.();
    }, 60_000);

    it('opens every episode exactly once and publishes each, while one instance is killed and started again', async () => {
      const folders = [0, 1].map((i) => mkdtempSync(path.join(tmpdir(), `two-instances-${i}-`)));
      const [portA, portB] = [await freePort(), await freePort()];
      const first = start('instance A', portA!, folders[0]!);
      const second = start('instance B', portB!, folders[1]!);
      await Promise.all([startedAndReady(first), startedAndReady(second)]);

      const admissions = Array.from({ length: ADMISSIONS }, () => clientAdmitted());
      const ids = new Set(admissions.map((event) => event.data.admissionId));
      const publish = (events: typeof admissions) => bus.publisher.publish(events.map((event) => toOutgoingMessage(TOPICS.intake, event)));

      await publish(admissions.slice(0, ADMISSIONS / 2));
      await until(
        'the first admissions to open episodes',
        async () => ((await episodesOpened(ids)).length >= 20 ? true : undefined),
        60_000,
      );
      // The instance killed is the one publishing: the other must take the relay's lease over.
      const publishing = await until(
        'one instance to hold the relay',
        async () => {
          const holders: Instance[] = [];
          for (const instance of [first, second]) if (await relayPublishing(instance.port)) holders.push(instance);
          return holders.length === 1 ? holders[0] : undefined;
        },
        30_000,
      );
      const survivor = publishing === first ? second : first;
      publishing.child.kill('SIGKILL');
      await publish(admissions.slice(ADMISSIONS / 2));
      await until('the other instance to take the relay over', () => relayPublishing(survivor.port), 30_000);
      const restarted = start(publishing.name, publishing.port, publishing.folder);
      await startedAndReady(restarted);

      const opened = await until(
        `all ${ADMISSIONS} episodes`,
        async () => {
          const found = await episodesOpened(ids);
          return found.length >= ADMISSIONS ? found : undefined;
        },
        120_000,
        () => `; ${[...instances.values()].map((instance) => instance.stderr()).join('\n')}`,
      );
      // Exactly once: one EpisodeOpened per admission, however the deliveries were split and repeated.
      const perAdmission = new Map<string, number>();
      for (const event of opened) {
        const admissionId = (event.data as { admissionId: string }).admissionId;
        perAdmission.set(admissionId, (perAdmission.get(admissionId) ?? 0) + 1);
      }
      expect(perAdmission.size).toBe(ADMISSIONS);
      expect([...perAdmission.values()].filter((count) => count !== 1)).toEqual([]);

      // Published: every EpisodeOpened, under the event id it has in the store (the topic also
      // holds what earlier runs published: only this run's admissions count).
      const storedIds = new Set(opened.map((event) => event.eventId));
      const ours = () => published.filter((message) => ids.has(message.admissionId));
      const distinctOf = () => new Set(ours().map((message) => message.eventId));
      await until(
        'every EpisodeOpened on the bus',
        async () => (distinctOf().size >= ADMISSIONS ? true : undefined),
        120_000,
        () => `; ${distinctOf().size} of ${ADMISSIONS} seen`,
      );
      const distinct = distinctOf();
      expect([...distinct].filter((eventId) => !storedIds.has(eventId))).toEqual([]);
      expect([...storedIds].filter((eventId) => !distinct.has(eventId))).toEqual([]);
      // Repeats only from the one relay killed while publishing: what it published since it last
      // saved its position (at most a second's worth), here at most the first half's EpisodeOpened.
      const repeated = ours().length - distinct.size;
      expect(repeated).toBeLessThanOrEqual(BEFORE_THE_KILL);
      process.stderr.write(
        `two instances: ${ADMISSIONS} episodes opened once each; ${ours().length} EpisodeOpened messages, ${repeated} repeated\n`,
      );
    }, 420_000);
  });
});
