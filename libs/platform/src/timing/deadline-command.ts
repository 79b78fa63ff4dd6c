// A deadline fired as an ordinary command (docs/architecture/time.md#deadlines). Its idempotency key names
// the plan and the deadline, so a tick run twice, across a restart or on two instances records
// it once. A command a rule refuses is counted and logged by its code (ids and codes only), and
// the tick goes on: one plan's refusal must not stop the others' deadlines.
import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { RuleBroken } from '@continuum/decider';
import { EVENT_STORE, type EventStore, hasLeases, SingleActive, singleActiveLeaseMs } from '@continuum/event-store';
import { type CommandCause } from '../context/command-cause.js';
import { type JsonLogger } from '../logging/json-logger.js';
import { IntervalTimer } from './interval-timer.js';

/** What a scheduler's tick did: commands that recorded something new, and commands a rule refused. */
export type TickReport = { issued: number; refused: number };

export type Deadline = {
  planId: string;
  /** The command's type, for the log line. */
  command: string;
  /** Names the deadline within the plan, e.g. `review-overdue:2026-09-21`. */
  deadline: string;
};

export async function issueDeadline(
  { planId, command, deadline }: Deadline,
  execute: (cause: Extract<CommandCause, { kind: 'schedule' }>) => Promise<{ events: readonly unknown[]; replayed?: boolean }>,
  report: TickReport,
  log: { logger: Pick<JsonLogger, 'warn'>; context: string },
): Promise<void> {
  const idempotencyKey = `scheduler:${planId}:${deadline}`;
  try {
    const outcome = await execute({ kind: 'schedule', idempotencyKey, correlationId: idempotencyKey });
    if (outcome.events.length > 0 && !outcome.replayed) report.issued += 1;
  } catch (error) {
    if (!(error instanceof RuleBroken)) throw error;
    report.refused += 1;
    log.logger.warn({ message: 'scheduler command refused', planId, command, code: error.code }, log.context);
  }
}

/** The timer of a scheduler whose tick answers a TickReport: a tick that issued or had something refused is logged with its counts. */
export function deadlineTimer(
  name: string,
  intervalMs: number,
  tick: () => Promise<TickReport>,
  logger: Pick<JsonLogger, 'log' | 'error'>,
): IntervalTimer<TickReport> {
  return new IntervalTimer({
    name,
    intervalMs,
    tick,
    logger,
    summary: (report) => (report.issued + report.refused > 0 ? { message: 'scheduler tick', ...report } : undefined),
    failureMessage: 'scheduler tick failed; the next tick tries again',
  });
}

/**
 * A service's deadlines on a timer: started with the app, stopped before it closes (waiting
 * for a running tick). A scheduler writes only its `tick`, which tests call with the instant
 * they want. On a store that keeps leases (SQLite, PostgreSQL) the timer runs on one instance
 * of the service at a time, the one holding the lease `scheduler:<timer name>`; another
 * takes over within SINGLE_ACTIVE_LEASE_MS when it dies (docs/architecture/single-active.md).
 */
export abstract class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timer: IntervalTimer<TickReport>;
  private singleActive: SingleActive | undefined;
  /** Injected by Nest after construction, so that the schedulers' own constructors stay as they are. */
  @Optional() @Inject(EVENT_STORE) private readonly leaseStore?: EventStore;

  protected constructor(
    private readonly timerName: string,
    private readonly timerIntervalMs: number,
    private readonly timerLogger: Pick<JsonLogger, 'log' | 'error'>,
  ) {
    this.timer = deadlineTimer(timerName, timerIntervalMs, () => this.tick(), timerLogger);
  }

  abstract tick(now?: Date): Promise<TickReport>;

  async onApplicationBootstrap(): Promise<void> {
    const store = this.leaseStore;
    if (this.timerIntervalMs <= 0 || !store || !hasLeases(store)) return this.timer.start();
    this.singleActive = new SingleActive({
      leases: store,
      name: `scheduler:${this.timerName}`,
      leaseMs: singleActiveLeaseMs(),
      activate: async () => this.timer.start(),
      deactivate: () => this.timer.stop(),
      onError: (error) =>
        this.timerLogger.error(
          { message: 'scheduler could not renew its lease; trying again', error: error instanceof Error ? error.message : String(error) },
          this.timerName,
        ),
    });
    await this.singleActive.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.singleActive?.stop();
    await this.timer.stop();
  }
}
