import 'reflect-metadata';
import { Controller, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { type IntegrationEvent } from '@continuum/contracts';
import { ReadinessRegistry } from '@continuum/platform';
import { MessagingModule, connectBus, envelopeCheck } from '@continuum/messaging';
import { BUS_TRANSPORTS } from './bus-transports.js';

// `node --import ts-loader printing-consumer.process.ts '{"topic":…,"group":…,"dataDir":…}'`
// with the bus variables in the environment: a service-shaped consumer in its own process
// that prints `ready`, then one JSON line per handled event: `{ handledAt, event }` (or only
// the event id with "idsOnly": true, for the benchmark, and on Kafka its fetch's times). It prints test events too: it checks
// only their envelope.

type Options = { topic: string; group: string; dataDir: string; idsOnly?: boolean };
const options = JSON.parse(process.argv[2]) as Options;

@Controller()
class PrintingHandler {
  @EventPattern<Record<string, IntegrationEvent>>(options.topic)
  handle(@Payload() event: IntegrationEvent, @Ctx() context: unknown): void {
    const handledAt = Date.now();
    if (!options.idsOnly) {
      process.stdout.write(`${JSON.stringify({ handledAt, event })}\n`);
      return;
    }
    if (context instanceof KafkaContext) kafkaFetches.watch(context);
    process.stdout.write(`${JSON.stringify({ handledAt, eventId: event.eventId, ...kafkaFetches.last })}\n`);
  }
}

/**
 * For the benchmark's breakdown on Kafka: when the fetch that brought the message began and
 * returned. kafkajs fetches again only once every message of the last fetch was handled, so
 * while a handler runs, the last fetch is its message's. Watched from the first message on.
 */
const kafkaFetches = {
  last: {} as { fetchStartedAt?: number; fetchedAt?: number },
  watching: false,
  watch(context: KafkaContext): void {
    if (this.watching) return;
    this.watching = true;
    const consumer = context.getConsumer();
    consumer.on(consumer.events.FETCH_START, () => (this.last = { fetchStartedAt: Date.now() }));
    consumer.on(consumer.events.FETCH, () => (this.last = { ...this.last, fetchedAt: Date.now() }));
  },
};

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessOnlyModule {}

@Module({
  imports: [
    ReadinessOnlyModule,
    MessagingModule.forRoot({
      service: options.group,
      group: options.group,
      dataDir: options.dataDir,
      transports: BUS_TRANSPORTS,
      check: envelopeCheck,
    }),
  ],
  controllers: [PrintingHandler],
})
class PrintingConsumerModule {}

const app = await NestFactory.create(PrintingConsumerModule, { logger: ['error'] });
await app.init();
await connectBus(app);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
