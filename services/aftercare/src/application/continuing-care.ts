import { Injectable } from '@nestjs/common';
import { type EpisodeDischargedV1, type EpisodeOpenedV1, type IntegrationEvent } from '@continuum/contracts';
import { JsonLogger, causedByEvent } from '@continuum/platform';
import { aftercarePlanIdFor } from '../domain/index.js';
import { AftercareCommands, type AftercareOutcome } from './aftercare.commands.js';

// Continuing care follows treatment-plan's care episodes: a discharge starts the plan, and a
// readmission (a new episode that names the discharged one as its previous episode) ends it.
// Each reaction's idempotency key derives from the event it answers, and the plan's rules
// ignore a repeat, so a redelivery (even one the inbox missed after a crash) records nothing twice.

@Injectable()
export class ContinuingCare {
  constructor(
    private readonly commands: AftercareCommands,
    private readonly logger: JsonLogger,
  ) {}

  /** EpisodeDischarged → the aftercare plan with its check-in schedule, exactly once per discharge. */
  start(discharged: IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>): Promise<AftercareOutcome> {
    const { episodeId, clientId, siteId, level, disposition, dischargeDate } = discharged.data;
    const planId = aftercarePlanIdFor(episodeId);
    return this.commands.execute(
      planId,
      {
        type: 'CreateAftercarePlan',
        planId,
        data: { episodeId, clientId, siteId, dischargeLevel: { edition: level.edition, code: level.code }, disposition, dischargeDate },
      },
      causedByEvent(discharged, 'aftercare-plan'),
    );
  }

  /**
   * EpisodeOpened after an earlier episode: the client was readmitted, so the continuing care
   * of the earlier discharge ends. A first admission, or an earlier episode without an
   * aftercare plan (one still open when the new one began), has nothing to end.
   */
  async endOnReadmission(opened: IntegrationEvent<'EpisodeOpened', EpisodeOpenedV1>): Promise<AftercareOutcome | undefined> {
    const { episodeId, previousEpisodeId } = opened.data;
    if (!previousEpisodeId) return undefined;
    const planId = aftercarePlanIdFor(previousEpisodeId);
    const plan = await this.commands.load(planId);
    if (plan.status === 'none') {
      this.logger.log({ message: 'readmission without an aftercare plan to end', episodeId, previousEpisodeId }, 'ContinuingCare');
      return undefined;
    }
    return this.commands.execute(
      planId,
      { type: 'EndContinuingCare', planId, data: { reason: 'readmitted', readmissionEpisodeId: episodeId } },
      causedByEvent(opened, 'end-continuing-care'),
    );
  }
}
