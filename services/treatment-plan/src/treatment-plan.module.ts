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
import { EpisodesController } from './api/episodes.controller.js';
import { ListsController } from './api/lists.controller.js';
import { OverviewController } from './api/overview.controller.js';
import { MedicationsController, RandomTestingController } from './api/medications.controller.js';
import { OutsideSendsController } from './api/outside-sends.controller.js';
import { PlansController } from './api/plans.controller.js';
import { CareEpisodes } from './application/care-episodes.js';
import { EpisodeLedger } from './application/episode-ledger.js';
import { FoldedPlans } from './application/folded-plans.js';
import { IntegratedCare } from './application/integrated-care.js';
import { OUTSIDE_SEND_RULES, OutsideSends } from './application/outside-sends.js';
import { PLAN_RULES, TreatmentPlanCommands } from './application/treatment-plan.commands.js';
import { PlanLists } from './application/plan-lists.js';
import { NetworkOverviewQuery } from './application/network-overview.js';
import { PlanQueries } from './application/plan-queries.js';
import { SiteCapacities } from './application/site-capacities.js';
import { RandomTesting } from './application/random-testing.js';
import { Scheduler } from './application/scheduler.js';
import { WorsenedScreenings } from './application/worsened-screenings.js';
import { DualDiagnosisEventsConsumer } from './messaging/dual-diagnosis-events.consumer.js';
import { IntakeEventsConsumer } from './messaging/intake-events.consumer.js';
import { LedgerFollowUpsConsumer } from './messaging/ledger-follow-ups.consumer.js';
import { TREATMENT_PLAN_STREAM_PREFIXES, TREATMENT_PLAN_TOPIC, toIntegrationEvent } from './messaging/treatment-plan-integration-events.js';
import { TreatmentPlanProjectionsModule } from './projections/treatment-plan-projections.module.js';
import { outsideSendRulesFrom, planRulesFrom } from './treatment-plan.config.js';

/** The service's module; tests pass a ManualClock to move time (plan reviews, weeks, expiries). */
export function treatmentPlanModule(clock: Clock = systemClock): Type<unknown> {
  @Module({
    imports: [
      EventStoreModule.forRoot({ adapters: [sqliteEventStore, postgresEventStore, kurrentDbEventStore] }),
      TreatmentPlanProjectionsModule,
      // The relay publishes the ledger's and the plans' integration events (ids and codes only).
      MessagingModule.forRoot({
        service: 'treatment-plan',
        transports: [embeddedBusTransport, kafkaBusTransport],
        relay: { streamPrefixes: TREATMENT_PLAN_STREAM_PREFIXES, map: toIntegrationEvent, topic: TREATMENT_PLAN_TOPIC },
      }),
    ],
    controllers: [
      EpisodesController,
      OutsideSendsController,
      PlansController,
      MedicationsController,
      RandomTestingController,
      ListsController,
      OverviewController,
      // Clinical reads outside the care team, granted for a while with a reason (docs/domain/roles-and-sites.md#break-the-glass).
      BreakTheGlassController,
      IntakeEventsConsumer,
      DualDiagnosisEventsConsumer,
      LedgerFollowUpsConsumer,
    ],
    providers: [
      BreakTheGlass,
      EpisodeLedger,
      FoldedPlans,
      TreatmentPlanCommands,
      CareEpisodes,
      PlanQueries,
      PlanLists,
      NetworkOverviewQuery,
      SiteCapacities,
      RandomTesting,
      IntegratedCare,
      WorsenedScreenings,
      OutsideSends,
      Scheduler,
      { provide: CLOCK, useValue: clock },
      { provide: PLAN_RULES, inject: [SERVICE_CONFIG], useFactory: planRulesFrom },
      { provide: OUTSIDE_SEND_RULES, inject: [SERVICE_CONFIG], useFactory: outsideSendRulesFrom },
    ],
  })
  class TreatmentPlanModule {}
  return TreatmentPlanModule;
}

export const TreatmentPlanModule = treatmentPlanModule();
