import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type CalendarDate } from '@continuum/care-episode';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, commandStep, runCommands } from '@continuum/event-store';
import { type Actor, CLOCK, type Clock, type RequestCause, assertSiteAccess, idempotencyKeyOf } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import {
  type PlanRules,
  type RandomDraw,
  type RandomTestsDrawn,
  evolveRandomDraw,
  mondayOf,
  randomDraw,
  randomDrawStream,
  todayAtSite,
} from '../domain/index.js';
import { PLAN_LIST, type PlanListItem } from '../projections/plan-list.js';
import { envelopeOf } from './command-cause.js';
import { PLAN_RULES, TreatmentPlanCommands, eventsOf } from './treatment-plan.commands.js';

// Random drug testing per site and week (docs/domain/medication-and-toxicology.md#random-selection).
// The service picks the seed and reads the site's open plans; the draw itself is the pure
// random-draws decider's, recorded with its seed on the site's stream for the week.

/** Open plans read from the projection, a page at a time. */
const CANDIDATE_PAGE = 500;

@Injectable()
export class RandomTesting {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) private readonly rules: PlanRules,
    private readonly projections: ProjectionRunner,
    private readonly plans: TreatmentPlanCommands,
  ) {}

  async draw(siteId: string, weekStart: CalendarDate, cause: RequestCause) {
    assertSiteAccess(cause.actor, siteId);
    const open = await findEvery(await this.projections.collection<PlanListItem>(PLAN_LIST), {
      where: { siteId, isOpen: true },
      limit: CANDIDATE_PAGE,
    });
    const key = idempotencyKeyOf(cause);
    const command = {
      type: 'DrawRandomTests' as const,
      data: {
        siteId,
        weekStart,
        seed: randomUUID(),
        ratePercent: this.rules.randomTestRatePercent,
        candidatePlanIds: open.map((plan) => plan.planId),
        drawnBy: cause.actor.userId,
      },
    };
    const {
      outcomes: [outcome],
    } = await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [
        commandStep({
          stream: randomDrawStream(siteId, weekStart),
          decider: randomDraw,
          command: () => command,
          ...(key === undefined ? {} : { idempotencyKey: key }),
          envelope: () => envelopeOf(cause, { siteId }),
        }),
      ],
    });
    const draw = outcome.state as RandomDraw;
    return { siteId, weekStart, ...(draw.status === 'drawn' ? drawnView(draw) : {}), events: eventsOf(outcome) };
  }

  /** The week's draw at a site, as recorded. */
  async drawOf(siteId: string, weekStart: CalendarDate): Promise<RandomDraw> {
    const recorded = await this.store.readStream(randomDrawStream(siteId, weekStart));
    return fold(
      evolveRandomDraw,
      { status: 'not-drawn' } as RandomDraw,
      recorded.map((event) => ({ type: event.type, data: event.data }) as RandomTestsDrawn),
    );
  }

  /** Who the week's draw chose for `date` (today at the site by default), and whether a test is recorded for them that day. */
  async dueOn(siteId: string, actor: Actor, date?: CalendarDate) {
    assertSiteAccess(actor, siteId);
    const day = date ?? todayAtSite({ siteId }, this.clock.now(), this.rules);
    const draw = await this.drawOf(siteId, mondayOf(day));
    if (draw.status !== 'drawn') return { siteId, date: day, drawn: false, total: 0, items: [] };
    const items = [];
    for (const selection of draw.selections.filter((candidate) => candidate.date === day)) {
      const plan = await this.plans.load(selection.planId);
      if (plan.status === 'not-created' || plan.status === 'closed') continue;
      const testIds = plan.drugTests.filter((test) => test.date === day).map((test) => test.testId);
      items.push({ planId: plan.planId, clientId: plan.clientId, date: day, tested: testIds.length > 0, testIds });
    }
    return { siteId, date: day, drawn: true, seed: draw.seed, total: items.filter((item) => !item.tested).length, items };
  }
}

function drawnView(draw: Extract<RandomDraw, { status: 'drawn' }>) {
  const { seed, ratePercent, candidatePlanIds, selections } = draw;
  return { seed, ratePercent, candidates: candidatePlanIds.length, selections };
}
