import { randomUUID } from 'node:crypto';
import { type IntegrityReport } from '../integrity/verify-store.js';

// The store's integrity check as a run an auditor starts and watches: started with a POST,
// read back with a GET while `checkedEvents` advances, finished with the very report
// GET /integrity/verification answers. One check at a time in a process: starting one while
// another runs gives the running one. Runs are kept in memory only; a restart forgets them.

export type VerificationStatus = 'running' | 'intact' | 'broken' | 'failed';

/** What GET /verifications/{verificationId} answers. */
export type VerificationRun = {
  verificationId: string;
  status: VerificationStatus;
  checkedEvents: number;
  totalEvents: number;
  startedAt: string;
  finishedAt?: string;
  /** Once finished (`intact` or `broken`): the integrity report, as GET /integrity/verification gives it. */
  report?: IntegrityReport;
};

/** The check itself: up to `headPosition`, calling `onProgress` with the events checked so far as it goes. */
export type StoreCheck = (headPosition: number, onProgress: (checkedEvents: number) => void) => Promise<IntegrityReport>;

export type VerificationRunsOptions = {
  /** The store's head when a run starts: the events it checks. */
  headPosition: () => Promise<number>;
  check: StoreCheck;
  now?: () => Date;
  /** Finished runs kept for reading back; the oldest are forgotten first. Default 100. */
  keepFinished?: number;
  onFailure?: (error: unknown) => void;
};

type Run = { state: VerificationRun; done: Promise<IntegrityReport> };

export class VerificationRuns {
  private readonly runs = new Map<string, Run>();
  private running: Promise<Run> | undefined;

  constructor(private readonly options: VerificationRunsOptions) {}

  /** Starts a check, or gives the one running; resolves once it is under way (its first state). */
  async start(): Promise<VerificationRun> {
    return { ...(await this.current()).state };
  }

  /** The report of the running check, or of a new one: what GET /integrity/verification answers. */
  async report(): Promise<IntegrityReport> {
    return (await this.current()).done;
  }

  /** A run's state now, or undefined for an id this process never started (or has forgotten). */
  get(verificationId: string): VerificationRun | undefined {
    const run = this.runs.get(verificationId);
    return run && { ...run.state };
  }

  private current(): Promise<Run> {
    // Set before the first await: two requests at once find the same run.
    this.running ??= this.begin();
    return this.running;
  }

  private async begin(): Promise<Run> {
    const now = this.options.now ?? (() => new Date());
    let totalEvents: number;
    try {
      totalEvents = await this.options.headPosition();
    } catch (error) {
      this.running = undefined;
      throw error;
    }
    const state: VerificationRun = {
      verificationId: randomUUID(),
      status: 'running',
      checkedEvents: 0,
      totalEvents,
      startedAt: now().toISOString(),
    };
    const done = this.options
      .check(totalEvents, (checkedEvents) => {
        if (checkedEvents > state.checkedEvents) state.checkedEvents = checkedEvents;
      })
      .then(
        (report) => {
          Object.assign(state, {
            status: report.ok ? 'intact' : 'broken',
            checkedEvents: report.eventsChecked,
            finishedAt: now().toISOString(),
            report,
          });
          return report;
        },
        (error: unknown) => {
          Object.assign(state, { status: 'failed', finishedAt: now().toISOString() });
          this.options.onFailure?.(error);
          throw error;
        },
      )
      .finally(() => {
        this.running = undefined;
        this.forgetOldest();
      });
    // A failed run is read back as `failed`; whoever awaits its report hears the error.
    done.catch(() => undefined);
    const run = { state, done };
    this.runs.set(state.verificationId, run);
    return run;
  }

  private forgetOldest(): void {
    const keep = this.options.keepFinished ?? 100;
    const finished = [...this.runs.values()].filter((run) => run.state.status !== 'running');
    for (const run of finished.slice(0, Math.max(0, finished.length - keep))) this.runs.delete(run.state.verificationId);
  }
}
