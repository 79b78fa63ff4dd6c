import { Injectable } from '@nestjs/common';
import { type IntegrationEvent, type ScreeningWorsenedV1 } from '@continuum/contracts';
import { JsonLogger, causedByEvent } from '@continuum/platform';
import { screeningMeasureOf } from '../domain/index.js';
import { EpisodeLedger } from './episode-ledger.js';
import { type PlanOutcome, TreatmentPlanCommands } from './treatment-plan.commands.js';

/** The idempotency-key step of the recommendation: `<event id>:review-recommended`. */
const REVIEW_STEP = 'review-recommended';

// Intake's ScreeningWorsened on the client's open plan (docs/domain/treatment-plan.md#worsened-screenings).

@Injectable()
export class WorsenedScreenings {
  constructor(
    private readonly ledger: EpisodeLedger,
    private readonly plans: TreatmentPlanCommands,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Records on the client's open plan that a review is needed, with the screening as evidence,
   * once per event (its key) and once per screening (the plan's rule). Without an open plan —
   * no open episode, a plan this store does not hold, or one closed at discharge — there is
   * nothing to record it on, and retrying would not change that: the worsening stays with
   * intake, and the delivery ends here with a log line of ids and codes.
   */
  async recommendReview(worsened: IntegrationEvent<'ScreeningWorsened', ScreeningWorsenedV1>): Promise<PlanOutcome | undefined> {
    const { clientId, screeningId, recordedAt } = worsened.data;
    const ids = { clientId, screeningId, eventId: worsened.eventId };
    const planId = await this.ledger.openEpisodeOf(clientId);
    if (!planId) {
      this.logger.log(
        { message: 'screening worsened for a client with no open episode; no plan to recommend a review on', ...ids },
        'WorsenedScreenings',
      );
      return undefined;
    }
    const { status } = await this.plans.load(planId);
    if (status === 'not-created' || status === 'closed') {
      const why = status === 'closed' ? 'the plan was closed at discharge' : 'there is no plan for that episode';
      this.logger.log(
        { message: `screening worsened but ${why}; no review recommended`, ...ids, planId, planStatus: status },
        'WorsenedScreenings',
      );
      return undefined;
    }
    return this.plans.execute(
      planId,
      { type: 'RecommendReview', data: { ...screeningMeasureOf(worsened.data), screenedAt: recordedAt } },
      causedByEvent(worsened, REVIEW_STEP),
    );
  }
}
