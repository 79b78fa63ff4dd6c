import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ClientAdmittedV1, type IntegrationEvent, TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { CareEpisodes } from '../application/care-episodes.js';

// Intake's admission decision opens the care episode and drafts the plan. The inbox skips a
// redelivery it has seen; one it has not (a crash before the inbox recorded it) finds every
// step already done, because the episode id and the idempotency keys derive from the event.
@Controller()
export class IntakeEventsConsumer {
  constructor(private readonly episodes: CareEpisodes) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.intake)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (event.type !== 'ClientAdmitted') return;
    const validation = validateIntegrationEvent(event);
    // Refused messages are retried, then parked on the dead-letter topic with the problems (which never repeat values).
    if (!validation.ok) throw new Error(`ClientAdmitted ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
    await this.episodes.admit(event as IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>);
  }
}
