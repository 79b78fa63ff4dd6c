import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type RecordedEvent, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf } from '@continuum/platform';
import {
  type AftercareCommand,
  type AftercareEvent,
  type AftercarePlan,
  type AftercareRules,
  aftercareDecider,
  aftercarePlanStream,
  evolve,
  initialAftercarePlan,
} from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

/** The rules the aftercare decider and queries read: DEFAULT_AFTERCARE_RULES unless a network overrides them. */
export const AFTERCARE_RULES = Symbol.for('continuum.aftercare.AftercareRules');

export type AftercareOutcome = {
  /** The events this command appended or, for a retried Idempotency-Key, the ones its first run appended. */
  events: RecordedEvent<AftercareEvent['data']>[];
  state: AftercarePlan;
  replayed: boolean;
};

/** Load → decide → append on one plan's stream (`aftercare-<planId>`); the rules live in domain/. */
@Injectable()
export class AftercareCommands {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTERCARE_RULES) readonly rules: AftercareRules,
  ) {
    this.decider = aftercareDecider(rules);
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
    });
    return { events: outcome.events as AftercareOutcome['events'], state: outcome.state, replayed: outcome.replayed };
  }

  async load(planId: string): Promise<AftercarePlan> {
    const recorded = await this.store.readStream(aftercarePlanStream(planId));
    return fold(
      evolve,
      initialAftercarePlan,
      recorded.map((event) => ({ type: event.type, data: event.data }) as AftercareEvent),
    );
  }

  now(): Date {
    return this.clock.now();
  }
}

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
