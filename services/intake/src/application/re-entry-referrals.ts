import { Inject, Injectable } from '@nestjs/common';
import { type IntegrationEvent, type ReadmissionRecommendedV1 } from '@continuum/contracts';
import { RuleBroken, fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, JsonLogger, causedByEvent, idFromCause } from '@continuum/platform';
import { type IntakeClient, type IntakeCommand, type IntakeEvent, clientStream, intakeDecider } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

export type ReEntryOutcome =
  | { kind: 'recorded'; clientId: string; referralId: string; replayed: boolean }
  /** The client's latest referral already follows that episode (another check-in's recommendation, or a late delivery after the readmission). */
  | { kind: 'already-referred'; clientId: string; referralId: string }
  /** The client's intake is already under way (an earlier recommendation, or staff): the coordinator carries on with it. */
  | { kind: 'intake-in-progress'; clientId: string };

// The readmission loop (docs/domain/client-journey.md#aftercare-and-readmission): aftercare recommends
// readmission, intake records an `aftercare-re-entry` referral that names the discharged
// episode, and the admission that follows carries it as `previousEpisodeId`, so treatment-plan
// links the new episode to the previous one. Exactly once per recommendation: the referral
// id and the idempotency key derive from the recommendation's event id.

@Injectable()
export class ReEntryReferrals {
  private readonly decider = intakeDecider();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async recordFor(recommended: IntegrationEvent<'ReadmissionRecommended', ReadmissionRecommendedV1>): Promise<ReEntryOutcome> {
    const { clientId, episodeId, reasonCodes } = recommended.data;
    // Intake itself records the referral, caused by the recommendation.
    const cause = causedByEvent(recommended, 're-entry-referral');
    const referralId = idFromCause(cause, 'referral');
    // A relapse is the stronger reason when a check-in gave both.
    const reasonCode = reasonCodes.includes('relapse') ? 'relapse' : reasonCodes[0]!;
    const current = await this.load(clientId);
    if (current.referral?.previousEpisodeId === episodeId && current.referral.referralId !== referralId) {
      return { kind: 'already-referred', clientId, referralId: current.referral.referralId };
    }
    const command: IntakeCommand = {
      type: 'ReceiveReferral',
      clientId,
      data: { referralId, source: 'aftercare-re-entry', reasonCode, previousEpisodeId: episodeId },
    };
    try {
      const outcome = await runCommand({
        store: this.store,
        stream: clientStream(clientId),
        decider: this.decider,
        command,
        now: this.clock.now(),
        idempotencyKey: cause.idempotencyKey,
        envelope: (state: IntakeClient) => {
          // Aftercare knows only clients intake admitted; anything else is parked for a person to look at.
          if (!state.registration)
            throw new Error(`ReadmissionRecommended ${recommended.eventId} names client ${clientId}, whom intake has not registered`);
          return envelopeOf(cause, { clientId, siteId: state.registration.siteId });
        },
      });
      return { kind: 'recorded', clientId, referralId, replayed: outcome.replayed };
    } catch (error) {
      if (!(error instanceof RuleBroken) || error.code !== 'intake-in-progress') throw error;
      this.logger.log(
        {
          message: 're-entry referral not recorded: the client already has an intake in progress',
          clientId,
          recommendation: recommended.eventId,
        },
        'ReEntryReferrals',
      );
      return { kind: 'intake-in-progress', clientId };
    }
  }

  private async load(clientId: string): Promise<IntakeClient> {
    const recorded = await this.store.readStream(clientStream(clientId));
    return fold(
      this.decider.evolve,
      this.decider.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as IntakeEvent),
    );
  }
}
