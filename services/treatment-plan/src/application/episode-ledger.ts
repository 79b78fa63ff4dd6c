import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type ChangeLevelOfCare,
  type ClientEpisodes,
  type ClientEpisodesCommand,
  type ClientEpisodesEvent,
  type DischargeEpisode,
  type Episode,
  type EpisodeCommand,
  type EpisodeEvent,
  type LiftSafetyHold,
  type NoteSafetyHold,
  type RecordAuthorizedLevel,
  type TransferSite,
  clientEpisodes,
  clientEpisodesStream,
  createCareEpisodeDecider,
  episodeStream,
  evolveEpisode,
  initialEpisode,
} from '@continuum/care-episode';
import { type ClientAdmittedV1, type IntegrationEvent, type SafetyHoldPlacedV1, type SafetyHoldReleasedV1 } from '@continuum/contracts';
import { fold } from '@continuum/decider';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type StepDecision,
  type TypedCommandStep,
  commandStep,
  runCommands,
} from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, JsonLogger, causedByEvent, idempotencyKeyOf } from '@continuum/platform';
import { type PlanRules, levelKeyOf } from '../domain/index.js';
import { deciderOf, envelopeOf } from './command-cause.js';
import { episodeIdForAdmission } from './ids.js';
import { PLAN_RULES } from './treatment-plan.commands.js';

export type LedgerOutcome = { events: RecordedEvent<EpisodeEvent['data']>[]; state: Episode };

/** What a caller sends to change the level; `decidedBy` is the caller, never taken from the body. */
export type LevelChangeRequest = Omit<ChangeLevelOfCare['data'], 'decidedBy'>;
export type AuthorizationRequest = Omit<RecordAuthorizedLevel['data'], 'recordedBy'>;
export type TransferRequest = Omit<TransferSite['data'], 'decidedBy'>;
export type DischargeRequest = Omit<DischargeEpisode['data'], 'dischargedBy'>;

type OpenedEpisode = Exclude<Episode, { status: 'not-opened' }>;

/** What a hold's placement or release changed: the client's claim stream and, when one was open, the episode. */
export type HoldOutcome = { clientEvents: ClientEpisodesEvent['type'][]; episodeId?: string; episodeEvents: EpisodeEvent['type'][] };

/** How often a hold is noted again when the client's open episode changed while it was written. */
const HOLD_ATTEMPTS = 3;

// The care-episode ledger (docs/architecture/multi-stream-commands.md): treatment-plan is the
// only service that appends to `care-episode-*`. The rules are libs/care-episode's deciders;
// this class reads the ledger and builds each ledger stream's step of a command, which
// CareEpisodes runs together with the plan's step, all or nothing.

@Injectable()
export class EpisodeLedger {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) rules: PlanRules,
    private readonly logger: JsonLogger,
  ) {
    // The plan and the ledger read one level catalogue and one rule for dating facts; the
    // ledger alone reads the network's safety level.
    this.decider = createCareEpisodeDecider(rules.levels, rules.factDates, rules.safetyHold);
  }

  /** Intake's admission claims the client (one open episode per client): the client stream's step. */
  claimStep(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): TypedCommandStep<ClientEpisodesEvent, ClientEpisodes> {
    const { data } = admitted;
    const cause = causedByEvent(admitted, 'claim');
    return this.claimStreamStep(
      data.clientId,
      cause,
      () => ({ clientId: data.clientId, siteId: data.siteId }),
      () => ({
        type: 'StartEpisode',
        data: { clientId: data.clientId, episodeId: episodeIdForAdmission(data.admissionId), startDate: data.startDate },
      }),
    );
  }

  /**
   * The episode the admission opens, caused by the intake event, after the claim step: on a
   * readmission it links the episode the claim names as the one before, and a safety hold the
   * claim stream holds now opens with the episode (client-episodes.ts: the hold may have come first).
   */
  openStep(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): TypedCommandStep<EpisodeEvent, Episode> {
    const { data } = admitted;
    const episodeId = episodeIdForAdmission(data.admissionId);
    const opening = causedByEvent(admitted, 'open');
    return this.episodeStep(
      episodeId,
      opening,
      () => ({ clientId: data.clientId, siteId: data.siteId }),
      (_state, before) => {
        const claims = before[0]?.state as ClientEpisodes | undefined;
        const { safetyHold } = (before[0]?.current as ClientEpisodes | undefined) ?? {};
        const previousEpisodeId = (claims && previousEpisodeOf(claims, episodeId)) ?? data.previousEpisodeId;
        return {
          type: 'OpenEpisode',
          data: {
            episodeId,
            clientId: data.clientId,
            level: data.level,
            siteId: data.siteId,
            programmeId: programmeOf(data),
            track: data.track,
            openedBy: deciderOf(opening, data.siteId),
            assessmentId: data.assessmentId,
            admissionId: data.admissionId,
            startDate: data.startDate,
            ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }),
            ...(safetyHold === undefined ? {} : { safetyHold }),
          },
        };
      },
    );
  }

  /**
   * Intake placed a safety hold: noted on the client's claim stream (key `<event id>:hold`) and,
   * when the client has an open episode, on it in the same write (`<event id>:hold:<episodeId>`).
   * A redelivery finds both and adds nothing.
   */
  noteSafetyHold(placed: IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1>): Promise<HoldOutcome> {
    const { clientId, screeningId, instrument, riskCategory, placedAt } = placed.data;
    return this.onClientAndOpenEpisode(placed, 'hold', {
      type: 'NoteSafetyHold',
      data: { clientId, hold: { screeningId, instrument, riskCategory, placedAt } },
    });
  }

  /**
   * Intake released a safety hold: lifted from the claim stream and the open episode when the
   * release ends it (safety-hold.ts: a safety plan does; an admission at a 24-hour level does not).
   */
  async liftSafetyHold(released: IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1>): Promise<HoldOutcome> {
    const { data } = released;
    const release = {
      reason: data.reason,
      ...(data.reason === 'safety-plan-recorded' ? { safetyPlanId: data.safetyPlanId } : {}),
      releasedAt: data.releasedAt,
    };
    const outcome = await this.onClientAndOpenEpisode(released, 'lift', {
      type: 'LiftSafetyHold',
      data: { clientId: data.clientId, release },
    });
    if (!outcome.clientEvents.includes('SafetyHoldLifted')) {
      this.logger.log(
        {
          message: 'safety hold release ends no hold in the ledger; the hold, if any, stays until a safety plan is recorded',
          clientId: data.clientId,
          eventId: released.eventId,
          reason: data.reason,
        },
        'EpisodeLedger',
      );
    }
    return outcome;
  }

  /**
   * The claim stream's step and the open episode's, in one atomic write. Which episode is open
   * is read first; an episode that opened meanwhile read the claim stream before this hold, so
   * the claim is read again after the write and, when another episode is open by then, the
   * write is made again (the claim's step then finds its first answer; the episode's is new).
   */
  private async onClientAndOpenEpisode(
    event: IntegrationEvent,
    step: string,
    command: NoteSafetyHold | LiftSafetyHold,
  ): Promise<HoldOutcome> {
    const { clientId } = command.data;
    for (let attempt = 1; ; attempt++) {
      const episodeId = await this.openEpisodeOf(clientId);
      const claim = this.claimStreamStep(
        clientId,
        causedByEvent(event, step),
        () => ({ clientId, siteId: event.siteId }),
        () => command,
      );
      const steps =
        episodeId === undefined
          ? [claim]
          : [claim, this.openEpisodeStep(episodeId, causedByEvent(event, `${step}:${episodeId}`), () => command)];
      const { outcomes } = await runCommands({ store: this.store, now: this.clock.now(), steps });
      if ((await this.openEpisodeOf(clientId)) === episodeId) {
        return {
          clientEvents: outcomes[0]!.events.map((recorded) => recorded.type as ClientEpisodesEvent['type']),
          ...(episodeId === undefined ? {} : { episodeId }),
          episodeEvents: (outcomes[1]?.events ?? []).map((recorded) => recorded.type as EpisodeEvent['type']),
        };
      }
      if (attempt >= HOLD_ATTEMPTS)
        throw new Error(
          `the open episode of client ${clientId} kept changing while intake's event ${event.eventId} was noted; the delivery is retried`,
        );
    }
  }

  changeLevelStep(episodeId: string, change: LevelChangeRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({
      type: 'ChangeLevelOfCare',
      data: { ...change, decidedBy: deciderOf(cause, state.siteId) },
    }));
  }

  transferStep(episodeId: string, transfer: TransferRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({
      type: 'TransferSite',
      data: { ...transfer, decidedBy: deciderOf(cause, state.siteId) },
    }));
  }

  /** The legal fact; the client's claim ends with it (`endClaimStep`). */
  dischargeStep(episodeId: string, discharge: DischargeRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({
      type: 'DischargeEpisode',
      data: { ...discharge, dischargedBy: deciderOf(cause, state.siteId) },
    }));
  }

  /**
   * After a discharge the client may be admitted again: the claim ends on the day the
   * discharge step decided. `where` is the episode as read before the command (its client
   * and site do not change with a discharge). Ending twice changes nothing.
   */
  endClaimStep(
    where: { clientId: string; siteId: string },
    cause: CommandCause,
    ended: (before: readonly StepDecision[]) => { episodeId: string; endDate: string },
  ) {
    const { clientId } = where;
    return this.claimStreamStep(
      clientId,
      cause,
      () => where,
      (before) => {
        const { episodeId, endDate } = ended(before);
        return { type: 'EndEpisode', data: { clientId, episodeId, endDate } };
      },
    );
  }

  async recordAuthorization(episodeId: string, authorization: AuthorizationRequest, cause: CommandCause): Promise<LedgerOutcome> {
    const step = this.openEpisodeStep(episodeId, cause, (state) => ({
      type: 'RecordAuthorizedLevel',
      data: { ...authorization, recordedBy: deciderOf(cause, state.siteId) },
    }));
    const {
      outcomes: [outcome],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [step] });
    return { events: outcome.events, state: outcome.state };
  }

  /** The client's open episode, as their claim stream tells it now. */
  async openEpisodeOf(clientId: string): Promise<string | undefined> {
    const recorded = await this.store.readStream(clientEpisodesStream(clientId));
    const claims = fold(
      clientEpisodes.evolve,
      clientEpisodes.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as ClientEpisodesEvent),
    );
    return claims.openEpisode?.episodeId;
  }

  /** The episode as its stream tells it now, with the events for its timeline. */
  async load(episodeId: string): Promise<{ state: Episode; events: EpisodeEvent[] }> {
    const recorded = await this.store.readStream(episodeStream(episodeId));
    const events = recorded.map((event) => ({ type: event.type, data: event.data }) as EpisodeEvent);
    return { state: fold(evolveEpisode, initialEpisode, events), events };
  }

  /** An opened episode, or a 404 naming it. */
  async loadOpened(episodeId: string): Promise<OpenedEpisode> {
    const { state } = await this.load(episodeId);
    if (state.status === 'not-opened') throw new EpisodeNotFound(episodeId);
    return state;
  }

  private openEpisodeStep(episodeId: string, cause: CommandCause, command: (state: OpenedEpisode) => EpisodeCommand) {
    const opened = (state: Episode): OpenedEpisode => {
      if (state.status === 'not-opened') throw new EpisodeNotFound(episodeId);
      return state;
    };
    return this.episodeStep(
      episodeId,
      cause,
      (state) => opened(state),
      (state) => command(opened(state)),
    );
  }

  /**
   * A ledger decision records who decided under the role that admits them at the episode's
   * current site, so the command and its envelope are built from the state read.
   */
  private episodeStep(
    episodeId: string,
    cause: CommandCause,
    where: (state: Episode) => { clientId: string; siteId: string },
    command: (state: Episode, before: readonly StepDecision[]) => EpisodeCommand,
  ): TypedCommandStep<EpisodeEvent, Episode> {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: episodeStream(episodeId),
      decider: this.decider,
      command,
      envelope: (state: Episode) => envelopeOf(cause, where(state)),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
  }

  private claimStreamStep(
    clientId: string,
    cause: CommandCause,
    where: () => { clientId: string; siteId: string },
    command: (before: readonly StepDecision[]) => ClientEpisodesCommand,
  ): TypedCommandStep<ClientEpisodesEvent, ClientEpisodes> {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: clientEpisodesStream(clientId),
      decider: clientEpisodes,
      command: (_state: ClientEpisodes, before: readonly StepDecision[]) => command(before),
      envelope: () => envelopeOf(cause, where()),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
  }
}

/** On a readmission, the episode the client's claim stream says came before this one. */
function previousEpisodeOf(claims: ClientEpisodes, episodeId: string): string | undefined {
  return claims.openEpisode?.episodeId === episodeId ? claims.openEpisode.previousEpisodeId : undefined;
}

/**
 * Intake names no programme; the site's programme at that level and track stands for it, its
 * level written as the programme lengths key it (`site-north/3-2.1/evening`).
 */
export function programmeOf(admitted: ClientAdmittedV1): string {
  return `${admitted.siteId}/${levelKeyOf(admitted.level)}/${admitted.track}`;
}

export class EpisodeNotFound extends NotFoundException {
  constructor(episodeId: string) {
    super(`There is no care episode ${episodeId}. Episodes open from intake's admissions; check the id on the client's plan.`);
  }
}
