import { Inject, Injectable } from '@nestjs/common';
import { dischargeOccurredAt } from '@continuum/consent';
import { type EpisodeDischargedV1, type EpisodeOpenedV1, type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore, runCommands } from '@continuum/event-store';
import { CLOCK, type Clock, JsonLogger, causedByEvent } from '@continuum/platform';
import { type AftercarePlan, aftercarePlanIdFor } from '../domain/index.js';
import { AftercareCommands, type AftercareOutcome } from './aftercare.commands.js';
import { ConsentFiles } from './consent-files.js';

// Continuing care follows treatment-plan's care episodes: a discharge starts the plan, and a
// readmission (a new episode that names the discharged one as its previous episode) ends it.
// Each reaction's idempotency key derives from the event it answers, and the plan's rules
// ignore a repeat, so a redelivery (even one the inbox missed after a crash) records nothing twice.

@Injectable()
export class ContinuingCare {
  constructor(
    private readonly commands: AftercareCommands,
    private readonly consentFiles: ConsentFiles,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * EpisodeDischarged → the aftercare plan with its check-in schedule, exactly once per
   * discharge, and the discharge noted in the client's consent file: consents "until
   * discharge" stop covering sends from when it happened (42 CFR 2.31(a)(7)). Both or neither.
   */
  async start(discharged: IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>): Promise<AftercarePlan> {
    const { episodeId, clientId, siteId, level, disposition, dischargeDate, dischargedAt } = discharged.data;
    const planId = aftercarePlanIdFor(episodeId);
    const { outcomes } = await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [
        this.consentFiles.step(
          clientId,
          siteId,
          {
            type: 'NoteClientEvent',
            data: {
              clientId,
              event: 'discharge',
              occurredAt: dischargeOccurredAt(dischargeDate, dischargedAt),
              episodeId,
              sourceEventId: discharged.eventId,
            },
          },
          causedByEvent(discharged, 'note-discharge'),
        ),
        this.commands.step(
          planId,
          {
            type: 'CreateAftercarePlan',
            planId,
            data: { episodeId, clientId, siteId, dischargeLevel: { edition: level.edition, code: level.code }, disposition, dischargeDate },
          },
          causedByEvent(discharged, 'aftercare-plan'),
        ),
      ] as const,
    });
    return outcomes[1].state;
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
