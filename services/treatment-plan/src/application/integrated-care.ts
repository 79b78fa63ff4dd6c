import { Injectable } from '@nestjs/common';
import { type IntegrationEvent, type ReferralCompletedV1 } from '@continuum/contracts';
import { JsonLogger, causedByEvent } from '@continuum/platform';
import { EpisodeLedger } from './episode-ledger.js';
import { TreatmentPlanCommands } from './treatment-plan.commands.js';

@Injectable()
export class IntegratedCare {
  constructor(
    private readonly ledger: EpisodeLedger,
    private readonly plans: TreatmentPlanCommands,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Adds the integrated-care goal to the plan of the episode the referral names, else to the
   * client's open episode's plan. Without an open plan there is nothing to add it to — no open
   * episode, a plan this store does not hold, or one closed at discharge before the outcome
   * came back — and retrying would never change that: the outcome stays with dual-diagnosis,
   * where the next admission's clinician sees it, and the delivery ends here rather than on
   * the dead-letter topic. Logged with ids only.
   */
  async addGoalFor(completed: IntegrationEvent<'ReferralCompleted', ReferralCompletedV1>): Promise<void> {
    const { referralId, clientId, conditionCode, conditionConfirmed, recommendationCodes } = completed.data;
    const ids = { referralId, clientId, eventId: completed.eventId };
    const planId = completed.data.episodeId ?? (await this.ledger.openEpisodeOf(clientId));
    if (!planId) {
      this.logger.log(
        { message: 'referral completed for a client with no open episode; no plan to add the integrated-care goal to', ...ids },
        'IntegratedCare',
      );
      return;
    }
    const { status } = await this.plans.load(planId);
    if (status === 'not-created' || status === 'closed') {
      const why = status === 'closed' ? 'the plan was closed at discharge' : 'there is no plan for that episode';
      this.logger.log(
        { message: `referral completed but ${why}; no integrated-care goal added`, ...ids, planId, planStatus: status },
        'IntegratedCare',
      );
      return;
    }
    await this.plans.execute(
      planId,
      {
        type: 'AddIntegratedCareGoal',
        data: { referralId, conditionCode, conditionConfirmed, recommendationCodes: [...recommendationCodes] },
      },
      causedByEvent(completed, 'integrated-care-goal'),
    );
  }
}
