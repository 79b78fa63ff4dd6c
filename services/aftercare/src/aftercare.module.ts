import { Module, type Type } from '@nestjs/common';
import { kurrentDbEventStore } from '@continuum/event-store-kurrentdb';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { MessagingModule } from '@continuum/messaging';
import { embeddedBusTransport } from '@continuum/messaging-embedded';
import { kafkaBusTransport } from '@continuum/messaging-kafka';
import {
  BreakTheGlass,
  BreakTheGlassController,
  CLOCK,
  type Clock,
  EventStoreModule,
  SERVICE_CONFIG,
  systemClock,
} from '@continuum/platform';
import { type AftercareConfig, aftercareRulesFrom } from './aftercare.config.js';
import { AftercareListsController } from './api/aftercare-lists.controller.js';
import { AftercarePlansController } from './api/aftercare-plans.controller.js';
import { AFTERCARE_RULES, AftercareCommands } from './application/aftercare.commands.js';
import { AftercareLists } from './application/aftercare-lists.js';
import { AftercareQueries } from './application/aftercare-queries.js';
import { CareTeams } from './application/care-teams.js';
import { ConsentCopies } from './application/consent-copies.js';
import { ConsentFiles } from './application/consent-files.js';
import { ContinuingCare } from './application/continuing-care.js';
import { FoldedPlans } from './application/folded-plans.js';
import { AftercareScheduler } from './application/scheduler.js';
import { type AftercareRules } from './domain/index.js';
import { AFTERCARE_STREAM_PREFIXES, AFTERCARE_TOPIC, toIntegrationEvent } from './messaging/aftercare-integration-events.js';
import { ConsentEventsConsumer } from './messaging/consent-events.consumer.js';
import { TreatmentPlanEventsConsumer } from './messaging/treatment-plan-events.consumer.js';
import { AftercareProjectionsModule } from './projections/aftercare-projections.module.js';

/**
 * The service's module; tests pass a ManualClock to move time (check-ins, grace days, the end
 * of the year). The rules come from the configuration unless a spec passes its own.
 */
export function aftercareModule(clock: Clock = systemClock, rules?: AftercareRules): Type<unknown> {
  @Module({
    imports: [
      EventStoreModule.forRoot({ adapters: [sqliteEventStore, postgresEventStore, kurrentDbEventStore] }),
      AftercareProjectionsModule,
      // The relay publishes the five aftercare integration events (ids, dates and codes only).
      MessagingModule.forRoot({
        service: 'aftercare',
        transports: [embeddedBusTransport, kafkaBusTransport],
        relay: { streamPrefixes: AFTERCARE_STREAM_PREFIXES, map: toIntegrationEvent, topic: AFTERCARE_TOPIC },
      }),
    ],
    controllers: [
      AftercarePlansController,
      AftercareListsController,
      // Break-the-glass for a plan's clinical detail (docs/domain/aftercare.md#who-reads-a-plan).
      BreakTheGlassController,
      TreatmentPlanEventsConsumer,
      ConsentEventsConsumer,
    ],
    providers: [
      FoldedPlans,
      AftercareCommands,
      AftercareQueries,
      AftercareLists,
      ContinuingCare,
      ConsentFiles,
      ConsentCopies,
      CareTeams,
      BreakTheGlass,
      AftercareScheduler,
      { provide: CLOCK, useValue: clock },
      { provide: AFTERCARE_RULES, inject: [SERVICE_CONFIG], useFactory: (config: AftercareConfig) => rules ?? aftercareRulesFrom(config) },
    ],
  })
  class AftercareModule {}
  return AftercareModule;
}

export const AftercareModule = aftercareModule();
