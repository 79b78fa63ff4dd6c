import { Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { CLOCK, type Clock, DeadlineScheduler, JsonLogger, SERVICE_CONFIG, type TickReport, issueDeadline } from '@continuum/platform';
import { type FindQuery, ProjectionRunner, type ReadModelDefinition, findEvery } from '@continuum/read-store';
import {
  type PlanCommand,
  type PlanRules,
  addDays,
  expiringAuthorizations,
  isExpiryReminded,
  overdueReviewToFlag,
  weeksToClose,
} from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from '../projections/episode-list.js';
import { PLAN_LIST, type PlanListItem } from '../projections/plan-list.js';
import { PLAN_RECORDS, type PlanRecord } from '../projections/plan-records.js';
import { type TreatmentPlanConfig } from '../treatment-plan.config.js';
import { PLAN_RULES, TreatmentPlanCommands } from './treatment-plan.commands.js';

/** Candidates are read a page at a time. */
const PAGE = 200;

// Deadlines fired as ordinary commands (docs/architecture/time.md#deadlines): overdue reviews, weeks that
// are over, authorisations about to expire. Candidates come from the projections (a moment
// behind the store, so a deadline may be issued again before its event is projected); each
// command's idempotency key names the plan and the deadline, and the plan's rules ignore a
// repeat, so a tick may run twice, overlap a restart, or run on two instances, and nothing
// is recorded twice.

@Injectable()
export class Scheduler extends DeadlineScheduler {
  constructor(
    private readonly plans: TreatmentPlanCommands,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) private readonly rules: PlanRules,
    @Inject(SERVICE_CONFIG) config: TreatmentPlanConfig,
    private readonly logger: JsonLogger,
  ) {
    super('Scheduler', config.SCHEDULER_INTERVAL_MS, logger);
  }

  /**
   * One pass as of `now`; tests call it directly with the instant they want. Each open plan's
   * folded state (from the projection) says which deadlines are still owed, so a tick issues
   * only those: a plan whose weeks set no minimum (outpatient) is not asked again each tick.
   */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    const today = calendarDateOf(now);
    const report: TickReport = { issued: 0, refused: 0 };
    const records = await this.projections.collection<PlanRecord>(PLAN_RECORDS);
    for (const row of await this.openPlans()) {
      const plan = (await records.get(row.planId))?.document.state;
      if (!plan || plan.status === 'not-created' || plan.status === 'closed') continue;
      const due = overdueReviewToFlag(plan, today);
      if (due) await this.issue(plan.planId, { type: 'FlagOverdueReview', data: { dueDate: due } }, `review-overdue:${due}`, now, report);
      for (const weekStart of weeksToClose(plan, today, this.rules)) {
        await this.issue(plan.planId, { type: 'CloseWeek', data: { weekStart } }, `close-week:${weekStart}`, now, report);
      }
    }
    for (const authorization of await this.expiringAuthorizations(today)) {
      const { episodeId, payerReference, throughDate } = authorization;
      const plan = (await records.get(episodeId))?.document.state;
      if (plan && plan.status !== 'not-created' && isExpiryReminded(plan, payerReference, throughDate)) continue;
      await this.issue(
        episodeId,
        { type: 'RemindAuthorizationExpiry', data: { authorizationRef: payerReference, throughDate } },
        `authorization-expiry:${payerReference}:${throughDate}`,
        now,
        report,
      );
    }
    return report;
  }

  private issue(planId: string, command: PlanCommand, deadline: string, now: Date, report: TickReport): Promise<void> {
    return issueDeadline({ planId, command: command.type, deadline }, (cause) => this.plans.execute(planId, command, cause, now), report, {
      logger: this.logger,
      context: 'Scheduler',
    });
  }

  private async openPlans(): Promise<PlanListItem[]> {
    return this.everyRow<PlanListItem>(PLAN_LIST, { isOpen: true });
  }

  private async expiringAuthorizations(today: string) {
    const episodes = await this.everyRow<EpisodeListItem>(EPISODE_LIST, {
      isOpen: true,
      authorizationThroughDate: { gte: today, lte: addDays(today, this.rules.authorizationReminderDays) },
    });
    const authorizations = episodes.flatMap((episode) =>
      episode.authorization ? [{ episodeId: episode.episodeId, ...episode.authorization }] : [],
    );
    return expiringAuthorizations(authorizations, today, this.rules);
  }

  private async everyRow<T>(definition: ReadModelDefinition, where: NonNullable<FindQuery['where']>): Promise<T[]> {
    return findEvery(await this.projections.collection<T>(definition), { where, limit: PAGE });
  }
}
