import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent, type ReadmissionRecommendedV1, TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { ReEntryReferrals } from '../application/re-entry-referrals.js';
import { PermanentDeliveryFailure } from '@continuum/messaging';

// Aftercare's readmission recommendation becomes a re-entry referral
// (docs/domain/client-journey.md#aftercare-and-readmission). The inbox skips a redelivery it
// has seen; one it has not finds the referral
// already recorded, because its id and idempotency key derive from the event.
@Controller()
export class AftercareEventsConsumer {
  constructor(private readonly reEntries: ReEntryReferrals) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.aftercare)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (event.type !== 'ReadmissionRecommended') return;
    const validation = validateIntegrationEvent(event);
    // Refused messages are retried, then parked on the dead-letter topic with the problems (which never repeat values).
    if (!validation.ok)
      throw new PermanentDeliveryFailure(
        `ReadmissionRecommended ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`,
      );
    await this.reEntries.recordFor(event as IntegrationEvent<'ReadmissionRecommended', ReadmissionRecommendedV1>);
  }
}
