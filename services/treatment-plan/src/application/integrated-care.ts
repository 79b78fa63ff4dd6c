import { Inject, Injectable } from '@nestjs/common';
import { clientEpisodes, clientEpisodesStream } from '#continuum/care-episode';
import { type IntegrationEvent, type ReferralCompletedV1 } from '#continuum/contracts';
import { fold } from '#continuum/decider';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { JsonLogger } from '#continuum/platform';
import { PlanCommands } from './plan-commands.js';

@Injectable()
export class IntegratedCare {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanCommands,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Adds the integrated-care goal to the plan of the episode the referral names, else to the
   * client's open episode's plan. A client with no open episode has no plan to add it to:
   * the outcome stays with dual-diagnosis, and the next admission's clinician sees it there.
   */
  async addGoalFor(completed: IntegrationEvent<'ReferralCompleted', ReferralCompletedV1>): Promise<void> {
    const { referralId, clientId, conditionCode, conditionConfirmed, recommendationCodes } = completed.data;
    const planId = completed.data.episodeId ?? (await this.openEpisodeOf(clientId));
    if (!planId) {
      this.logger.log({ message: 'referral completed for a client with no open episode; no plan to add the integrated-care goal to', referralId, eventId: completed.eventId }, 'IntegratedCare');
      return;
    }
    await this.plans.execute(
      planId,
      { type: 'AddIntegratedCareGoal', data: { referralId, conditionCode, conditionConfirmed, recommendationCodes: [...recommendationCodes] } },
      { kind: 'event', eventId: completed.eventId, correlationId: completed.correlationId, idempotencyKey: `${completed.eventId}:integrated-care-goal` },
    );
  }

  private async openEpisodeOf(clientId: string): Promise<string | undefined> {
    const recorded = await this.store.readStream(clientEpisodesStream(clientId));
    const claims = fold(clientEpisodes.evolve, clientEpisodes.initialState, recorded.map((event) => ({ type: event.type, data: event.data }) as Parameters<typeof clientEpisodes.evolve>[1]));
    return claims.openEpisode?.episodeId;
  }
}
