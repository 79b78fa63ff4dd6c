import 'reflect-metadata';
import { Controller, Global, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent } from '@continuum/contracts';
import { ReadinessRegistry } from '@continuum/platform';
import { MessagingModule, connectBus, envelopeCheck } from '@continuum/messaging';
import { HandlingLog } from './handling-log.js';
import { BUS_TRANSPORTS } from './bus-transports.js';

// A consumer the way a service builds one — MessagingModule, an @EventPattern handler,
// connectBus — whose handler writes what it did to the shared HandlingLog. The contract
// suite runs it in the test process or, to kill it mid-batch, in a child process.

export type ContractConsumerOptions = {
  /** BUS, BUS_URL / KAFKA_BROKERS, BUS_MAX_ATTEMPTS, BUS_RETRY_BASE_MS. */
  env: Record<string, string>;
  topic: string;
  group: string;
  /** Names this member in the log. */
  member: string;
  /** Inbox folder: the members of one group on one machine share it. */
  dataDir: string;
  handlingLogPath: string;
  /** Time each handler run takes before its effect: a window to kill the process in. */
  handleDelayMs?: number;
  /** Events whose handler always throws. */
  poisonEventIds?: string[];
  /** Called as each handler run starts. */
  onHandling?: (eventId: string) => void;
  /**
   * Check messages against the network's integration event contracts, as services do. Off,
   * the suite's test events need only an envelope (an event id and a type).
   */
  contracts?: boolean;
};

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessOnlyModule {}

export async function startContractConsumer(options: ContractConsumerOptions): Promise<INestApplication> {
  const log = HandlingLog.open(options.handlingLogPath);
  const poison = new Set(options.poisonEventIds ?? []);

  @Controller()
  class ContractHandler {
    @EventPattern<Record<string, IntegrationEvent>>(options.topic)
    async handle(@Payload() event: IntegrationEvent): Promise<void> {
      options.onHandling?.(event.eventId);
      if (options.handleDelayMs) await new Promise((resolve) => setTimeout(resolve, options.handleDelayMs));
      if (poison.has(event.eventId)) {
        log.add({ eventId: event.eventId, key: event.clientId, member: options.member, outcome: 'failed' });
        throw new Error(`cannot place client at level "9.9" (contract poison)`);
      }
      log.add({ eventId: event.eventId, key: event.clientId, member: options.member, outcome: 'effect' });
    }
  }

  @Module({
    imports: [
      ReadinessOnlyModule,
      MessagingModule.forRoot({
        service: `contract-${options.member}`,
        group: options.group,
        dataDir: options.dataDir,
        env: options.env,
        transports: BUS_TRANSPORTS,
        ...(options.contracts ? {} : { check: envelopeCheck }),
      }),
    ],
    controllers: [ContractHandler],
  })
  class ContractConsumerModule {}

  const app = await NestFactory.create(ContractConsumerModule, { logger: ['error'] });
  await app.init();
  await connectBus(app);
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    log.close();
  };
  return app;
}
