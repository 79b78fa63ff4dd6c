import { RuleBroken } from '@continuum/decider';
import { type TickReport, deadlineTimer, issueDeadline } from './deadline-command.js';

function recordingLogger() {
  const lines: Array<{ entry: unknown; context: unknown }> = [];
  return { lines, warn: (entry: unknown, context?: unknown) => void lines.push({ entry, context }) };
}

const deadline = { planId: 'plan-1', command: 'CloseWeek', deadline: 'close-week:2026-09-07' };

describe('issuing a deadline command', () => {
  it('runs it as the scheduler under a key naming the plan and the deadline, and counts what recorded something new', async () => {
    const report: TickReport = { issued: 0, refused: 0 };
    const causes: unknown[] = [];
    const logger = recordingLogger();
    await issueDeadline(deadline, async (cause) => (causes.push(cause), { events: [{ type: 'WeekClosed' }] }), report, {
      logger,
      context: 'Scheduler',
    });
    expect(causes).toEqual([
      {
        kind: 'schedule',
        idempotencyKey: 'scheduler:plan-1:close-week:2026-09-07',
        correlationId: 'scheduler:plan-1:close-week:2026-09-07',
      },
    ]);
    expect(report).toEqual({ issued: 1, refused: 0 });
    expect(logger.lines).toEqual([]);
  });

  it('does not count a repeat (replayed) or a command that recorded nothing', async () => {
    const report: TickReport = { issued: 0, refused: 0 };
    const logger = recordingLogger();
    await issueDeadline(deadline, async () => ({ events: [{ type: 'WeekClosed' }], replayed: true }), report, {
      logger,
      context: 'Scheduler',
    });
    await issueDeadline(deadline, async () => ({ events: [] }), report, { logger, context: 'Scheduler' });
    expect(report).toEqual({ issued: 0, refused: 0 });
  });

  it('counts a refusal and logs it by ids and code, so the tick goes on to the other plans', async () => {
    const report: TickReport = { issued: 0, refused: 0 };
    const logger = recordingLogger();
    await issueDeadline(
      deadline,
      async () => {
        throw new RuleBroken('the week starts before the plan: nothing to close', 'week-before-start', { weekStart: '2026-09-07' });
      },
      report,
      { logger, context: 'Scheduler' },
    );
    expect(report).toEqual({ issued: 0, refused: 1 });
    expect(logger.lines).toEqual([
      {
        entry: { message: 'scheduler command refused', planId: 'plan-1', command: 'CloseWeek', code: 'week-before-start' },
        context: 'Scheduler',
      },
    ]);
  });

  it('lets any other failure end the tick (the interval timer logs it and tries again)', async () => {
    const report: TickReport = { issued: 0, refused: 0 };
    await expect(
      issueDeadline(
        deadline,
        async () => {
          throw new Error('store unavailable');
        },
        report,
        { logger: recordingLogger(), context: 'Scheduler' },
      ),
    ).rejects.toThrow('store unavailable');
    expect(report).toEqual({ issued: 0, refused: 0 });
  });
});

describe("a deadline scheduler's timer", () => {
  it('logs a tick that issued or had something refused with its counts, and nothing for a quiet tick', async () => {
    const lines: unknown[] = [];
    const logger = {
      log: (entry: unknown, context?: unknown) => void lines.push([entry, context]),
      error: (entry: unknown, context?: unknown) => void lines.push([entry, context]),
    };
    const reports: TickReport[] = [
      { issued: 0, refused: 0 },
      { issued: 2, refused: 1 },
    ];
    const timer = deadlineTimer('Scheduler', 5, async () => reports.shift() ?? { issued: 0, refused: 0 }, logger);
    timer.start();
    const deadline = Date.now() + 2_000;
    while (reports.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await timer.stop();
    expect(lines).toEqual([[{ message: 'scheduler tick', issued: 2, refused: 1 }, 'Scheduler']]);
  });
});
