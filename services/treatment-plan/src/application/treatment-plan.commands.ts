import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { RuleBroken } from '@continuum/decider';
import {
  EVENT_STORE,
  type EventStore,
  type FoldedAt,
  type RecordedEvent,
  type StepDecision,
  type TypedCommandStep,
  commandStep,
  foldAfter,
  runCommands,
} from '@continuum/event-store';
import { AccessDenied, CLOCK, type Clock, type CommandCause, type RequestCause, idempotencyKeyOf } from '@continuum/platform';
import {
  NOT_ON_CARE_TEAM,
  type Plan,
  type PlanCommand,
  WEEK_ALREADY_FOLLOWED_UP,
  type PlanEvent,
  type PlanRules,
  evolve,
  initialPlan,
  planStream,
  treatmentPlanDecider,
} from '../domain/index.js';
import { envelopeOf } from './command-cause.js';
import { FoldedPlans } from './folded-plans.js';

/** The rules the plan decider and policies read: DEFAULT_PLAN_RULES unless a network overrides them. */
export const PLAN_RULES = Symbol.for('continuum.treatment-plan.PlanRules');

export type PlanOutcome = {
  /** The events this command appended or, for a retried Idempotency-Key, the ones its first run appended. */
  events: RecordedEvent<PlanEvent['data']>[];
  state: Plan;
  replayed: boolean;
};

/** Load → decide → append on one plan's stream; the rules live in domain/. */
@Injectable()
export class TreatmentPlanCommands {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) readonly rules: PlanRules,
    private readonly folded: FoldedPlans,
  ) {
    this.decider = treatmentPlanDecider(rules);
  }

  /** `now` defaults to the clock; the scheduler passes the instant of its tick. */
  async execute(planId: string, command: PlanCommand, cause: CommandCause, now: Date = this.clock.now()): Promise<PlanOutcome> {
    const {
      outcomes: [outcome],
    } = await runCommands({ store: this.store, now, steps: [this.step(planId, () => command, cause)] });
    this.keep(planId, outcome);
    return { events: outcome.events, state: outcome.state, replayed: outcome.replayed };
  }

  /**
   * The plan stream's step of a command, for CareEpisodes to run with the ledger's steps all
   * or nothing; `command` may read what the steps before it decided. Where there is no plan
   * yet, the envelope names the client and site the command creates it for, else `episode`'s
   * (a follow-up of the ledger then decides nothing, or refuses). The stream is read only after
   * the plan as this process last folded it (FoldedPlans).
   */
  step(
    planId: string,
    command: (before: readonly StepDecision[]) => PlanCommand,
    cause: CommandCause,
    episode?: (before: readonly StepDecision[]) => { clientId: string; siteId: string },
  ): TypedCommandStep<PlanEvent, Plan> {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: planStream(planId),
      decider: this.decider,
      command: (_state: Plan, before: readonly StepDecision[]) => command(before),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: (state: Plan, before: readonly StepDecision[]) => {
        if (state.status !== 'not-created') return envelopeOf(cause, { clientId: state.clientId, siteId: state.siteId });
        const created = command(before);
        if (created.type === 'CreatePlan') return envelopeOf(cause, { clientId: created.data.clientId, siteId: created.data.siteId });
        if (episode) return envelopeOf(cause, episode(before));
        throw new PlanNotFound(planId);
      },
      from: this.folded.get(planId),
    });
  }

  /** The plan as a command left it, for the next read or command of it to start from (FoldedPlans). */
  private keep(
    planId: string,
    { state, nextExpectedRevision, replayed }: { state: Plan; nextExpectedRevision: number; replayed: boolean },
  ) {
    // A replay's state is the plan as the first answer left it, not as it is now.
    if (!replayed && state.status !== 'not-created') this.folded.keep(planId, { revision: nextExpectedRevision, state });
  }

  /**
   * A care-team member answers an under-dosed week (under-dosed-follow-ups.ts). The decider
   * refuses someone off the team and a second answer; over HTTP those are a 403 and a 409.
   */
  async followUpUnderDosedWeek(planId: string, weekStart: string, outcome: string, cause: RequestCause): Promise<PlanOutcome> {
    const command: PlanCommand = { type: 'FollowUpUnderDosedWeek', data: { weekStart, outcome, followedUpBy: cause.actor.userId } };
    try {
      return await this.execute(planId, command, cause);
    } catch (error) {
      if (error instanceof RuleBroken && error.code === NOT_ON_CARE_TEAM) throw new AccessDenied(`${capitalised(error.message)}.`);
      if (error instanceof RuleBroken && error.code === WEEK_ALREADY_FOLLOWED_UP)
        throw new ConflictException(`${capitalised(error.message)}.`);
      throw error;
    }
  }

  async load(planId: string): Promise<Plan> {
    return (await this.loadAfter(planId)).state;
  }

  /**
   * The plan folded on from `from` (its state at a revision of the stream; none: the stream's
   * start) over the events the stream holds after it, and the revision that reached.
   */
  async loadAfter(planId: string, from?: FoldedPlan): Promise<{ state: Plan; revision: number | undefined }> {
    return foldAfter(this.store, planStream(planId), evolve, initialPlan, from);
  }

  now(): Date {
    return this.clock.now();
  }
}

/** A plan's state as folded up to a revision of its stream. */
export type FoldedPlan = FoldedAt<Plan>;

export class PlanNotFound extends NotFoundException {
  constructor(planId: string) {
    super(
      `There is no treatment plan ${planId}. A plan is drafted when intake's admission opens the care episode; its id is the episode id.`,
    );
  }
}

/** What a command response lists of the events it appended: ids and types, for the caller's records. */
export function eventsOf(outcome: { events: RecordedEvent[] }) {
  return outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, revision: event.revision }));
}

const capitalised = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);
