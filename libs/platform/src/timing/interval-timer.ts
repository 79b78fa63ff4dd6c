// The timer under a service's deadline scheduler (docs/architecture/time.md#deadlines): the service's tick
// runs every `intervalMs` from bootstrap to shutdown, never two at once (a tick still running
// when the next is due is skipped, not queued), and a failed tick is logged and left to the next
// one. The log lines hold what `summary` picks from the tick's result (counts, ids and codes)
// and the error's message: never the commands or their data.
import { type JsonLogger } from '../logging/json-logger.js';

export type IntervalTimerOptions<Result> = {
  /** Names the timer in its log lines, e.g. 'AftercareScheduler'. */
  name: string;
  /** 0 leaves the timer off: the tick runs only when called (as the specs do). */
  intervalMs: number;
  tick: () => Promise<Result>;
  logger: Pick<JsonLogger, 'log' | 'error'>;
  /** The log line of a tick that did something (ids, codes, counts), or undefined when it did nothing. */
  summary: (result: Result) => Record<string, unknown> | undefined;
  /** The log line's message when a tick fails, e.g. 'scheduler tick failed; the next tick tries again'. */
  failureMessage: string;
};

export class IntervalTimer<Result> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: IntervalTimerOptions<Result>) {}

  /** Call from onApplicationBootstrap. The timer does not keep the process alive. */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.fire(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Call from onApplicationShutdown: no tick starts after it, and it waits for the one running. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private fire(): Promise<void> {
    this.running ??= this.tickAndLog().finally(() => (this.running = undefined));
    return this.running;
  }

  private async tickAndLog(): Promise<void> {
    const { name, tick, logger, summary, failureMessage } = this.options;
    try {
      const line = summary(await tick());
      if (line) logger.log(line, name);
    } catch (error) {
      logger.error({ message: failureMessage, error: error instanceof Error ? error.message : String(error) }, name);
    }
  }
}
