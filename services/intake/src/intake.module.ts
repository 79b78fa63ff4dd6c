import { Module } from '@nestjs/common';
import { CLOCK, EventStoreModule, systemClock } from '#continuum/platform';
import { ClientsController } from './api/clients.controller.js';
import { ConsentsController } from './api/consents.controller.js';
import { ClientIndex } from './application/client-index.js';
import { IntakeCommands } from './application/intake.commands.js';
import { IntakeQueries } from './application/intake.queries.js';

@Module({
  imports: [EventStoreModule],
  controllers: [ClientsController, ConsentsController],
  providers: [IntakeCommands, IntakeQueries, ClientIndex, { provide: CLOCK, useValue: systemClock }],
})
export class IntakeModule {}
