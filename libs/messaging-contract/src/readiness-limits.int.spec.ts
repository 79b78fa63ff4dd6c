import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@continuum/event-store';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { EventStoreModule, ReadinessRegistry, createServiceApp, serviceConfig } from '@continuum/platform';
import { MessagingModule, busSettingsFrom, openBusTransport, toOutgoingMessage } from '@continuum/messaging';
import { BUS_TRANSPORTS } from './bus-transports.js';
import { startContractConsumer } from './contract-consumer.js';

// Readiness turns down past the configured limits and up again below them
// (docs/architecture/messaging.md#health), on the embedded bus.

let dir: string;
let app: INestApplication | undefined;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'continuum-readiness-limits-'))));
afterEach(async () => {
  await app?.close();
  app = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const reportOf = () => (app as INestApplication).get(ReadinessRegistry).report();

function testEvent(sequence: number): IntegrationEvent {
  return {
    eventId: randomUUID(),
    type: 'ClientAdmitted',
    schemaVersion: 1,
    source: 'limits',
    occurredAt: new Date().toISOString(),
    clientId: 'client-1',
    siteId: 'site-north',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: { sequence },
  };
}

it('is not ready while the consumer group has more than BUS_CONSUMER_LAG_MAX messages to handle, and ready once it caught up', async () => {
  const env = { BUS: 'embedded', BUS_URL: `sqlite:${join(dir, 'bus.db')}`, BUS_CONSUMER_LAG_MAX: '2' };
  const topic = `continuum.limits-${randomUUID().slice(0, 8)}.events.v1`;
  const bus = await openBusTransport(busSettingsFrom(env), 'limits-spec', BUS_TRANSPORTS);
  try {
    await bus.publisher.publish(Array.from({ length: 8 }, (_, index) => toOutgoingMessage(topic, testEvent(index))));
    app = await startContractConsumer({
      env,
      topic,
      group: 'limits',
      member: 'a',
      dataDir: join(dir, 'consumer'),
      handlingLogPath: join(dir, 'handlings.db'),
      handleDelayMs: 300,
    });
    const behind = await reportOf();
    expect(behind.status).toBe('down');
    expect(behind.checks['consumer-lag']).toEqual({
      status: 'down',
      details: {
        group: 'limits',
        topics: [topic],
        maxLag: 2,
        lag: expect.any(Number),
        reason: 'more than 2 messages to handle (BUS_CONSUMER_LAG_MAX)',
      },
    });
    expect((behind.checks['consumer-lag'].details as { lag: number }).lag).toBeGreaterThan(2);
    await until(async () => (await reportOf()).status === 'up', 20_000);
    expect((await reportOf()).checks['consumer-lag'].details).toMatchObject({ lag: expect.any(Number) });
  } finally {
    await bus.close();
  }
}, 40_000);

it('is not ready while the relay has more than BUS_RELAY_LAG_MAX events to publish, and ready once it published them', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const map = async (recorded: RecordedEvent): Promise<IntegrationEvent> => {
    await gate;
    return { ...testEvent(0), eventId: recorded.eventId };
  };
  const env = {
    EVENT_STORE_URL: `sqlite:${join(dir, 'events.db')}`,
    BUS: 'embedded',
    BUS_URL: `sqlite:${join(dir, 'bus.db')}`,
    BUS_RELAY_LAG_MAX: '2',
  };
  @Module({
    imports: [
      EventStoreModule.forRoot({ adapters: [sqliteEventStore] }),
      MessagingModule.forRoot({
        service: 'limits',
        transports: BUS_TRANSPORTS,
        relay: { streamPrefixes: ['limits-client-'], map, topic: 'continuum.limits.events.v1' },
        dataDir: join(dir, 'limits'),
        env,
      }),
    ],
  })
  class RelayOnlyModule {}
  app = await createServiceApp(RelayOnlyModule, {
    serviceName: 'limits',
    config: serviceConfig({ port: 3997, eventStoreUrl: env.EVENT_STORE_URL }),
    env,
    logSink: () => undefined,
  });
  const store = app.get<EventStore>(EVENT_STORE);
  for (let index = 0; index < 4; index++) await appendOne(store);

  await until(async () => (await reportOf()).status === 'down', 5_000);
  expect((await reportOf()).checks.relay).toEqual({
    status: 'down',
    details: {
      topic: 'continuum.limits.events.v1',
      position: 0,
      publishing: true,
      eventsBehind: 4,
      maxEventsBehind: 2,
      reason: 'more than 2 events to publish (BUS_RELAY_LAG_MAX)',
    },
  });
  release();
  await until(async () => (await reportOf()).status === 'up', 10_000);
  expect((await reportOf()).checks.relay.details).toMatchObject({ eventsBehind: 0 });
}, 30_000);

async function appendOne(store: EventStore): Promise<void> {
  await store.appendToStream(
    `limits-client-${randomUUID()}`,
    [
      {
        eventId: randomUUID(),
        type: 'ClientAdmitted',
        data: {},
        metadata: {
          schemaVersion: 1,
          clientId: 'client-1',
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
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`the condition did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
