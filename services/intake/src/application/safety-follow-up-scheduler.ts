import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, DeadlineScheduler, JsonLogger, SERVICE_CONFIG, type TickReport, issueDeadline } from '@continuum/platform';
import { type IntakeServiceConfig } from '../intake.config.js';
import { IntakeCommands } from './intake.commands.js';
import { SafetyFollowUpQueue } from './safety-follow-up-queue.js';

// Intake's deadline fired as an ordinary command (docs/architecture/time.md#deadlines): a same-day
// safety follow-up past its due time with nothing recorded is flagged overdue, once. Candidates
// come from the follow-up queue (a moment behind the store); the command's idempotency key
// names the follow-up and the deadline, and the decider ignores a follow-up already flagged or
// recorded, so a tick repeated, run on two instances or after a restart flags it once.

@Injectable()
export class SafetyFollowUpScheduler extends DeadlineScheduler {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly queue: SafetyFollowUpQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: IntakeServiceConfig,
    private readonly logger: JsonLogger,
  ) {
    super('SafetyFollowUpScheduler', config.SCHEDULER_INTERVAL_MS, logger);
  }

  /** One pass as of `now`; tests call it directly with the instant they want. */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    const report: TickReport = { issued: 0, refused: 0 };
    for (const row of await this.queue.dueBy(now)) {
      await issueDeadline(
        { planId: row.followUpId, command: 'FlagOverdueSafetyFollowUp', deadline: 'overdue' },
        (cause) =>
          this.commands.execute(
            row.clientId,
            [{ type: 'FlagOverdueSafetyFollowUp', clientId: row.clientId, data: { followUpId: row.followUpId } }],
            cause,
            now,
          ),
        report,
        { logger: this.logger, context: 'SafetyFollowUpScheduler' },
      );
    }
    return report;
  }
}
