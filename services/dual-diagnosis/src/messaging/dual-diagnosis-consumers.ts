import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type IntakeIntegrationEvent,
  type IntegrationEvent,
  TOPICS,
  type TreatmentPlanIntegrationEvent,
  validateIntegrationEvent,
} from '@continuum/contracts';
import { ReferralRequests } from '../application/referral-requests.js';

// What dual-diagnosis hears from the network: check, map and delegate. The inbox
// (ReliableDelivery) skips what was handled; each reaction is idempotent on its own as well.

const INTAKE_EVENTS_READ = new Set([
  'CoOccurringConditionIdentified',
  'ConsentGranted',
  'ConsentRevoked',
  'SafetyHoldPlaced',
  'SafetyHoldReleased',
  'SafetyFollowUpOpened',
  'SafetyFollowUpCompleted',
]);

@Controller()
export class DualDiagnosisConsumers {
  constructor(private readonly requests: ReferralRequests) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.intake)
  async fromIntake(@Payload() received: IntegrationEvent): Promise<void> {
    // Registrations and admissions concern other services.
    if (!INTAKE_EVENTS_READ.has(received.type)) return;
    const event = checked(received) as IntakeIntegrationEvent;
    switch (event.type) {
      case 'CoOccurringConditionIdentified':
        await this.requests.conditionIdentified(event);
        return;
      case 'ConsentGranted':
        await this.requests.consentGranted(event);
        return;
      case 'ConsentRevoked':
        await this.requests.consentRevoked(event);
        return;
      case 'SafetyHoldPlaced':
        await this.requests.safetyHoldPlaced(event);
        return;
      case 'SafetyHoldReleased':
        await this.requests.safetyHoldReleased(event);
        return;
      case 'SafetyFollowUpOpened':
        await this.requests.safetyFollowUpOpened(event);
        return;
      case 'SafetyFollowUpCompleted':
        await this.requests.safetyFollowUpCompleted(event);
        return;
    }
  }

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.treatmentPlan)
  async fromTreatmentPlan(@Payload() received: IntegrationEvent): Promise<void> {
    if (received.type !== 'DualDiagnosisReferralRequested') return;
    const event = checked(received) as Extract<TreatmentPlanIntegrationEvent, { type: 'DualDiagnosisReferralRequested' }>;
    await this.requests.referralRequested(event);
  }
}

/** A message that breaks its contract is refused: retried, then parked on the dead-letter topic with the problems (which never repeat values). */
function checked(event: IntegrationEvent): IntegrationEvent {
  const validation = validateIntegrationEvent(event);
  if (!validation.ok) throw new Error(`${event.type} ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
  return event;
}
