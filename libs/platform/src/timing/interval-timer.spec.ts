import { IntervalTimer } from './interval-timer.js';

type Line = { level: 'log' | 'error'; entry: unknown; context: unknown };

function recordingLogger() {
  const lines: Line[] = [];
  return {
    lines,
    log: (entry: unknown, context?: unknown) => void lines.push({ level: 'log', entry, context }),
    error: (entry: unknown, context?: unknown) => void lines.push({ level: 'error', entry, context }),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(5);
  }
}

describe('IntervalTimer', () => {
  it('ticks every interval once started, and logs a tick that did something with its summary only', async () => {
    const logger = recordingLogger();
    let ticks = 0;
    const timer = new IntervalTimer({
      name: 'TestScheduler',
      intervalMs: 10,
      tick: async () => ({ issued: ++ticks % 2 }),
      logger,
      summary: (report) => (report.issued > 0 ? { message: 'scheduler tick', ...report } : undefined),
      failureMessage: 'scheduler tick failed; the next tick tries again',
    });
    timer.start();
    await until(() => ticks >= 4, 'four ticks');
    await timer.stop();
    const loggedTicks = logger.lines.filter((line) => line.level === 'log');
    expect(loggedTicks.length).toBe(Math.ceil(ticks / 2));
    expect(loggedTicks[0]).toEqual({ level: 'log', entry: { message: 'scheduler tick', issued: 1 }, context: 'TestScheduler' });
  });

  it('never runs two ticks at once: a tick still running when the next is due is skipped', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let started = 0;
    const timer = new IntervalTimer({
      name: 'Slow',
      intervalMs: 5,
      tick: async () => {
        started += 1;
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await pause(40);
        running -= 1;
      },
      logger: recordingLogger(),
      summary: () => undefined,
      failureMessage: 'slow tick failed',
    });
    timer.start();
    await pause(130);
    await timer.stop();
    expect(mostAtOnce).toBe(1);
    expect(started).toBeGreaterThanOrEqual(2);
    expect(started).toBeLessThanOrEqual(4);
  });

  it('logs a failed tick with the error message and keeps ticking', async () => {
    const logger = recordingLogger();
    let ticks = 0;
    const timer = new IntervalTimer({
      name: 'OverdueScheduler',
      intervalMs: 10,
      tick: async () => {
        ticks += 1;
        if (ticks === 1) throw new Error('read store unavailable');
        return 0;
      },
      logger,
      summary: () => undefined,
      failureMessage: 'overdue check failed; the next tick tries again',
    });
    timer.start();
    await until(() => ticks >= 3, 'a tick after the failure');
    await timer.stop();
    expect(logger.lines).toEqual([
      {
        level: 'error',
        entry: { message: 'overdue check failed; the next tick tries again', error: 'read store unavailable' },
        context: 'OverdueScheduler',
      },
    ]);
  });

  it('stop waits for the running tick, and no tick starts after it', async () => {
    let finished = 0;
    let started = 0;
    const timer = new IntervalTimer({
      name: 'Stopping',
      intervalMs: 10,
      tick: async () => {
        started += 1;
        await pause(30);
        finished += 1;
      },
      logger: recordingLogger(),
      summary: () => undefined,
      failureMessage: 'tick failed',
    });
    timer.start();
    await until(() => started === 1, 'the first tick');
    await timer.stop();
    expect(finished).toBe(1);
    await pause(50);
    expect(started).toBe(1);
  });

  it('stays off with an interval of 0: the tick runs only when the service calls it', async () => {
    let ticks = 0;
    const timer = new IntervalTimer({
      name: 'Off',
      intervalMs: 0,
      tick: async () => void (ticks += 1),
      logger: recordingLogger(),
      summary: () => undefined,
      failureMessage: 'tick failed',
    });
    timer.start();
    await pause(30);
    await timer.stop();
    expect(ticks).toBe(0);
  });
});
