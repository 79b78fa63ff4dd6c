// A bystander service for the system test: it consumes treatment-plan's topic as any other
// service would (its own consumer group, through the inbox), and records what it received.
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { MessagingModule, connectBus } from '@continuum/messaging';
import { createServiceApp, serviceConfig } from '@continuum/platform';
import { BUS_TRANSPORTS } from '../adapters.js';

export type JourneyObserver = { app: INestApplication; received: IntegrationEvent[] };

export async function startJourneyObserver(env: Record<string, string>): Promise<JourneyObserver> {
  const received: IntegrationEvent[] = [];

  @Controller()
  class TreatmentPlanEventsRecorder {
    @EventPattern<Record<string, IntegrationEvent>>(TOPICS.treatmentPlan)
    record(@Payload() event: IntegrationEvent): void {
      received.push(event);
    }
  }

  @Module({
    imports: [MessagingModule.forRoot({ service: 'journey-observer', transports: BUS_TRANSPORTS })],
    controllers: [TreatmentPlanEventsRecorder],
  })
  class JourneyObserverModule {}

  const app = await createServiceApp(JourneyObserverModule, {
    serviceName: 'journey-observer',
    config: serviceConfig({ port: 3999, eventStoreUrl: env.EVENT_STORE_URL ?? 'sqlite:./data/events.db' }),
    env,
    logSink: () => undefined,
  });
  await connectBus(app);
  return { app, received };
}
