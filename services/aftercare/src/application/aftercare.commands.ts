import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type FoldedAt,
  type RecordedEvent,
  type StepDecision,
  commandStep,
  foldAfter,
  runCommand,
} from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, type RequestCause, idFromCause, idempotencyKeyOf } from '@continuum/platform';
import {
  type AftercareCommand,
  type ArrangeRecoveryResidence,
  type LinkPeerSupport,
  type SetStepDownLevel,
  type AftercareEvent,
  type AftercarePlan,
  type AftercareRules,
  aftercareDecider,
  aftercarePlanStream,
  evolve,
  initialAftercarePlan,
} from '../domain/index.js';
import { envelopeOf } from './command-cause.js';
import { ConsentFiles } from './consent-files.js';
import { FoldedPlans } from './folded-plans.js';

/** The rules the aftercare decider and queries read: DEFAULT_AFTERCARE_RULES unless a network overrides them. */
export const AFTERCARE_RULES = Symbol.for('continuum.aftercare.AftercareRules');

/** A staff command that sends to an outside recipient, before the application adds the client's consent file. */
export type OutsideSendCommand = Omit<SetStepDownLevel, 'send'> | Omit<ArrangeRecoveryResidence, 'send'> | Omit<LinkPeerSupport, 'send'>;

export type AftercareOutcome = {
  /** The events this command appended or, for a retried Idempotency-Key, the ones its first run appended. */
  events: RecordedEvent<AftercareEvent['data']>[];
  state: AftercarePlan;
  replayed: boolean;
};

/**
 * Load → decide → append on one plan's stream (`aftercare-<planId>`), read only after the plan as
 * this process last folded it (FoldedPlans); the rules live in domain/.
 */
@Injectable()
export class AftercareCommands {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTERCARE_RULES) readonly rules: AftercareRules,
    private readonly consentFiles: ConsentFiles,
    private readonly folded: FoldedPlans,
  ) {
    this.decider = aftercareDecider(rules);
  }

  /**
   * A step-down, recovery residence or peer-support linkage, decided under the client's consent
   * file as read now (the one consent rule: sent, held, or refused with nothing written). The
   * disclosure id derives from the request's Idempotency-Key, so a retry names the same one.
   */
  async executeOutsideSend(command: OutsideSendCommand, cause: RequestCause): Promise<AftercareOutcome> {
    const { state: plan } = await this.loadAfter(command.planId, this.folded.get(command.planId));
    if (plan.status === 'none') throw new AftercarePlanNotFound(command.planId);
    const file = await this.consentFiles.load(plan.clientId);
    const send = {
      sendId: idFromCause(cause, `disclosure:${command.type}`),
      file,
      disclosedBy: { userId: cause.actor.userId, role: cause.actor.role },
    };
    return this.execute(command.planId, { ...command, send } as AftercareCommand, cause);
  }

  /** `now` defaults to the clock; the scheduler passes the instant its tick is for. */
  async execute(planId: string, command: AftercareCommand, cause: CommandCause, now: Date = this.clock.now()): Promise<AftercareOutcome> {
    // Every command names its plan as well (domain/commands.ts): both must be the same stream.
    if (command.planId !== planId) throw new Error(`${command.type} names plan ${command.planId}, not ${planId}`);
    const outcome = await runCommand({
      store: this.store,
      stream: aftercarePlanStream(planId),
      decider: this.decider,
      command,
      now,
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: (state: AftercarePlan) => {
        if (state.status !== 'none') return envelopeOf(cause, { clientId: state.clientId, siteId: state.siteId });
        if (command.type === 'CreateAftercarePlan')
          return envelopeOf(cause, { clientId: command.data.clientId, siteId: command.data.siteId });
        throw new AftercarePlanNotFound(planId);
      },
      from: this.folded.get(planId),
    });
    this.keep(planId, outcome);
    return { events: outcome.events as AftercareOutcome['events'], state: outcome.state, replayed: outcome.replayed };
  }

  /** The plan as a command left it, for the next read or command of it to start from (FoldedPlans). */
  private keep(
    planId: string,
    { state, nextExpectedRevision, replayed }: { state: AftercarePlan; nextExpectedRevision: number; replayed: boolean },
  ) {
    // A replay's state is the plan as the first answer left it, not as it is now.
    if (!replayed && state.status !== 'none') this.folded.keep(planId, { revision: nextExpectedRevision, state });
  }

  /** The same command as one step of a reaction that writes other streams too, all or nothing (runCommands). */
  step(
    planId: string,
    command: AftercareCommand | ((state: AftercarePlan, before: readonly StepDecision[]) => AftercareCommand),
    cause: CommandCause,
  ) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: aftercarePlanStream(planId),
      decider: this.decider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: (state: AftercarePlan) => {
        if (state.status !== 'none') return envelopeOf(cause, { clientId: state.clientId, siteId: state.siteId });
        if (typeof command !== 'function' && command.type === 'CreateAftercarePlan')
          return envelopeOf(cause, { clientId: command.data.clientId, siteId: command.data.siteId });
        throw new AftercarePlanNotFound(planId);
      },
      from: this.folded.get(planId),
    });
  }

  async load(planId: string): Promise<AftercarePlan> {
    return (await this.loadAfter(planId)).state;
  }

  /**
   * The plan folded on from `from` (its state at a revision of the stream; none: the stream's
   * start) over the events the stream holds after it, and the revision that reached.
   */
  async loadAfter(planId: string, from?: FoldedAftercarePlan): Promise<{ state: AftercarePlan; revision: number | undefined }> {
    return foldAfter(this.store, aftercarePlanStream(planId), evolve, initialAftercarePlan, from);
  }

  now(): Date {
    return this.clock.now();
  }
}

/** A plan's state as folded up to a revision of its stream. */
export type FoldedAftercarePlan = FoldedAt<AftercarePlan>;

export class AftercarePlanNotFound extends NotFoundException {
  constructor(planId: string) {
    super(
      `There is no aftercare plan ${planId}. A plan is created when treatment-plan discharges the care episode; its id is the discharged episode's id.`,
    );
  }
}

/** What a command response lists of the events it appended: ids and types, for the caller's records. */
export function eventsOf(outcome: { events: RecordedEvent[] }) {
  return outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, revision: event.revision }));
}
