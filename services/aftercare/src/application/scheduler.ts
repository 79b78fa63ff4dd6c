import { Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { CLOCK, type Clock, DeadlineScheduler, JsonLogger, SERVICE_CONFIG, type TickReport, issueDeadline } from '@continuum/platform';
import { type FindQuery, ProjectionRunner, findEvery } from '@continuum/read-store';
import { type AftercareCommand, addDays, missedCheckIns } from '../domain/index.js';
import { type AftercareConfig } from '../aftercare.config.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';
import { AftercareCommands } from './aftercare.commands.js';

/** Candidates are read a page at a time. */
const PAGE = 200;

// Aftercare's deadlines fired as ordinary commands (docs/architecture/time.md#deadlines): a check-in whose
// grace days ran out unrecorded is marked missed (an outreach task, and after a run of them
// the unreachable mark), and continuing care ends when the plan's year is over. Candidates
// come from the plan rows, which carry each plan's folded state (a moment behind the store);
// each command's idempotency key names the plan and the deadline, and the plan's rules ignore
// a repeat, so a tick may run twice, overlap a restart, or run on two instances, and nothing
// is recorded twice.

@Injectable()
export class AftercareScheduler extends DeadlineScheduler {
  constructor(
    private readonly commands: AftercareCommands,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: AftercareConfig,
    private readonly logger: JsonLogger,
  ) {
    super('AftercareScheduler', config.SCHEDULER_INTERVAL_MS, logger);
  }

  /** One pass as of `now`; tests call it directly with the instant they want. */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    const today = calendarDateOf(now);
    const report: TickReport = { issued: 0, refused: 0 };
    // An unrecorded check-in due before this day is past its grace days.
    const graceOverBefore = addDays(today, -this.commands.rules.graceDays);
    for (const row of await this.activePlans({ nextScheduledDue: { lt: graceOverBefore } })) {
      // The row's folded state says which check-ins are owed; one recorded since it was projected is a no-op for the decider.
      for (const missed of missedCheckIns(row.state, today, this.commands.rules).filter((checkIn) => !checkIn.isMarked)) {
        const command: AftercareCommand = { type: 'MarkCheckInMissed', planId: row.planId, data: { dueDate: missed.dueDate } };
        await this.issue(command, `check-in-missed:${missed.dueDate}`, now, report);
      }
    }
    for (const row of await this.activePlans({ endsOn: { lte: today } })) {
      await this.issue(
        { type: 'EndContinuingCare', planId: row.planId, data: { reason: 'year-completed' } },
        `year-completed:${row.endsOn}`,
        now,
        report,
      );
    }
    return report;
  }

  private issue(command: AftercareCommand, deadline: string, now: Date, report: TickReport): Promise<void> {
    return issueDeadline(
      { planId: command.planId, command: command.type, deadline },
      (cause) => this.commands.execute(command.planId, command, cause, now),
      report,
      { logger: this.logger, context: 'AftercareScheduler' },
    );
  }

  private async activePlans(where: NonNullable<FindQuery['where']>): Promise<AftercarePlanRow[]> {
    return findEvery(await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS), {
      where: { isActive: true, ...where },
      limit: PAGE,
    });
  }
}
