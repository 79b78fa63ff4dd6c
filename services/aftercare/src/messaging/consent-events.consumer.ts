import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type AftercareIntegrationEvent,
  type IntakeIntegrationEvent,
  type IntegrationEvent,
  TOPICS,
  validateIntegrationEvent,
} from '@continuum/contracts';
import { PermanentDeliveryFailure } from '@continuum/messaging';
import { ConsentCopies } from '../application/consent-copies.js';

// What the disclosure gateway needs to know of the client (docs/domain/aftercare.md#what-aftercare-discloses):
// intake's consents, revocations and agreed restrictions, and aftercare's own ContinuingCareEnded
// heard back from the bus (the end of aftercare, which consents may expire on). Check, map,
// delegate; the inbox skips what was handled and each copy is idempotent on its own as well.

const INTAKE_EVENTS_READ = new Set(['ConsentGranted', 'ConsentRevoked', 'RestrictionAgreed']);

@Controller()
export class ConsentEventsConsumer {
  constructor(private readonly copies: ConsentCopies) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.intake)
  async fromIntake(@Payload() received: IntegrationEvent): Promise<void> {
    if (!INTAKE_EVENTS_READ.has(received.type)) return;
    const event = checked(received) as IntakeIntegrationEvent;
    switch (event.type) {
      case 'ConsentGranted':
        await this.copies.consentGranted(event);
        return;
      case 'ConsentRevoked':
        await this.copies.consentRevoked(event);
        return;
      case 'RestrictionAgreed':
        await this.copies.restrictionAgreed(event);
        return;
    }
  }

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.aftercare)
  async fromAftercare(@Payload() received: IntegrationEvent): Promise<void> {
    if (received.type !== 'ContinuingCareEnded') return;
    const event = checked(received) as Extract<AftercareIntegrationEvent, { type: 'ContinuingCareEnded' }>;
    await this.copies.continuingCareEnded(event);
  }
}

/** A message that breaks its contract is parked on the dead-letter topic at once, with the problems (which never repeat values). */
function checked(event: IntegrationEvent): IntegrationEvent {
  const validation = validateIntegrationEvent(event);
  if (!validation.ok)
    throw new PermanentDeliveryFailure(`${event.type} ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
  return event;
}
