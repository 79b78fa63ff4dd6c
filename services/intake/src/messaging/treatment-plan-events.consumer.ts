import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type CareTeamChangedV1, type IntegrationEvent, TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { PermanentDeliveryFailure } from '@continuum/messaging';
import { CareTeams } from '../application/care-teams.js';

// Treatment-plan's care teams decide who reads an admitted client's clinical detail here
// (docs/domain/intake-record-views.md#in-an-episode): intake keeps a copy of each client's team.
@Controller()
export class TreatmentPlanEventsConsumer {
  constructor(private readonly careTeams: CareTeams) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.treatmentPlan)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (event.type !== 'CareTeamChanged') return;
    const validation = validateIntegrationEvent(event);
    if (!validation.ok)
      throw new PermanentDeliveryFailure(`CareTeamChanged ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
    await this.careTeams.note(event as IntegrationEvent<'CareTeamChanged', CareTeamChangedV1>);
  }
}
