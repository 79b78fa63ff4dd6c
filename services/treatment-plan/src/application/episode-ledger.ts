import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type ChangeLevelOfCare,
  type ClientEpisodes,
  type DischargeEpisode,
  type Episode,
  type EpisodeCommand,
  type EpisodeEvent,
  type RecordAuthorizedLevel,
  type TransferSite,
  careEpisode,
  clientEpisodes,
  clientEpisodesStream,
  episodeStream,
  evolveEpisode,
  initialEpisode,
} from '#continuum/care-episode';
import { type ClientAdmittedV1, type IntegrationEvent } from '#continuum/contracts';
import { fold } from '#continuum/decider';
import { EVENT_STORE, type EventStore, type RecordedEvent, runCommand } from '#continuum/event-store';
import { CLOCK, type Clock, causedByEvent } from '#continuum/platform';
import { type CommandCause, deciderOf, envelopeOf, idempotencyKeyOf } from './command-context.js';
import { episodeIdForAdmission } from './ids.js';

export type LedgerOutcome = { events: RecordedEvent<EpisodeEvent['data']>[]; state: Episode };

/** What a caller sends to change the level; `decidedBy` is the caller, never taken from the body. */
export type LevelChangeRequest = Omit<ChangeLevelOfCare['data'], 'decidedBy'>;
export type AuthorizationRequest = Omit<RecordAuthorizedLevel['data'], 'recordedBy'>;
export type TransferRequest = Omit<TransferSite['data'], 'decidedBy'>;
export type DischargeRequest = Omit<DischargeEpisode['data'], 'dischargedBy'>;

// The care-episode ledger's writer (DOMAIN.md "The care episode"): treatment-plan is the only
// service that appends to `care-episode-*`. The rules are libs/care-episode's deciders; this
// class keeps the write order across streams that client-episodes.ts prescribes.

@Injectable()
export class EpisodeLedger {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Intake's admission decision → claim the client (one open episode per client), then open
   * the episode, caused by the intake event. Exactly once however often it is delivered: the
   * episode id derives from the admission id and every step's idempotency key from the event id.
   */
  async openFromAdmission(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): Promise<LedgerOutcome & { episodeId: string }> {
    const { data } = admitted;
    const episodeId = episodeIdForAdmission(data.admissionId);
    const cause = causedByEvent(admitted, 'claim');
    const where = { clientId: data.clientId, siteId: data.siteId };
    const claim = await runCommand({
      store: this.store,
      stream: clientEpisodesStream(data.clientId),
      decider: clientEpisodes,
      command: { type: 'StartEpisode', data: { clientId: data.clientId, episodeId, startDate: data.startDate } },
      now: this.clock.now(),
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: envelopeOf(cause, where),
    });
    const previousEpisodeId = previousEpisodeOf(claim.state, episodeId) ?? data.previousEpisodeId;
    const opening = causedByEvent(admitted, 'open');
    const opened = await this.run(episodeId, opening, () => where, () => ({
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
    }));
    return { ...opened, episodeId };
  }

  changeLevel(episodeId: string, change: LevelChangeRequest, cause: CommandCause): Promise<LedgerOutcome> {
    return this.runOnOpen(episodeId, cause, (state) => ({ type: 'ChangeLevelOfCare', data: { ...change, decidedBy: deciderOf(cause, state.siteId) } }));
  }

  recordAuthorization(episodeId: string, authorization: AuthorizationRequest, cause: CommandCause): Promise<LedgerOutcome> {
    return this.runOnOpen(episodeId, cause, (state) => ({ type: 'RecordAuthorizedLevel', data: { ...authorization, recordedBy: deciderOf(cause, state.siteId) } }));
  }

  transferSite(episodeId: string, transfer: TransferRequest, cause: CommandCause): Promise<LedgerOutcome> {
    return this.runOnOpen(episodeId, cause, (state) => ({ type: 'TransferSite', data: { ...transfer, decidedBy: deciderOf(cause, state.siteId) } }));
  }

  /** The legal fact; the client's claim ends after it (`endClaim`, client-episodes.ts "discharge"). */
  discharge(episodeId: string, discharge: DischargeRequest, cause: CommandCause): Promise<LedgerOutcome> {
    return this.runOnOpen(episodeId, cause, (state) => ({ type: 'DischargeEpisode', data: { ...discharge, dischargedBy: deciderOf(cause, state.siteId) } }));
  }

  /** After a discharge: the client may be admitted again. Ending twice changes nothing. */
  async endClaim(ended: { episodeId: string; clientId: string; siteId: string; endDate: string }, cause: CommandCause): Promise<void> {
    const { episodeId, clientId, siteId, endDate } = ended;
    await runCommand({
      store: this.store,
      stream: clientEpisodesStream(clientId),
      decider: clientEpisodes,
      command: { type: 'EndEpisode', data: { clientId, episodeId, endDate } },
      now: this.clock.now(),
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
  }

  /** The client's open episode, as their claim stream tells it now. */
  async openEpisodeOf(clientId: string): Promise<string | undefined> {
    const recorded = await this.store.readStream(clientEpisodesStream(clientId));
    const claims = fold(clientEpisodes.evolve, clientEpisodes.initialState, recorded.map((event) => ({ type: event.type, data: event.data }) as Parameters<typeof clientEpisodes.evolve>[1]));
    return claims.openEpisode?.episodeId;
  }

  /** The episode as its stream tells it now, with the events for its timeline. */
  async load(episodeId: string): Promise<{ state: Episode; events: EpisodeEvent[] }> {
    const recorded = await this.store.readStream(episodeStream(episodeId));
    const events = recorded.map((event) => ({ type: event.type, data: event.data }) as EpisodeEvent);
    return { state: fold(evolveEpisode, initialEpisode, events), events };
  }

  private runOnOpen(episodeId: string, cause: CommandCause, command: (state: OpenedEpisode) => EpisodeCommand): Promise<LedgerOutcome> {
    const opened = (state: Episode): OpenedEpisode => {
      if (state.status === 'not-opened') throw new EpisodeNotFound(episodeId);
      return state;
    };
    return this.run(episodeId, cause, (state) => opened(state), (state) => command(opened(state)));
  }

  /**
   * The command is built from the state read, because a ledger decision records who decided
   * under the role that admits them at the episode's current site.
   */
  private async run(
    episodeId: string,
    cause: CommandCause,
    where: (state: Episode) => { clientId: string; siteId: string },
    command: (state: Episode) => EpisodeCommand,
  ): Promise<LedgerOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: episodeStream(episodeId),
      decider: { ...careEpisode, decide: (build: (state: Episode) => EpisodeCommand, state: Episode, now: Date) => careEpisode.decide(build(state), state, now) },
      command,
      now: this.clock.now(),
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: (state: Episode) => envelopeOf(cause, where(state)),
    });
    return { events: outcome.events as LedgerOutcome['events'], state: outcome.state };
  }
}

type OpenedEpisode = Exclude<Episode, { status: 'not-opened' }>;

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
