import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import { CLOCK, type Clock, IntervalTimer, JsonLogger } from '@continuum/platform';
import { REFERRAL_LIST, type ReferralListItem } from '../projections/referral-list.js';
import { DualDiagnosisCommands } from './dual-diagnosis.commands.js';

export const OVERDUE_CHECK_INTERVAL_MS = Symbol.for('continuum.dual-diagnosis.OverdueCheckIntervalMs');

const PAGE = 200;

// Deadlines as data, fired by a scheduler issuing ordinary commands (docs/architecture/time.md#deadlines):
// each tick asks the referral list for unanswered referrals past their due instant and issues
// MarkOverdue for each. The decider raises each escalation level once, so a tick repeated, run
// by two instances or after a restart adds nothing; the idempotency key per level says so too.

@Injectable()
export class OverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timer: IntervalTimer<number>;

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly referrals: DualDiagnosisCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OVERDUE_CHECK_INTERVAL_MS) intervalMs: number,
    logger: JsonLogger,
  ) {
    this.timer = new IntervalTimer({
      name: 'OverdueScheduler',
      intervalMs,
      tick: () => this.tick(),
      logger,
      summary: (escalated) => (escalated > 0 ? { message: 'overdue referrals escalated', escalated } : undefined),
      failureMessage: 'overdue check failed; the next tick tries again',
    });
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer.stop();
  }

  /** Marks every unanswered referral due by `now`; returns how many referrals it escalated. */
  async tick(now: Date = this.clock.now()): Promise<number> {
    const referrals = await this.projections.collection<ReferralListItem>(REFERRAL_LIST);
    const due = await findEvery(referrals, {
      where: { isUnanswered: true, dueAt: { lte: now.toISOString() } },
      sort: [{ field: 'dueAt', direction: 'asc' }],
      limit: PAGE,
    });
    let escalated = 0;
    for (const referral of due) {
      const outcome = await this.referrals.execute(
        referral.referralId,
        { type: 'MarkOverdue', data: {} },
        {
          kind: 'schedule',
          idempotencyKey: `overdue:${referral.referralId}:${referral.escalationLevel + 1}`,
          correlationId: `overdue-check:${now.toISOString()}`,
        },
      );
      if (outcome.events.length > 0 && !outcome.replayed) escalated++;
    }
    return escalated;
  }
}
