import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type AftercareIntegrationEvent,
  type IntakeIntegrationEvent,
  type IntegrationEvent,
  TOPICS,
  type TreatmentPlanIntegrationEvent,
  validateIntegrationEvent,
} from '@continuum/contracts';
import { PermanentDeliveryFailure } from '@continuum/messaging';
import { ReferralRequests } from '../application/referral-requests.js';

// What dual-diagnosis hears from the network: check, map and delegate. The inbox
// (ReliableDelivery) skips what was handled; each reaction is idempotent on its own as well.

const INTAKE_EVENTS_READ = new Set([
  'CoOccurringConditionIdentified',
  'ConsentGranted',
  'ConsentRevoked',
  'RestrictionAgreed',
  'SafetyHoldPlaced',
  'SafetyHoldReleased',
  'SafetyFollowUpOpened',
  'SafetyFollowUpCompleted',
]);

const TREATMENT_PLAN_EVENTS_READ = new Set(['DualDiagnosisReferralRequested', 'EpisodeDischarged', 'CareTeamChanged']);

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
      case 'RestrictionAgreed':
        await this.requests.restrictionAgreed(event);
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
    if (!TREATMENT_PLAN_EVENTS_READ.has(received.type)) return;
    const event = checked(received) as TreatmentPlanIntegrationEvent;
    if (event.type === 'DualDiagnosisReferralRequested') await this.requests.referralRequested(event);
    // Who reads the client's referrals in the episode (domain/referral-views.ts).
    else if (event.type === 'CareTeamChanged') await this.requests.careTeamChanged(event);
    // Consents "until discharge" stop when it happens (42 CFR 2.31(a)(7)).
    else if (event.type === 'EpisodeDischarged') await this.requests.episodeDischarged(event);
  }

  /** The end of aftercare: consents that expire on it stop (42 CFR 2.31(a)(7)). */
  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.aftercare)
  async fromAftercare(@Payload() received: IntegrationEvent): Promise<void> {
    if (received.type !== 'ContinuingCareEnded') return;
    const event = checked(received) as Extract<AftercareIntegrationEvent, { type: 'ContinuingCareEnded' }>;
    await this.requests.continuingCareEnded(event);
  }
}

/** A message that breaks its contract is refused and parked on the dead-letter topic at once, with the problems (which never repeat values). */
function checked(event: IntegrationEvent): IntegrationEvent {
  const validation = validateIntegrationEvent(event);
  if (!validation.ok)
    throw new PermanentDeliveryFailure(`${event.type} ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
  return event;
}
