import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { calendarDateOf } from '#continuum/care-episode';
import { RuleBroken } from '#continuum/decider';
import { CLOCK, type Clock, IntervalTimer, JsonLogger, SERVICE_CONFIG } from '#continuum/platform';
import { type FindQuery, ProjectionRunner } from '#continuum/read-store';
import { type AftercareCommand, addDays, missedCheckIns } from '../domain/index.js';
import { type AftercareConfig } from '../aftercare.config.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';
import { AftercareCommands } from './aftercare-commands.js';

export type TickReport = { issued: number; refused: number };

/** Candidates are read a page at a time. */
const PAGE = 200;

// Aftercare's deadlines fired as ordinary commands (ARCHITECTURE.md "Time"): a check-in whose
// grace days ran out unrecorded is marked missed (an outreach task, and after a run of them
// the unreachable mark), and continuing care ends when the plan's year is over. Candidates
// come from the plan rows; each command's idempotency key names the plan and the deadline,
// and the plan's rules ignore a repeat, so a tick may run twice, overlap a restart, or run on
// two instances, and nothing is recorded twice.

@Injectable()
export class AftercareScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timer: IntervalTimer<TickReport>;

  constructor(
    private readonly commands: AftercareCommands,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: AftercareConfig,
    private readonly logger: JsonLogger,
  ) {
    this.timer = new IntervalTimer({
      name: 'AftercareScheduler',
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      tick: () => this.tick(),
      logger,
      summary: (report) => (report.issued + report.refused > 0 ? { message: 'scheduler tick', ...report } : undefined),
      failureMessage: 'scheduler tick failed; the next tick tries again',
    });
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer.stop();
  }

  /** One pass as of `now`; tests call it directly with the instant they want. */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    const today = calendarDateOf(now);
    const report: TickReport = { issued: 0, refused: 0 };
    // An unrecorded check-in due before this day is past its grace days.
    const graceOverBefore = addDays(today, -this.commands.rules.graceDays);
    for (const row of await this.activePlans({ nextScheduledDue: { lt: graceOverBefore } })) {
      const plan = await this.commands.load(row.planId);
      for (const missed of missedCheckIns(plan, today, this.commands.rules).filter((checkIn) => !checkIn.isMarked)) {
        const command: AftercareCommand = { type: 'MarkCheckInMissed', planId: row.planId, data: { dueDate: missed.dueDate } };
        await this.issue(command, `check-in-missed:${missed.dueDate}`, now, report);
      }
    }
    for (const row of await this.activePlans({ endsOn: { lte: today } })) {
      await this.issue({ type: 'EndContinuingCare', planId: row.planId, data: { reason: 'year-completed' } }, `year-completed:${row.endsOn}`, now, report);
    }
    return report;
  }

  private async issue(command: AftercareCommand, deadline: string, now: Date, report: TickReport): Promise<void> {
    const idempotencyKey = `scheduler:${command.planId}:${deadline}`;
    try {
      const outcome = await this.commands.execute(command, { kind: 'schedule', idempotencyKey, correlationId: idempotencyKey }, now);
      if (outcome.events.length > 0 && !outcome.replayed) report.issued += 1;
    } catch (error) {
      // One plan's refusal must not stop the others' deadlines.
      if (!(error instanceof RuleBroken)) throw error;
      report.refused += 1;
      this.logger.warn({ message: 'scheduler command refused', planId: command.planId, command: command.type, code: error.code }, 'AftercareScheduler');
    }
  }

  private async activePlans(where: NonNullable<FindQuery['where']>): Promise<AftercarePlanRow[]> {
    const collection = await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS);
    const rows: AftercarePlanRow[] = [];
    let after: string | undefined;
    do {
      const page = await collection.find({ where: { isActive: true, ...where }, limit: PAGE, ...(after ? { after } : {}) });
      rows.push(...page.items.map((stored) => stored.document));
      after = page.nextCursor;
    } while (after);
    return rows;
  }
}
