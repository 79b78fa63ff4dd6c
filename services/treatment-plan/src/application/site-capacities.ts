import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, commandStep, runCommands } from '@continuum/event-store';
import { CLOCK, type Clock, type RequestCause, idempotencyKeyOf } from '@continuum/platform';
import { type PlanRules, type SiteCapacity, siteCapacityDecider, siteCapacityStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';
import { PLAN_RULES, eventsOf } from './treatment-plan.commands.js';

// A site's capacity per level of care (docs/domain/work-queues.md#site-capacity), recorded by a
// network administrator on the site's stream; the rule is the site-capacity decider's.
@Injectable()
export class SiteCapacities {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) rules: PlanRules,
  ) {
    this.decider = siteCapacityDecider(rules);
  }

  async record(siteId: string, levels: unknown, cause: RequestCause) {
    const key = idempotencyKeyOf(cause);
    const {
      outcomes: [outcome],
    } = await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [
        commandStep({
          stream: siteCapacityStream(siteId),
          decider: this.decider,
          command: () => ({ type: 'RecordSiteCapacity' as const, data: { siteId, levels, recordedBy: cause.actor.userId } }),
          ...(key === undefined ? {} : { idempotencyKey: key }),
          envelope: () => envelopeOf(cause, { siteId }),
        }),
      ],
    });
    const capacity = outcome.state as SiteCapacity;
    return { siteId, levels: capacity.status === 'recorded' ? capacity.levels : {}, events: eventsOf(outcome) };
  }
}
