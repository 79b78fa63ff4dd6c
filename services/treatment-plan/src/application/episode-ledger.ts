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
  type RecordAuthorizedLevel,
  type TransferSite,
  clientEpisodes,
  clientEpisodesStream,
  createCareEpisodeDecider,
  episodeStream,
  evolveEpisode,
  initialEpisode,
} from '@continuum/care-episode';
import { type ClientAdmittedV1, type IntegrationEvent } from '@continuum/contracts';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type RecordedEvent, type StepDecision, type TypedCommandStep, commandStep, runCommands } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, causedByEvent, idempotencyKeyOf } from '@continuum/platform';
import { type PlanRules } from '../domain/index.js';
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
  ) {
    // The plan and the ledger read one level catalogue and one rule for dating facts.
    this.decider = createCareEpisodeDecider(rules.levels, rules.factDates);
  }

  /** Intake's admission claims the client (one open episode per client): the client stream's step. */
  claimStep(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): TypedCommandStep<ClientEpisodesEvent, ClientEpisodes> {
    const { data } = admitted;
    const cause = causedByEvent(admitted, 'claim');
    return this.claimStreamStep(data.clientId, cause, () => ({ clientId: data.clientId, siteId: data.siteId }), () => ({
      type: 'StartEpisode',
      data: { clientId: data.clientId, episodeId: episodeIdForAdmission(data.admissionId), startDate: data.startDate },
    }));
  }

  /**
   * The episode the admission opens, caused by the intake event, after the claim step: on a
   * readmission it links the episode the claim names as the one before.
   */
  openStep(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): TypedCommandStep<EpisodeEvent, Episode> {
    const { data } = admitted;
    const episodeId = episodeIdForAdmission(data.admissionId);
    const opening = causedByEvent(admitted, 'open');
    return this.episodeStep(episodeId, opening, () => ({ clientId: data.clientId, siteId: data.siteId }), (_state, before) => {
      const claims = before[0]?.state as ClientEpisodes | undefined;
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
        },
      };
    });
  }

  changeLevelStep(episodeId: string, change: LevelChangeRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({ type: 'ChangeLevelOfCare', data: { ...change, decidedBy: deciderOf(cause, state.siteId) } }));
  }

  transferStep(episodeId: string, transfer: TransferRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({ type: 'TransferSite', data: { ...transfer, decidedBy: deciderOf(cause, state.siteId) } }));
  }

  /** The legal fact; the client's claim ends with it (`endClaimStep`). */
  dischargeStep(episodeId: string, discharge: DischargeRequest, cause: CommandCause) {
    return this.openEpisodeStep(episodeId, cause, (state) => ({ type: 'DischargeEpisode', data: { ...discharge, dischargedBy: deciderOf(cause, state.siteId) } }));
  }

  /**
   * After a discharge the client may be admitted again: the claim ends on the day the
   * discharge step decided. `where` is the episode as read before the command (its client
   * and site do not change with a discharge). Ending twice changes nothing.
   */
  endClaimStep(where: { clientId: string; siteId: string }, cause: CommandCause, ended: (before: readonly StepDecision[]) => { episodeId: string; endDate: string }) {
    const { clientId } = where;
    return this.claimStreamStep(clientId, cause, () => where, (before) => {
      const { episodeId, endDate } = ended(before);
      return { type: 'EndEpisode', data: { clientId, episodeId, endDate } };
    });
  }

  async recordAuthorization(episodeId: string, authorization: AuthorizationRequest, cause: CommandCause): Promise<LedgerOutcome> {
    const step = this.openEpisodeStep(episodeId, cause, (state) => ({ type: 'RecordAuthorizedLevel', data: { ...authorization, recordedBy: deciderOf(cause, state.siteId) } }));
    const {
      outcomes: [outcome],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [step] });
    return { events: outcome.events, state: outcome.state };
  }

  /** The client's open episode, as their claim stream tells it now. */
  async openEpisodeOf(clientId: string): Promise<string | undefined> {
    const recorded = await this.store.readStream(clientEpisodesStream(clientId));
    const claims = fold(clientEpisodes.evolve, clientEpisodes.initialState, recorded.map((event) => ({ type: event.type, data: event.data }) as ClientEpisodesEvent));
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
    return this.episodeStep(episodeId, cause, (state) => opened(state), (state) => command(opened(state)));
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

/** Intake names no programme; the site's programme at that level and track stands for it. */
function programmeOf(admitted: ClientAdmittedV1): string {
  return `${admitted.siteId}/${admitted.level.edition}-${admitted.level.code}/${admitted.track}`;
}

export class EpisodeNotFound extends NotFoundException {
  constructor(episodeId: string) {
    super(`There is no care episode ${episodeId}. Episodes open from intake's admissions; check the id on the client's plan.`);
  }
}
