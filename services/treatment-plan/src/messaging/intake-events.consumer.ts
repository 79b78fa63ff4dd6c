import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type ClientAdmittedV1,
  type IntegrationEvent,
  type SafetyHoldPlacedV1,
  type SafetyHoldReleasedV1,
  type ScreeningWorsenedV1,
  TOPICS,
  validateIntegrationEvent,
} from '@continuum/contracts';
import { CareEpisodes } from '../application/care-episodes.js';
import { EpisodeLedger } from '../application/episode-ledger.js';
import { WorsenedScreenings } from '../application/worsened-screenings.js';
import { SCREENING_WORSENED, screeningWorsenedProblems } from './screening-worsened.js';

/** Intake's events treatment-plan acts on; the others on the topic are not its business. */
const INTAKE_EVENTS_READ = new Set(['ClientAdmitted', 'SafetyHoldPlaced', 'SafetyHoldReleased', SCREENING_WORSENED]);

// Intake's admission decision opens the care episode and drafts the plan; its safety holds are
// noted on the client's ledger, which gates level changes while one lasts
// (docs/domain/levels-of-care.md#the-safety-level); a screening that worsened during treatment
// recommends a review on the client's open plan. The inbox skips a redelivery it has seen;
// one it has not (a crash before the inbox recorded it) finds every step already done, because
// the episode id and the idempotency keys derive from the event.
@Controller()
export class IntakeEventsConsumer {
  constructor(
    private readonly episodes: CareEpisodes,
    private readonly ledger: EpisodeLedger,
    private readonly worsenedScreenings: WorsenedScreenings,
  ) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.intake)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (!INTAKE_EVENTS_READ.has(event.type)) return;
    const problems = event.type === SCREENING_WORSENED ? screeningWorsenedProblems(event) : problemsOf(event);
    // Refused messages are retried, then parked on the dead-letter topic with the problems (which never repeat values).
    if (problems.length > 0) throw new Error(`${event.type} ${event.eventId} does not meet its contract: ${problems.join('; ')}`);
    switch (event.type) {
      case 'ClientAdmitted':
        await this.episodes.admit(event as IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>);
        return;
      case 'SafetyHoldPlaced':
        await this.ledger.noteSafetyHold(event as IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1>);
        return;
      case 'SafetyHoldReleased':
        await this.ledger.liftSafetyHold(event as IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1>);
        return;
      case SCREENING_WORSENED:
        await this.worsenedScreenings.recommendReview(event as IntegrationEvent<'ScreeningWorsened', ScreeningWorsenedV1>);
        return;
    }
  }
}

function problemsOf(event: IntegrationEvent): string[] {
  const validation = validateIntegrationEvent(event);
  return validation.ok ? [] : validation.problems;
}
