import { UserAccessController } from './api/user-access.controller.js';
import { UserAccess } from './application/user-access.js';
import { Module } from '@nestjs/common';
import { kurrentDbEventStore } from '@continuum/event-store-kurrentdb';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { CLOCK, EventStoreModule, systemClock } from '@continuum/platform';
import { ClientAuditController } from './api/client-audit.controller.js';
import { FhirExportsController } from './api/fhir-exports.controller.js';
import { IntegrityController } from './api/integrity.controller.js';
import { VerificationsController } from './api/verifications.controller.js';
import { AuditCommands } from './application/audit.commands.js';
import { ClientAudit } from './application/client-audit.js';
import { StoreIntegrity } from './application/store-integrity.js';
import { ClientIndexLifecycle, clientIndexProvider } from './client-index/client-index.provider.js';

// The audit service reads the event store directly (all streams, never Kafka). It appends the
// platform's access log of its own reads (auditors' reads are logged like everyone's) and, for a
// FHIR export to an outside recipient, the export's disclosure in a stream of its own
// (`fhir-export-<id>`); it has no bus, relay or read models; its client index is derived from
// the store and only says where to look.
@Module({
  imports: [EventStoreModule.forRoot({ adapters: [sqliteEventStore, postgresEventStore, kurrentDbEventStore] })],
  controllers: [ClientAuditController, FhirExportsController, IntegrityController, UserAccessController, VerificationsController],
  providers: [
    UserAccess,
    ClientAudit,
    AuditCommands,
    StoreIntegrity,
    clientIndexProvider,
    ClientIndexLifecycle,
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class AuditModule {}
