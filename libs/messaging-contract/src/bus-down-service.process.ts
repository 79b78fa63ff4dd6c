import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent } from '@continuum/contracts';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { EventStoreModule, serviceConfig, startService } from '@continuum/platform';
import { MessagingModule, connectBus } from '@continuum/messaging';
import { BUS_TRANSPORTS } from './bus-transports.js';
import { asClientRegistered } from './client-registered.js';

// `node --import ts-loader bus-down-service.process.ts '{"relayTopic":…,"consumerTopic":…}'`
// with PORT, EVENT_STORE_URL, DATA_DIR and the bus variables in the environment: a service
// built the way main.ts builds one (startService, then connectBus), relaying the
// `bus-down-client-*` streams as intake's ClientRegistered. Prints `starting <ms>` before it boots, `listening <ms>` once it serves
// HTTP and `consuming` once its consumer joined the bus, besides its JSON log lines.

type Options = { relayTopic: string; consumerTopic: string };
const options = JSON.parse(process.argv[2]) as Options;

@Controller()
class ConsumerOfTheTopic {
  @EventPattern<Record<string, IntegrationEvent>>(options.consumerTopic)
  handle(@Payload() event: IntegrationEvent): void {
    process.stdout.write(`handled ${event.eventId}\n`);
  }
}

@Module({
  imports: [
    EventStoreModule.forRoot({ adapters: [sqliteEventStore] }),
    MessagingModule.forRoot({
      service: 'bus-down',
      transports: BUS_TRANSPORTS,
      relay: { map: asClientRegistered, streamPrefixes: ['bus-down-client-'], topic: options.relayTopic },
    }),
  ],
  controllers: [ConsumerOfTheTopic],
})
class BusDownServiceModule {}

// Milliseconds since the process started (Node's own clock): modules loaded, about to boot.
process.stdout.write(`starting ${Math.round(performance.now())}\n`);
const app = await startService(BusDownServiceModule, {
  serviceName: 'bus-down',
  config: serviceConfig({ port: 3998, eventStoreUrl: 'sqlite:./data/bus-down-events.db' }),
});
process.stdout.write(`listening ${Math.round(performance.now())}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
if (await connectBus(app)) process.stdout.write('consuming\n');
