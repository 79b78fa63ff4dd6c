import { Injectable } from '@nestjs/common';
import { type DischargeDisposition, type Population, authorizationVariance, calendarDateOf, timeline } from '#continuum/care-episode';
import { type ClientAdmittedV1, type IntegrationEvent } from '#continuum/contracts';
import { type Actor, assertSiteAccess, causedByEvent } from '#continuum/platform';
import { checkDischargeDisposition, dischargeReadiness } from '../domain/index.js';
import { type CommandCause, followUp } from './command-context.js';
import {
  type AuthorizationRequest,
  type DischargeRequest,
  EpisodeLedger,
  EpisodeNotFound,
  type LedgerOutcome,
  type LevelChangeRequest,
  type TransferRequest,
} from './episode-ledger.js';
import { PlanCommands, PlanNotFound, type PlanOutcome } from './plan-commands.js';

/** The idempotency-key steps that follow a ledger entry: `<ledger event id>:<step>`. */
export const PLAN_STEP = 'plan';
export const CLAIM_STEP = 'end-claim';

/** An admission published before intake named the population (an optional v1 field) is taken as an adult's, as every plan was before. */
const DEFAULT_POPULATION: Population = 'adult';

// The ledger and the plan kept in step (planId = episodeId): each ledger entry that concerns
// the plan is followed by the plan's own command, with an idempotency key derived from the
// ledger event, so a retry (or a redelivered admission) finishes what a crash interrupted
// and repeats nothing.

@Injectable()
export class CareEpisodes {
  constructor(
    private readonly ledger: EpisodeLedger,
    private readonly plans: PlanCommands,
  ) {}

  /** Intake admitted the client: the episode opens and its draft plan is created, exactly once. */
  async admit(admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>): Promise<{ episodeId: string; ledger: LedgerOutcome; plan: PlanOutcome }> {
    const { episodeId, ...ledger } = await this.ledger.openFromAdmission(admitted);
    const { data } = admitted;
    const plan = await this.plans.execute(
      episodeId,
      {
        type: 'CreatePlan',
        data: { planId: episodeId, episodeId, clientId: data.clientId, siteId: data.siteId, level: data.level, population: data.population ?? DEFAULT_POPULATION, startDate: data.startDate },
      },
      causedByEvent(admitted, PLAN_STEP),
    );
    return { episodeId, ledger, plan };
  }

  async changeLevel(episodeId: string, change: LevelChangeRequest, cause: CommandCause) {
    const ledger = await this.ledger.changeLevel(episodeId, change, cause);
    const changed = ledger.events.find((event) => event.type === 'LevelOfCareChanged');
    if (!changed) return { ledger };
    const { to, effectiveDate } = changed.data as { to: LevelChangeRequest['to']; effectiveDate: string };
    const plan = await this.afterLevelChange(episodeId, { to, effectiveDate }, followUp(cause, changed.eventId, PLAN_STEP));
    return { ledger, plan };
  }

  async transferSite(episodeId: string, transfer: TransferRequest, cause: CommandCause) {
    const ledger = await this.ledger.transferSite(episodeId, transfer, cause);
    const transferred = ledger.events.find((event) => event.type === 'SiteTransferred');
    if (!transferred) return { ledger };
    const { toSiteId, effectiveDate } = transferred.data as { toSiteId: string; effectiveDate: string };
    // The caller was admitted at the old site; the plan follows the episode as this service's bookkeeping.
    const plan = await this.afterTransfer(episodeId, { toSiteId, effectiveDate }, causedByEvent({ eventId: transferred.eventId, correlationId: transferred.metadata.correlationId }, PLAN_STEP));
    return { ledger, plan };
  }

  recordAuthorization(episodeId: string, authorization: AuthorizationRequest, cause: CommandCause) {
    return this.ledger.recordAuthorization(episodeId, authorization, cause);
  }

  /**
   * `completed` only when the plan says the client is ready (30 sober days, every goal
   * closed); any other disposition discharges before that. The ledger records the discharge,
   * then the client's claim ends and the plan closes.
   */
  async discharge(episodeId: string, discharge: DischargeRequest, cause: CommandCause) {
    const current = await this.plans.load(episodeId);
    // A plan already closed means this discharge was decided before (a retry): the ledger answers it.
    if (current.status !== 'not-created' && current.status !== 'closed') {
      checkDischargeDisposition(dischargeReadiness(current, discharge.date ?? this.plans.now(), this.plans.rules), discharge.disposition);
    }
    const ledger = await this.ledger.discharge(episodeId, discharge, cause);
    const discharged = ledger.events.find((event) => event.type === 'EpisodeDischarged');
    if (!discharged || ledger.state.status !== 'discharged') return { ledger };
    const { clientId, siteId, disposition, dischargeDate } = ledger.state;
    const plan = await this.afterDischarge(
      { episodeId, clientId, siteId, disposition, dischargeDate },
      { claim: followUp(cause, discharged.eventId, CLAIM_STEP), plan: followUp(cause, discharged.eventId, PLAN_STEP) },
    );
    return { ledger, ...(plan ? { plan } : {}) };
  }

  /** Whether this service's store holds the episode (a shared broker may carry other stores' events). */
  async holds(episodeId: string): Promise<boolean> {
    return (await this.ledger.load(episodeId)).state.status !== 'not-opened';
  }

  // The steps that follow a ledger entry. The HTTP handler runs them at once; the reaction to
  // the ledger's own integration events (LedgerFollowUpsConsumer) runs them again with the
  // same idempotency keys, so a crash between the entry and its follow-up is repaired and a
  // step that already ran answers with its first result.

  afterLevelChange(episodeId: string, change: { to: LevelChangeRequest['to']; effectiveDate: string }, cause: CommandCause): Promise<PlanOutcome> {
    return this.plans.execute(episodeId, { type: 'RecordLevelChange', data: change }, cause);
  }

  afterTransfer(episodeId: string, transfer: { toSiteId: string; effectiveDate: string }, cause: CommandCause): Promise<PlanOutcome> {
    return this.plans.execute(episodeId, { type: 'RecordSiteTransfer', data: transfer }, cause);
  }

  async afterDischarge(
    discharged: { episodeId: string; clientId: string; siteId: string; disposition: DischargeDisposition; dischargeDate: string },
    causes: { claim: CommandCause; plan: CommandCause },
  ): Promise<PlanOutcome | undefined> {
    const { episodeId, clientId, siteId, disposition, dischargeDate } = discharged;
    await this.ledger.endClaim({ episodeId, clientId, siteId, endDate: dischargeDate }, causes.claim);
    try {
      return await this.plans.execute(episodeId, { type: 'CloseForDischarge', data: { disposition, date: dischargeDate } }, causes.plan);
    } catch (error) {
      // An episode whose plan this store never drafted has no plan to close; the command finds that out on its one read.
      if (error instanceof PlanNotFound) return undefined;
      throw error;
    }
  }

  /** The episode for a reader at its site (or an auditor): state, level timeline and the payer variance today. */
  async episode(episodeId: string, actor: Actor) {
    const { state, events } = await this.ledger.load(episodeId);
    if (state.status === 'not-opened') throw new EpisodeNotFound(episodeId);
    assertSiteAccess(actor, state.siteId);
    const today = calendarDateOf(this.plans.now());
    const asOf = state.status === 'discharged' ? state.dischargeDate : today;
    return { episode: state, timeline: timeline(events), authorizationVariance: authorizationVariance(state, asOf) };
  }
}
