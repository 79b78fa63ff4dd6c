import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { EventStoreModule, ReadinessRegistry, createServiceApp, eventually, serviceConfig } from '@continuum/platform';
import { MessagingModule, MessagingRuntime, connectBus } from '@continuum/messaging';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { BUS_TRANSPORTS } from './bus-transports.js';
import { asClientRegistered } from './client-registered.js';

// A service wired the way main.ts and its module will be: createServiceApp, EventStoreModule,
// MessagingModule.forRoot with a relay, connectBus. Its own events come back to its own
// handler through the embedded bus.

const TOPIC = 'continuum.wiring.events.v1';
const handled: IntegrationEvent[] = [];

@Controller()
class WiringHandler {
  @EventPattern<Record<string, IntegrationEvent>>(TOPIC)
  handle(@Payload() event: IntegrationEvent): void {
    handled.push(event);
  }
}

describe('a service wired with MessagingModule and connectBus', () => {
  let dir: string;
  let app: INestApplication;
  const logged: string[] = [];
  let topicCreations = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-wiring-'));
    const env = { EVENT_STORE_URL: `sqlite:${join(dir, 'events.db')}`, BUS: 'embedded', BUS_URL: `sqlite:${join(dir, 'bus.db')}` };
    @Module({
      imports: [
        EventStoreModule.forRoot({ adapters: [sqliteEventStore] }),
        MessagingModule.forRoot({
          service: 'wiring',
          transports: BUS_TRANSPORTS,
          relay: { map: asClientRegistered, streamPrefixes: ['wiring-client-'], topic: TOPIC },
          dataDir: join(dir, 'wiring'),
          env,
        }),
      ],
      controllers: [WiringHandler],
    })
    class WiringModule {}
    app = await createServiceApp(WiringModule, {
      serviceName: 'wiring',
      config: serviceConfig({ port: 3999, eventStoreUrl: env.EVENT_STORE_URL }),
      env,
      logSink: (line) => void logged.push(line),
    });
    // The first creation of the consumer's topics is refused, as a loaded Kafka broker refuses
    // one whose leader it does not know yet: the service waits and tries again, never ends.
    const transport = app.get(MessagingRuntime).transport;
    const ensureTopics = transport.ensureTopics.bind(transport);
    transport.ensureTopics = async (topics) => {
      topicCreations += 1;
      if (topicCreations === 1) throw new Error('This server does not host this topic-partition');
      return ensureTopics(topics);
    };
    await connectBus(app);
  }, 30_000);

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits and tries again when the bus refuses to create its topics for a moment', () => {
    expect(topicCreations).toBeGreaterThanOrEqual(2);
    expect(logged.filter((line) => line.includes('the consumer could not connect'))).toHaveLength(1);
  });

  it('publishes its appended events through the relay and hands them to its @EventPattern handler', async () => {
    const eventId = randomUUID();
    const clientId = randomUUID();
    await app.get<EventStore>(EVENT_STORE).appendToStream(
      `wiring-client-${clientId}`,
      [
        {
          eventId,
          type: 'ClientRegistered',
          data: {},
          metadata: {
            schemaVersion: 1,
            clientId,
            siteId: 'site-north',
            actor: { userId: 'u', role: 'clinician' },
            occurredAt: new Date().toISOString(),
            correlationId: 'k',
            causationId: 'k',
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    const deadline = Date.now() + 10_000;
    while (!handled.some((event) => event.eventId === eventId) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled.find((event) => event.eventId === eventId)).toMatchObject({ type: 'ClientRegistered', clientId, source: 'intake' });
  }, 20_000);

  it('reports the bus, the relay position and the consumer lag in readiness, with their limits', async () => {
    // The handler may see the event before the relay has its publish acknowledged: the embedded
    // bus wakes consumers at the commit and acknowledges after the WAL's sync; and the consumer
    // commits its offset after the handler. Readiness then says 1 behind for a moment, on either
    // side; what is asserted is where both settle.
    const report = await eventually(async () => {
      const settled = await app.get(ReadinessRegistry).report();
      const relayBehind = (settled.checks.relay?.details as { eventsBehind?: number } | undefined)?.eventsBehind;
      const consumerLag = (settled.checks['consumer-lag']?.details as { lag?: number } | undefined)?.lag;
      return relayBehind === 0 && consumerLag === 0 ? settled : undefined;
    }, 'the relay and the consumer caught up');
    expect(report.status).toBe('up');
    expect(report.checks.bus).toEqual({ status: 'up', details: { bus: `the embedded bus ${join(dir, 'bus.db')} (BUS_URL)` } });
    expect(report.checks.relay).toEqual({
      status: 'up',
      details: { topic: TOPIC, position: expect.any(Number), publishing: true, eventsBehind: 0, maxEventsBehind: 1000 },
    });
    expect(report.checks['consumer-lag']).toEqual({ status: 'up', details: { group: 'wiring', topics: [TOPIC], lag: 0, maxLag: 1000 } });
  });
});
