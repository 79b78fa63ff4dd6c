import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type DischargeDisposition,
  type Episode,
  type EpisodeEvent,
  type Population,
  authorizationVariance,
  calendarDateOf,
  episodeStream,
  safetyHoldStatus,
  timeline,
} from '@continuum/care-episode';
import { type ClientAdmittedV1, type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore, type StepDecision, deterministicEventId, runCommands } from '@continuum/event-store';
import {
  type Actor,
  BreakTheGlass,
  CLOCK,
  type Clock,
  type CommandCause,
  JsonLogger,
  causedByEvent,
  followUp,
  idempotencyKeyOf,
  withIdempotencyKey,
} from '@continuum/platform';
import {
  type AuthorizationRequest,
  type DischargeRequest,
  EpisodeLedger,
  EpisodeNotFound,
  type LedgerOutcome,
  type LevelChangeRequest,
  type TransferRequest,
  programmeOf,
} from './episode-ledger.js';
import { type CareTeamMember, type PlanCommand, careTeamUserIds } from '../domain/index.js';
import { type PlanOutcome, TreatmentPlanCommands } from './treatment-plan.commands.js';

/** The idempotency-key steps that follow a ledger entry: `<ledger event id>:<step>`. */
export const PLAN_STEP = 'plan';
export const CLAIM_STEP = 'end-claim';

/** An admission published before intake named the population (an optional v1 field) is taken as an adult's, as every plan was before. */
const DEFAULT_POPULATION: Population = 'adult';

// The ledger and the plan kept in step (planId = episodeId). Each command that touches the
// ledger and the plan — admission (claim, episode, plan), level change and transfer (episode,
// plan), discharge (episode, claim, plan) — decides every stream's step before anything is
// written and appends them in one atomic unit (runCommands): a refusal by any step writes
// nothing anywhere and publishes nothing (docs/architecture/multi-stream-commands.md).
//
// The steps after the ledger's keep the idempotency keys `<ledger event id>:<step>` they have
// always had, so the reaction to the ledger's own integration events (LedgerFollowUpsConsumer)
// finds their first answer and repeats nothing; it still repairs a history written before the
// steps were atomic. The ledger event's id is known before the append: it derives from the
// request's Idempotency-Key, or from a key drawn for this one command.

@Injectable()
export class CareEpisodes {
  constructor(
    private readonly ledger: EpisodeLedger,
    private readonly plans: TreatmentPlanCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly breakTheGlass: BreakTheGlass,
  ) {}

  /** Intake admitted the client: the claim, the episode and its draft plan, exactly once and all or nothing. */
  async admit(
    admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>,
  ): Promise<{ episodeId: string; ledger: LedgerOutcome; plan: PlanOutcome }> {
    const { data } = admitted;
    const opening = this.ledger.openStep(admitted);
    const episodeId = opening.stream.slice(episodeStream('').length);
    const createPlan = this.plans.step(
      episodeId,
      () => ({
        type: 'CreatePlan',
        data: {
          planId: episodeId,
          episodeId,
          clientId: data.clientId,
          siteId: data.siteId,
          level: data.level,
          population: data.population ?? DEFAULT_POPULATION,
          startDate: data.startDate,
          // Its configured length sets the planned end (length-of-stay.ts).
          programmeId: programmeOf(data),
        },
      }),
      causedByEvent(admitted, PLAN_STEP),
    );
    const {
      outcomes: [, opened, plan],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [this.ledger.claimStep(admitted), opening, createPlan] });
    this.warnIfBelowSafetyLevel(admitted, opened.state);
    return {
      episodeId,
      ledger: { events: opened.events, state: opened.state },
      plan: { events: plan.events, state: plan.state, replayed: plan.replayed },
    };
  }

  /**
   * An admission below the network's safety level while the client is held is recorded
   * (decide.ts says why) and said here, with ids only, for the site to step the client up.
   */
  private warnIfBelowSafetyLevel(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>, episode: Episode): void {
    if (episode.status !== 'open') return;
    const { rules } = this.plans;
    const status = safetyHoldStatus(episode, rules.safetyHold, rules.levels);
    if (!status.isOnSafetyHold || !status.isBelowSafetyLevel) return;
    this.logger.warn(
      {
        message:
          'episode opened below the safety level while the client is on a safety hold; the next level change must reach the safety level',
        episodeId: episode.episodeId,
        clientId: episode.clientId,
        siteId: episode.siteId,
        eventId: admitted.eventId,
        levelCode: episode.level.code,
        safetyLevelCode: status.safetyLevel.code,
      },
      'CareEpisodes',
    );
  }

  async changeLevel(episodeId: string, change: LevelChangeRequest, cause: CommandCause) {
    const { ledgerCause, ledgerEventId } = this.ledgerEntryOf(episodeId, cause);
    const entry = this.ledger.changeLevelStep(episodeId, change, ledgerCause);
    return this.withPlan(
      episodeId,
      entry,
      (before) => {
        const changed = decidedEntry(before, 'LevelOfCareChanged');
        return { type: 'RecordLevelChange', data: { to: changed.to, effectiveDate: changed.effectiveDate } };
      },
      followUp(cause, ledgerEventId, PLAN_STEP),
    );
  }

  async transferSite(episodeId: string, transfer: TransferRequest, cause: CommandCause) {
    const { ledgerCause, ledgerEventId } = this.ledgerEntryOf(episodeId, cause);
    const entry = this.ledger.transferStep(episodeId, transfer, ledgerCause);
    // The caller was admitted at the old site; the plan follows the episode as this service's bookkeeping.
    const planCause = causedByEvent({ eventId: ledgerEventId, correlationId: correlationOf(cause) }, PLAN_STEP);
    return this.withPlan(
      episodeId,
      entry,
      (before) => {
        const transferred = decidedEntry(before, 'SiteTransferred');
        return { type: 'RecordSiteTransfer', data: { toSiteId: transferred.toSiteId, effectiveDate: transferred.effectiveDate } };
      },
      planCause,
    );
  }

  recordAuthorization(episodeId: string, authorization: AuthorizationRequest, cause: CommandCause) {
    return this.ledger.recordAuthorization(episodeId, authorization, cause);
  }

  /**
   * The discharge, the end of the client's claim and the plan's closing, decided together on
   * the discharge's own day: a `completed` disposition only when the plan's conditions hold on
   * that day (discharge.ts). Any step's refusal writes nothing.
   */
  async discharge(episodeId: string, discharge: DischargeRequest, cause: CommandCause) {
    const episode = await this.ledger.loadOpened(episodeId);
    const { ledgerCause, ledgerEventId } = this.ledgerEntryOf(episodeId, cause);
    const ended = (before: readonly StepDecision[]) => dischargedOf(before);
    const steps = [
      this.ledger.dischargeStep(episodeId, discharge, ledgerCause),
      this.ledger.endClaimStep(
        { clientId: episode.clientId, siteId: episode.siteId },
        followUp(cause, ledgerEventId, CLAIM_STEP),
        (before) => {
          const { episodeId: id, dischargeDate } = ended(before);
          return { episodeId: id, endDate: dischargeDate };
        },
      ),
    ] as const;
    const closePlan = this.plans.step(
      episodeId,
      (before) => {
        const { disposition, dischargeDate } = ended(before);
        return {
          type: 'CloseForDischarge',
          data: {
            disposition,
            date: dischargeDate,
            ...(discharge.lateEntryReason === undefined ? {} : { lateEntryReason: discharge.lateEntryReason }),
          },
        };
      },
      followUp(cause, ledgerEventId, PLAN_STEP),
      () => episode,
    );
    const {
      outcomes: [ledger, , plan],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [...steps, closePlan] });
    return {
      ledger: { events: ledger.events, state: ledger.state },
      plan: { events: plan.events, state: plan.state, replayed: plan.replayed },
    };
  }

  // The steps that follow a ledger entry, heard back from the bus (LedgerFollowUpsConsumer) with
  // the keys the command used: they find their first answer and append nothing, or finish a
  // history written before the steps were atomic. An episode this service's store does not hold
  // (a shared broker may carry other stores' events) has nothing to follow up: undefined.

  // Each is decided at the instant the ledger entry happened (`at`), as the command that wrote
  // the entry would have decided it: a repair heard days later must not read "today" anew.

  async afterLevelChange(
    episodeId: string,
    change: { to: LevelChangeRequest['to']; effectiveDate: string },
    cause: CommandCause,
    at: Date,
  ): Promise<PlanOutcome | undefined> {
    if (!(await this.holds(episodeId))) return undefined;
    return this.plans.execute(episodeId, { type: 'RecordLevelChange', data: change }, cause, at);
  }

  async afterTransfer(
    episodeId: string,
    transfer: { toSiteId: string; effectiveDate: string },
    cause: CommandCause,
    at: Date,
  ): Promise<PlanOutcome | undefined> {
    if (!(await this.holds(episodeId))) return undefined;
    return this.plans.execute(episodeId, { type: 'RecordSiteTransfer', data: transfer }, cause, at);
  }

  /** The claim ends and the plan closes, together; a plan this store never drafted has nothing to close. */
  async afterDischarge(
    discharged: { episodeId: string; clientId: string; siteId: string; disposition: DischargeDisposition; dischargeDate: string },
    causes: { claim: CommandCause; plan: CommandCause },
    at: Date,
  ): Promise<PlanOutcome | undefined> {
    const { episodeId, clientId, siteId, disposition, dischargeDate } = discharged;
    // One read answers both whether the store holds the episode and, since a late entry's reason
    // is the ledger's, not the integration event's, the reason the plan reads the same rule with.
    const { state, events } = await this.ledger.load(episodeId);
    if (state.status === 'not-opened') return undefined;
    const { lateEntryReason } =
      (events.find((event) => event.type === 'EpisodeDischarged')?.data as { lateEntryReason?: string } | undefined) ?? {};
    const endClaim = this.ledger.endClaimStep({ clientId, siteId }, causes.claim, () => ({ episodeId, endDate: dischargeDate }));
    const closePlan = this.plans.step(
      episodeId,
      () => ({
        type: 'CloseForDischarge',
        data: { disposition, date: dischargeDate, ...(lateEntryReason === undefined ? {} : { lateEntryReason }) },
      }),
      causes.plan,
      () => ({ clientId, siteId }),
    );
    const {
      outcomes: [, plan],
    } = await runCommands({ store: this.store, now: at, steps: [endClaim, closePlan] });
    return { events: plan.events, state: plan.state, replayed: plan.replayed };
  }

  private async holds(episodeId: string): Promise<boolean> {
    return (await this.ledger.load(episodeId)).state.status !== 'not-opened';
  }

  /** The ledger entry and the plan's step that follows it, appended together. */
  private async withPlan(
    episodeId: string,
    entry: ReturnType<EpisodeLedger['changeLevelStep']>,
    planCommand: (before: readonly StepDecision[]) => PlanCommand,
    planCause: CommandCause,
  ): Promise<{ ledger: LedgerOutcome; plan: PlanOutcome }> {
    const {
      outcomes: [ledger, plan],
    } = await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [entry, this.plans.step(episodeId, planCommand, planCause, ledgerEpisodeOf)],
    });
    return {
      ledger: { events: ledger.events, state: ledger.state },
      plan: { events: plan.events, state: plan.state, replayed: plan.replayed },
    };
  }

  /**
   * The ledger entry's cause with the key its events' ids derive from — the request's
   * Idempotency-Key, or one drawn for this command — and the id of the entry's event, which
   * the follow-up steps' keys name.
   */
  private ledgerEntryOf(episodeId: string, cause: CommandCause): { ledgerCause: CommandCause; ledgerEventId: string } {
    const key = idempotencyKeyOf(cause) ?? randomUUID();
    return { ledgerCause: withIdempotencyKey(cause, key), ledgerEventId: deterministicEventId(key, episodeStream(episodeId), 0) };
  }

  /** The episode's care team, stated whole, on the plan's stream (care-team.ts); published as CareTeamChanged. */
  changeCareTeam(episodeId: string, members: CareTeamMember[], cause: CommandCause) {
    return this.plans.execute(episodeId, { type: 'ChangeCareTeam', data: { members } }, cause);
  }

  /**
   * The episode for its care team, the site's clinical supervisors and auditors (or a grant to
   * break the glass): state, level timeline and the payer variance today.
   */
  async episode(episodeId: string, actor: Actor) {
    const { state, events } = await this.ledger.load(episodeId);
    if (state.status === 'not-opened') throw new EpisodeNotFound(episodeId);
    const plan = await this.plans.load(episodeId);
    const careTeam = plan.status === 'not-created' ? [] : careTeamUserIds(plan);
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: state.clientId, siteId: state.siteId, careTeam });
    const today = calendarDateOf(this.plans.now());
    const asOf = state.status === 'discharged' ? state.dischargeDate : today;
    const { rules } = this.plans;
    return {
      episode: state,
      timeline: timeline(events),
      authorizationVariance: authorizationVariance(state, asOf),
      safetyHold: safetyHoldStatus(state, rules.safetyHold, rules.levels),
    };
  }
}

/** The ledger event the first step decided (or, on a retry, appended), by type. */
function decidedEntry<Type extends EpisodeEvent['type'], Data = Extract<EpisodeEvent, { type: Type }>['data']>(
  before: readonly StepDecision[],
  type: Type,
): Data {
  const entry = before[0]?.events.find((event) => event.type === type);
  if (!entry) throw new Error(`the ledger step decided no ${type}`);
  return entry.data as Data;
}

/** The discharge as the ledger step left the episode. */
function dischargedOf(before: readonly StepDecision[]): Extract<Episode, { status: 'discharged' }> {
  const state = before[0]?.state as Episode | undefined;
  if (state?.status !== 'discharged') throw new Error('the ledger step did not discharge the episode');
  return state;
}

function correlationOf(cause: CommandCause): string {
  return cause.kind === 'request' ? cause.request.correlationId : cause.correlationId;
}

/** The episode as the ledger step (the first) read it: whom and where a plan's follow-up concerns. */
function ledgerEpisodeOf(before: readonly StepDecision[]): { clientId: string; siteId: string } {
  const state = before[0]?.state as Episode | undefined;
  if (!state || state.status === 'not-opened') throw new Error('the ledger step read no episode');
  return { clientId: state.clientId, siteId: state.siteId };
}
