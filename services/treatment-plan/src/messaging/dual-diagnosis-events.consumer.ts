import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IntegrationEvent, type ReferralCompletedV1, TOPICS } from '@continuum/contracts';
import { IntegratedCare } from '../application/integrated-care.js';
import { contractProblems, refuseUnlessMet } from './contract.js';

// A completed dual-diagnosis referral flows back into the plan as an integrated-care goal
// (docs/domain/treatment-plan.md#dual-diagnosis-from-the-plan). The plan adds it once per
// referral, however often the outcome is delivered.
@Controller()
export class DualDiagnosisEventsConsumer {
  constructor(private readonly integratedCare: IntegratedCare) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.dualDiagnosis)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    // Checked before the type filter; a broken event is parked on the dead-letter topic at once, with its problems.
    refuseUnlessMet(event, contractProblems(event));
    if (event.type !== 'ReferralCompleted') return;
    await this.integratedCare.addGoalFor(event as IntegrationEvent<'ReferralCompleted', ReferralCompletedV1>);
  }
}
