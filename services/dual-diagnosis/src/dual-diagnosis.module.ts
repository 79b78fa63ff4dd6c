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
import { ProvidersController } from './api/providers.controller.js';
import { ReferralListsController } from './api/referral-lists.controller.js';
import { ReferralsController } from './api/referrals.controller.js';
import { ClientReferralsController } from './api/client-referrals.controller.js';
import { ClientFiles } from './application/client-files.js';
import { DualDiagnosisCommands, REFERRAL_CONFIG } from './application/dual-diagnosis.commands.js';
import { OVERDUE_CHECK_INTERVAL_MS, OverdueScheduler } from './application/overdue-scheduler.js';
import { ProviderDirectory } from './application/provider-directory.js';
import { ReferralLists } from './application/referral-lists.js';
import { ReferralQueries } from './application/referral-queries.js';
import { FoldedReferrals } from './application/folded-referrals.js';
import { ReferralRequests } from './application/referral-requests.js';
import { type DualDiagnosisConfig, referralConfigOf } from './dual-diagnosis.config.js';
import { DualDiagnosisConsumers } from './messaging/dual-diagnosis-consumers.js';
import { DUAL_DIAGNOSIS_STREAM_PREFIXES, DUAL_DIAGNOSIS_TOPIC, toIntegrationEvent } from './messaging/dual-diagnosis-integration-events.js';
import { DualDiagnosisProjectionsModule } from './projections/dual-diagnosis-projections.module.js';

/** The service's module; tests pass a ManualClock to move time (due dates, escalation, consent expiry). */
export function dualDiagnosisModule(clock: Clock = systemClock): Type<unknown> {
  @Module({
    imports: [
      EventStoreModule.forRoot({ adapters: [sqliteEventStore, postgresEventStore, kurrentDbEventStore] }),
      DualDiagnosisProjectionsModule,
      // The relay publishes referral events (ids and codes only) on the dual-diagnosis topic.
      MessagingModule.forRoot({
        service: 'dual-diagnosis',
        transports: [embeddedBusTransport, kafkaBusTransport],
        relay: { streamPrefixes: DUAL_DIAGNOSIS_STREAM_PREFIXES, map: toIntegrationEvent, topic: DUAL_DIAGNOSIS_TOPIC },
      }),
    ],
    // Break-the-glass: a grant opens the client's referrals here for BREAK_THE_GLASS_MINUTES (docs/domain/dual-diagnosis.md#who-reads-a-referral).
    controllers: [
      ReferralsController,
      ClientReferralsController,
      ReferralListsController,
      ProvidersController,
      BreakTheGlassController,
      DualDiagnosisConsumers,
    ],
    providers: [
      BreakTheGlass,
      DualDiagnosisCommands,
      ReferralQueries,
      FoldedReferrals,
      ReferralRequests,
      ReferralLists,
      ClientFiles,
      ProviderDirectory,
      OverdueScheduler,
      { provide: CLOCK, useValue: clock },
      { provide: REFERRAL_CONFIG, inject: [SERVICE_CONFIG], useFactory: (config: DualDiagnosisConfig) => referralConfigOf(config) },
      {
        provide: OVERDUE_CHECK_INTERVAL_MS,
        inject: [SERVICE_CONFIG],
        useFactory: (config: DualDiagnosisConfig) => config.OVERDUE_CHECK_INTERVAL_MS,
      },
    ],
  })
  class DualDiagnosisModule {}
  return DualDiagnosisModule;
}
