import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type INestApplication } from '@nestjs/common';
import { ReadinessRegistry } from '@continuum/platform';
import { type IntegrationEvent } from '@continuum/contracts';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { spawnTs } from '@continuum/testing';
import {
  busSettingsFrom,
  type BusTransport,
  HEADERS,
  type MessagePublisher,
  openBusTransport,
  Relay,
  SqliteCheckpointStore,
  toOutgoingMessage,
} from '@continuum/messaging';
import { type ContractConsumerOptions, startContractConsumer } from './contract-consumer.js';
import { type Handling, HandlingLog } from './handling-log.js';
import { BUS_TRANSPORTS } from './bus-transports.js';

// One contract, both transports: what a service may rely on whichever bus it runs on. Each
// test drives the reliability layer the way a service does (relay → bus → MessagingModule's
// consumer with its inbox, retries and dead letters) and judges by the handlers' effects,
// written by every consumer process to one shared log.

export type TransportUnderTest = {
  /** The bus variables a service would be given (BUS, BUS_URL or KAFKA_BROKERS). */
  env: () => Record<string, string>;
  /**
   * Kafka only: a broker of the test's own that it may stop and start (the shared one serves
   * other spec files at the same moment), and the bus variables naming it.
   */
  startRestartableBroker?: () => Promise<RestartableBroker>;
  /** How long a killed consumer's partitions take to move to a new member (Kafka: the session timeout). */
  takeoverTimeoutMs?: number;
};

export type RestartableBroker = {
  env: Record<string, string>;
  restart(): Promise<void>;
  remove(): Promise<void>;
};

const MAX_ATTEMPTS = 3;
const CONSUMER_PROCESS = fileURLToPath(new URL('./contract-consumer.process.ts', import.meta.url));

export function transportContract(name: string, transportUnderTest: TransportUnderTest): void {
  describe(`${name} transport contract`, () => {
    let dir: string;
    let env: Record<string, string>;
    let bus: BusTransport;
    let handlings: HandlingLog;
    let topic: string;
    let group: string;
    const consumers: INestApplication[] = [];
    const children: ChildProcess[] = [];
    /** What each consumer process logged (stderr, and stdout beside its protocol lines), for a failure to show. */
    const childLogs = new Map<string, () => string>();
    const takeoverMs = transportUnderTest.takeoverTimeoutMs ?? 10_000;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'continuum-contract-'));
      env = { ...transportUnderTest.env(), BUS_MAX_ATTEMPTS: String(MAX_ATTEMPTS), BUS_RETRY_BASE_MS: '20' };
      bus = await openBusTransport(busSettingsFrom(env), `contract-test-${randomUUID().slice(0, 8)}`, BUS_TRANSPORTS);
      handlings = HandlingLog.open(join(dir, 'handlings.db'));
      const suffix = randomUUID().slice(0, 8);
      topic = `continuum.contract.${suffix}.events.v1`;
      group = `contract-${suffix}`;
      await bus.ensureTopics([topic]);
    });

    afterEach(async () => {
      for (const child of children.splice(0)) child.kill('SIGKILL');
      await Promise.all(consumers.splice(0).map((app) => app.close()));
      await bus.close();
      handlings.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const consumerOptions = (member: string, extra: Partial<ContractConsumerOptions> = {}): ContractConsumerOptions => ({
      env,
      topic,
      group,
      member,
      dataDir: join(dir, 'consumer'),
      handlingLogPath: join(dir, 'handlings.db'),
      ...extra,
    });

    async function consumeInThisProcess(member: string, extra: Partial<ContractConsumerOptions> = {}): Promise<INestApplication> {
      const app = await startContractConsumer(consumerOptions(member, extra));
      consumers.push(app);
      return app;
    }

    /** Starts a member in another process; resolves once it says `ready`. */
    function consumeInChildProcess(
      member: string,
      extra: Partial<ContractConsumerOptions>,
      onHandling: (eventId: string, child: ChildProcess) => void = () => undefined,
    ) {
      const child = spawnTs(CONSUMER_PROCESS, [JSON.stringify(consumerOptions(member, extra))], {
        env: { ...process.env, ...env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      });
      children.push(child);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      childLogs.set(member, () => stderr);
      return new Promise<ChildProcess>((resolve, reject) => {
        let buffered = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) {
            if (line === 'ready') resolve(child);
            else if (line.startsWith('handling ')) onHandling(line.slice('handling '.length), child);
            else stderr += `${line}\n`;
          }
        });
        child.once('exit', (code, signal) => {
          if (signal !== 'SIGKILL')
            reject(new Error(`consumer process ${member} exited (${code ?? signal}) before it was ready:\n${stderr}`));
        });
      });
    }

    const publish = (events: IntegrationEvent[], publisher: MessagePublisher = bus.publisher) =>
      publisher.publish(events.map((event) => toOutgoingMessage(topic, event)));
    const effectsOf = (eventIds: string[]) => {
      const wanted = new Set(eventIds);
      return handlings.effects().filter((handling) => wanted.has(handling.eventId));
    };

    it('delivers one client’s events in the order they were published', async () => {
      const events = Array.from({ length: 45 }, (_, index) => admitted(`client-${index % 3}`, index));
      for (let start = 0; start < events.length; start += 9) await publish(events.slice(start, start + 9));
      await consumeInThisProcess('a');
      await until('all 45 events were handled', () => handlings.effects().length >= 45);
      for (const clientId of ['client-0', 'client-1', 'client-2']) {
        const handledOrder = handlings
          .effects()
          .filter((handling) => handling.key === clientId)
          .map((handling) => handling.eventId);
        expect(handledOrder).toEqual(events.filter((event) => event.clientId === clientId).map((event) => event.eventId));
      }
    }, 60_000);

    it('shares the partitions between the members of a group: each event handled by exactly one member', async () => {
      await Promise.all([consumeInThisProcess('a'), consumeInThisProcess('b')]);
      const published: string[] = [];
      const deadline = Date.now() + takeoverMs + 20_000;
      // Keep publishing until both members have had a share: a Kafka group settles only after a rebalance.
      while (published.length < 40 || new Set(handlings.effects().map((handling) => handling.member)).size < 2) {
        if (Date.now() > deadline)
          throw new Error(
            `after ${published.length} events only members ${[...new Set(handlings.effects().map((h) => h.member))].join(', ')} had handled any`,
          );
        const round = Array.from({ length: 8 }, (_, index) => admitted(`client-${randomUUID()}`, index));
        await publish(round);
        published.push(...round.map((event) => event.eventId));
        await sleep(250);
      }
      await until('every published event was handled', () => effectsOf(published).length >= published.length, 30_000);
      expectEachExactlyOnce(effectsOf(published), published);
      expect(new Set(effectsOf(published).map((handling) => handling.member))).toEqual(new Set(['a', 'b']));
    }, 90_000);

    it('a member killed mid-batch and started again: every event has its effect exactly once', async () => {
      const events = Array.from({ length: 24 }, (_, index) => admitted(`client-${index % 4}`, index));
      await publish(events);
      const eventIds = events.map((event) => event.eventId);
      let seen = 0;
      let killed!: () => void;
      const wasKilled = new Promise<void>((resolve) => (killed = resolve));
      await consumeInChildProcess('doomed', { handleDelayMs: 100 }, (_eventId, child) => {
        // The 8th run is in its handler (100 ms before its effect) when the process dies.
        if (++seen === 8) {
          child.kill('SIGKILL');
          killed();
        }
      });
      await wasKilled;
      const beforeRestart = effectsOf(eventIds).length;
      expect(beforeRestart).toBeGreaterThan(0);
      expect(beforeRestart).toBeLessThan(events.length);
      await consumeInChildProcess('restarted', { handleDelayMs: 5 });
      await until(
        'every event had its effect',
        () => new Set(effectsOf(eventIds).map((handling) => handling.eventId)).size === events.length,
        takeoverMs + 30_000,
      );
      await sleep(500);
      expectEachExactlyOnce(effectsOf(eventIds), eventIds);
    }, 120_000);

    it('a duplicate delivery of the same event has no second effect', async () => {
      const duplicated = admitted('client-dup', 1);
      const after = admitted('client-dup', 2);
      await consumeInThisProcess('a');
      await publish([duplicated]);
      await publish([duplicated, after]);
      await until('the event after the duplicate was handled', () => effectsOf([after.eventId]).length === 1);
      // The offset moves once the handled event's inbox record is synced, moments after its effect.
      await until('every delivery was committed', async () => (await bus.admin.consumerLag(group, [topic])) === 0);
      expect(effectsOf([duplicated.eventId])).toHaveLength(1);
      expect(effectsOf([after.eventId])).toHaveLength(1);
    }, 60_000);

    it(`parks a poison message on <topic>.dlq after ${MAX_ATTEMPTS} attempts with the error, while the events behind it are handled`, async () => {
      const before = admitted('client-p', 1);
      const poison = admitted('client-p', 2);
      const behind = [admitted('client-p', 3), admitted('client-p', 4)];
      await publish([before, poison, ...behind]);
      await consumeInThisProcess('a', { poisonEventIds: [poison.eventId] });
      await until('the events behind the poison were handled', () => effectsOf(behind.map((event) => event.eventId)).length === 2, 30_000);

      expect(handlings.effects().map((handling) => handling.eventId)).toEqual([before.eventId, ...behind.map((event) => event.eventId)]);
      expect(handlings.all().filter((handling) => handling.eventId === poison.eventId)).toHaveLength(MAX_ATTEMPTS);
      let deadLetters: Awaited<ReturnType<BusTransport['admin']['readDeadLetters']>> = [];
      await until('the dead letter can be read', async () => (deadLetters = await bus.admin.readDeadLetters(topic)).length > 0);
      expect(deadLetters).toHaveLength(1);
      const [deadLetter] = deadLetters;
      expect(JSON.parse(deadLetter.value)).toEqual(poison);
      expect(deadLetter.key).toBe('client-p');
      expect(deadLetter.headers).toMatchObject({
        [HEADERS.eventId]: poison.eventId,
        [HEADERS.error]: 'cannot place client at level "9.9" (contract poison)',
        [HEADERS.attempts]: String(MAX_ATTEMPTS),
        [HEADERS.originalTopic]: topic,
        [HEADERS.consumerGroup]: group,
      });
      expect(deadLetter.headers[HEADERS.originalOffset]).toMatch(/^\d+$/);
      expect(deadLetter.headers[HEADERS.originalPartition]).toMatch(/^\d+$/);
    }, 60_000);

    it('parks malformed messages on <topic>.dlq at once with the reason, before any handler: an id with nothing else, and bytes that are not JSON', async () => {
      const bare = randomUUID();
      const bytes = randomUUID();
      const clientId = randomUUID();
      const behind = registered(clientId);
      await bus.publisher.publish([
        { topic, key: clientId, value: JSON.stringify({ eventId: bare, foo: 1 }), headers: {} },
        { topic, key: clientId, value: '\u0000\u0001\u00ff not json', headers: { [HEADERS.eventId]: bytes } },
        toOutgoingMessage(topic, behind),
      ]);
      await consumeInThisProcess('a', { contracts: true });
      await until('the valid event behind them was handled', () => effectsOf([behind.eventId]).length === 1, 30_000);

      expect(handlings.all().map((handling) => handling.eventId)).toEqual([behind.eventId]);
      let deadLetters: Awaited<ReturnType<BusTransport['admin']['readDeadLetters']>> = [];
      await until('both dead letters can be read', async () => (deadLetters = await bus.admin.readDeadLetters(topic)).length >= 2);
      const byId = (eventId: string) =>
        deadLetters.find((letter) => letter.headers[HEADERS.eventId] === eventId || letter.value.includes(eventId));
      expect(deadLetters).toHaveLength(2);
      expect(byId(bare)?.headers).toMatchObject({
        [HEADERS.error]: expect.stringMatching(/^contract: .*type: is required/),
        [HEADERS.attempts]: '0',
        [HEADERS.consumerGroup]: group,
      });
      expect(byId(bytes)?.headers).toMatchObject({
        [HEADERS.error]: 'envelope: the message value is not JSON, not an integration event object',
        [HEADERS.attempts]: '0',
      });
      expect(byId(bytes)?.value).toBe('\u0000\u0001\u00ff not json');
    }, 60_000);

    it('skips a well-formed event of a type no contract names from a known producer, counts it, and parks nothing', async () => {
      const clientId = randomUUID();
      const unknown = { ...registered(clientId), type: 'ClientMovedHouse', data: { note: 'newer than this consumer' } };
      const behind = registered(clientId);
      await publish([unknown, behind]);
      const app = await consumeInThisProcess('a', { contracts: true });
      await until('the event behind it was handled', () => effectsOf([behind.eventId]).length === 1, 30_000);
      expect(handlings.all().map((handling) => handling.eventId)).toEqual([behind.eventId]);
      expect(await bus.admin.readDeadLetters(topic)).toEqual([]);
      const { checks } = await app.get(ReadinessRegistry).report();
      expect(checks['consumer-lag'].details).toMatchObject({ skippedUnknownTypes: { [`${topic} ClientMovedHouse`]: 1 } });
    }, 60_000);

    it('a relay stopped after some batches and started again loses nothing and duplicates nothing in effect', async () => {
      const store = await SqliteEventStore.open({ path: join(dir, 'events.db'), pollIntervalMs: 10 });
      const checkpoints = SqliteCheckpointStore.open(join(dir, 'checkpoints.db'));
      try {
        const batches: number[] = [];
        const countingPublisher: MessagePublisher = {
          publish: async (messages) => {
            await bus.publisher.publish(messages);
            batches.push(messages.length);
          },
          close: async () => undefined,
        };
        const relayOf = () =>
          new Relay({
            name: `relay-${group}`,
            store,
            streamPrefixes: ['client-'],
            map: toAdmitted,
            topic,
            publisher: countingPublisher,
            checkpoints,
            batchSize: 5,
          });
        await consumeInThisProcess('a');
        const appended = await appendAdmissions(store, 30);
        const first = relayOf();
        await first.start();
        await until('three batches were acknowledged', () => batches.length >= 3);
        await first.stop();
        appended.push(...(await appendAdmissions(store, 20)));
        const second = relayOf();
        await second.start();
        await until(
          'every appended event had its effect',
          () => new Set(effectsOf(appended).map((handling) => handling.eventId)).size === appended.length,
          30_000,
        );
        await second.stop();
        await sleep(300);
        expectEachExactlyOnce(effectsOf(appended), appended);
        expect(batches.reduce((sum, size) => sum + size, 0)).toBeGreaterThanOrEqual(appended.length);
      } finally {
        await checkpoints.close();
        await store.close();
      }
    }, 60_000);

    if (transportUnderTest.startRestartableBroker) {
      const startRestartableBroker = transportUnderTest.startRestartableBroker;
      it('a broker restart loses nothing: the relay waits for the broker and the consumer carries on', async () => {
        const broker = await startRestartableBroker();
        await bus.close();
        env = { ...env, ...broker.env };
        bus = await openBusTransport(busSettingsFrom(env), `contract-test-${randomUUID().slice(0, 8)}`, BUS_TRANSPORTS);
        await bus.ensureTopics([topic]);
        const store = await SqliteEventStore.open({ path: join(dir, 'events.db'), pollIntervalMs: 10 });
        const checkpoints = SqliteCheckpointStore.open(join(dir, 'checkpoints.db'));
        // The relay's own account of its retries, for a failure to show beside the consumer's log.
        const relayLog: string[] = [];
        const note = (level: string) => (message: unknown) => void relayLog.push(`${level} ${JSON.stringify(message)}`);
        const relay = new Relay({
          name: `relay-${group}`,
          store,
          streamPrefixes: ['client-'],
          map: toAdmitted,
          topic,
          publisher: bus.publisher,
          checkpoints,
          retryBaseMs: 200,
          logger: { log: note('log'), warn: note('warn'), error: note('error') },
        });
        try {
          // In another process: after a broker restart, closing an in-process Kafka consumer left a
          // connection to the broker open that kept jest alive for minutes (seen in CI runs).
          await consumeInChildProcess('a', {});
          await relay.start();
          const appended = await appendAdmissions(store, 10);
          await until('the first events were handled', () => effectsOf(appended).length === 10, 30_000);
          await broker.restart();
          appended.push(...(await appendAdmissions(store, 10)));
          await until(
            'every event, before and after the restart, had its effect',
            () => new Set(effectsOf(appended).map((h) => h.eventId)).size === appended.length,
            90_000,
          ).catch((error: Error) => {
            // Seen twice in CI under load, never alone: say which side stopped.
            const handled = new Set(effectsOf(appended).map((h) => h.eventId)).size;
            throw new Error(
              `${error.message}; ${handled} of ${appended.length} handled\nrelay stall: ${JSON.stringify(relay.stall() ?? 'none')}\n${relayLog.slice(-20).join('\n')}\nconsumer a's log (last 4,000 characters):\n${(childLogs.get('a')?.() ?? '').slice(-4000)}`,
            );
          });
          expectEachExactlyOnce(effectsOf(appended), appended);
        } finally {
          await relay.stop();
          await checkpoints.close();
          await store.close();
          for (const child of children.splice(0)) child.kill('SIGKILL');
          await bus.close();
          await broker.remove();
        }
      }, 240_000);
    }
  });
}

function expectEachExactlyOnce(effects: Handling[], eventIds: string[]): void {
  const counts = new Map(eventIds.map((eventId) => [eventId, 0]));
  for (const effect of effects) counts.set(effect.eventId, (counts.get(effect.eventId) ?? 0) + 1);
  const wrong = [...counts].filter(([, count]) => count !== 1);
  expect(wrong).toEqual([]);
}

function admitted(clientId: string, sequence: number): IntegrationEvent {
  return {
    eventId: randomUUID(),
    type: 'ClientAdmitted',
    schemaVersion: 1,
    source: 'contract',
    occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, sequence)).toISOString(),
    clientId,
    siteId: 'site-north',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: { levelOfCare: '2.1', sequence },
  };
}

/** An integration event that meets its contract (libs/contracts): intake's ClientRegistered. */
function registered(clientId: string): IntegrationEvent {
  const at = new Date().toISOString();
  return {
    eventId: randomUUID(),
    type: 'ClientRegistered',
    schemaVersion: 1,
    source: 'intake',
    occurredAt: at,
    clientId,
    siteId: 'site-north',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: { clientId, siteId: 'site-north', possibleDuplicateOf: [], registeredAt: at },
  };
}

function toAdmitted(recorded: RecordedEvent): IntegrationEvent {
  return {
    eventId: recorded.eventId,
    type: recorded.type,
    schemaVersion: 1,
    source: 'contract',
    occurredAt: recorded.metadata.occurredAt,
    clientId: recorded.metadata.clientId ?? recorded.streamId,
    siteId: recorded.metadata.siteId,
    correlationId: recorded.metadata.correlationId,
    causationId: recorded.metadata.causationId,
    data: recorded.data,
  };
}

/** Appends `count` admissions, one per event, over a few clients; returns their ids in order. */
async function appendAdmissions(store: EventStore, count: number): Promise<string[]> {
  const eventIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const clientId = `c${index % 5}`;
    const eventId = randomUUID();
    await store.appendToStream(
      `client-${clientId}`,
      [
        {
          eventId,
          type: 'ClientAdmitted',
          data: { levelOfCare: '2.1' },
          metadata: {
            schemaVersion: 1,
            clientId,
            siteId: 'site-north',
            actor: { userId: 'u-1', role: 'clinician' },
            occurredAt: new Date().toISOString(),
            correlationId: randomUUID(),
            causationId: randomUUID(),
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    eventIds.push(eventId);
  }
  return eventIds;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms, yet not: ${what}`);
    await sleep(25);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
