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
import { ClientListsController } from './api/client-lists.controller.js';
import { ClientsController } from './api/clients.controller.js';
import { ScreeningCorrectionsController } from './api/screening-corrections.controller.js';
import { ConsentsController } from './api/consents.controller.js';
import { ConsentPolicyController } from './api/consent-policy.controller.js';
import { RestrictionsController } from './api/restrictions.controller.js';
import { SafetyFollowUpsController } from './api/safety-follow-ups.controller.js';
import { CareTeams } from './application/care-teams.js';
import { ClientIndex } from './application/client-index.js';
import { DuplicateReviews } from './application/duplicate-reviews.js';
import { DuplicateReviewsController } from './api/duplicate-reviews.controller.js';
import { TreatmentPlanEventsConsumer } from './messaging/treatment-plan-events.consumer.js';
import { ClientLists } from './application/client-lists.js';
import { INTAKE_CONFIG, IntakeCommands } from './application/intake.commands.js';
import { IntakeQueries } from './application/intake.queries.js';
import { FoldedClients } from './application/folded-clients.js';
import { ReEntryReferrals } from './application/re-entry-referrals.js';
import { SafetyFollowUpQueue } from './application/safety-follow-up-queue.js';
import { SafetyFollowUpScheduler } from './application/safety-follow-up-scheduler.js';
import { type IntakeServiceConfig, intakeConfigOf } from './intake.config.js';
import { AftercareEventsConsumer } from './messaging/aftercare-events.consumer.js';
import { INTAKE_STREAM_PREFIXES, INTAKE_TOPIC, toIntegrationEvent } from './messaging/intake-integration-events.js';
import { IntakeProjectionsModule } from './projections/intake-projections.module.js';

/** The service's module; a system test or the demo passes the clock the other services share, to move time for all of them. */
export function intakeModule(clock: Clock = systemClock): Type<unknown> {
  @Module({
    imports: [
      EventStoreModule.forRoot({ adapters: [sqliteEventStore, postgresEventStore, kurrentDbEventStore] }),
      IntakeProjectionsModule,
      // The relay publishes intake's integration events (ids and codes only) from its streams.
      MessagingModule.forRoot({
        service: 'intake',
        transports: [embeddedBusTransport, kafkaBusTransport],
        relay: { streamPrefixes: INTAKE_STREAM_PREFIXES, map: toIntegrationEvent, topic: INTAKE_TOPIC },
      }),
    ],
    controllers: [
      ClientsController,
      ScreeningCorrectionsController,
      ConsentsController,
      ConsentPolicyController,
      RestrictionsController,
      ClientListsController,
      SafetyFollowUpsController,
      DuplicateReviewsController,
      // Break the glass (docs/domain/intake-record-views.md#break-the-glass): grants recorded in intake's access log.
      BreakTheGlassController,
      AftercareEventsConsumer,
      TreatmentPlanEventsConsumer,
    ],
    providers: [
      IntakeCommands,
      IntakeQueries,
      FoldedClients,
      ClientIndex,
      ClientLists,
      CareTeams,
      BreakTheGlass,
      DuplicateReviews,
      ReEntryReferrals,
      SafetyFollowUpQueue,
      SafetyFollowUpScheduler,
      { provide: CLOCK, useValue: clock },
      { provide: INTAKE_CONFIG, inject: [SERVICE_CONFIG], useFactory: (config: IntakeServiceConfig) => intakeConfigOf(config) },
    ],
  })
  class IntakeModule {}
  return IntakeModule;
}

export const IntakeModule = intakeModule();
