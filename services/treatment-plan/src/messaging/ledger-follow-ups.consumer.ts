import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type EpisodeDischargedV1,
  type IntegrationEvent,
  type LevelOfCareChangedV1,
  type SiteTransferredV1,
  TOPICS,
} from '@continuum/contracts';
import { causedByEvent } from '@continuum/platform';
import { CLAIM_STEP, CareEpisodes, PLAN_STEP } from '../application/care-episodes.js';
import { OutsideSends } from '../application/outside-sends.js';

// The ledger's own events, heard back from the bus: each ledger entry's follow-ups (the plan's
// level or site, the client's claim, the plan's closing) run again with the keys the HTTP
// handler used. Normally they find their first answer and append nothing; after a crash
// between the entry and its follow-up, they finish the work (client-episodes.ts: "a reaction
// to EpisodeDischarged ends the claim"). A discharge is noted in the client's consent file too:
// consents "until discharge" stop for the outside sends (domain/consent-copies.ts).
@Controller()
export class LedgerFollowUpsConsumer {
  constructor(
    private readonly episodes: CareEpisodes,
    private readonly outsideSends: OutsideSends,
  ) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.treatmentPlan)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    // Every delivery met its contract before it got here (docs/architecture/messaging.md#what-a-consumer-checks-first),
    // which gives each of these types an episode id; the other events need no follow-up.
    const step = (name: string) => causedByEvent(event, name);
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case 'LevelOfCareChanged': {
        const { episodeId, to, effectiveDate } = event.data as LevelOfCareChangedV1;
        await this.episodes.afterLevelChange(episodeId, { to, effectiveDate }, step(PLAN_STEP), at);
        return;
      }
      case 'SiteTransferred': {
        const { episodeId, toSiteId, effectiveDate } = event.data as SiteTransferredV1;
        await this.episodes.afterTransfer(episodeId, { toSiteId, effectiveDate }, step(PLAN_STEP), at);
        return;
      }
      case 'EpisodeDischarged': {
        const { episodeId, clientId, siteId, disposition, dischargeDate } = event.data as EpisodeDischargedV1;
        await this.episodes.afterDischarge(
          { episodeId, clientId, siteId, disposition, dischargeDate },
          { claim: step(CLAIM_STEP), plan: step(PLAN_STEP) },
          at,
        );
        await this.outsideSends.episodeDischarged(event as IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>);
        return;
      }
      default:
        return;
    }
  }
}
