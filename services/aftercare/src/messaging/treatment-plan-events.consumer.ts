import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type CareTeamChangedV1,
  type EpisodeDischargedV1,
  type EpisodeOpenedV1,
  type IntegrationEvent,
  TOPICS,
  validateIntegrationEvent,
} from '@continuum/contracts';
import { CareTeams } from '../application/care-teams.js';
import { ContinuingCare } from '../application/continuing-care.js';

// Treatment-plan's ledger drives continuing care: a discharge starts the aftercare plan, a
// readmission ends it. The inbox skips a redelivery it has seen; one it has not (a crash
// before the inbox recorded it) finds its work done, because the plan id and the
// idempotency keys derive from the event. Its care teams decide who reads a plan's clinical
// detail (docs/domain/aftercare.md#who-reads-a-plan): aftercare keeps a copy per episode.
const EVENTS_READ = new Set(['EpisodeDischarged', 'EpisodeOpened', 'CareTeamChanged']);

@Controller()
export class TreatmentPlanEventsConsumer {
  constructor(
    private readonly continuingCare: ContinuingCare,
    private readonly careTeams: CareTeams,
  ) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.treatmentPlan)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    if (!EVENTS_READ.has(event.type)) return;
    const validation = validateIntegrationEvent(event);
    // Refused messages are retried, then parked on the dead-letter topic with the problems (which never repeat values).
    if (!validation.ok) throw new Error(`${event.type} ${event.eventId} does not meet its contract: ${validation.problems.join('; ')}`);
    if (event.type === 'EpisodeDischarged')
      await this.continuingCare.start(event as IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>);
    else if (event.type === 'EpisodeOpened')
      await this.continuingCare.endOnReadmission(event as IntegrationEvent<'EpisodeOpened', EpisodeOpenedV1>);
    else await this.careTeams.note(event as IntegrationEvent<'CareTeamChanged', CareTeamChangedV1>);
  }
}
