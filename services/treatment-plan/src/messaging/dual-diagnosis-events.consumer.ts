import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent, type ReferralCompletedV1, TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { IntegratedCare } from '../application/integrated-care.js';

// A completed dual-diagnosis referral flows back into the plan as an integrated-care goal
// (docs/domain/treatment-plan.md#dual-diagnosis-from-the-plan). The plan adds it once per
// referral, however often the outcome is delivered.
@Controller()
export class DualDiagnosisEventsConsumer {
  constructor(private readonly integratedCare: IntegratedCare) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.dualDiagnosis)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (event.type !== 'ReferralCompleted') return;
    const validation = validateIntegrationEvent(event);
    // Refused messages are retried, then parked on the dead-letter topic with the problems (which never repeat values).
    if (!validation.ok) throw new Error(`ReferralCompleted ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
    await this.integratedCare.addGoalFor(event as IntegrationEvent<'ReferralCompleted', ReferralCompletedV1>);
  }
}
