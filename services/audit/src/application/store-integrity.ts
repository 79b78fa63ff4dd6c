import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { CLOCK, type Clock, JsonLogger, type PlatformConfig, SERVICE_CONFIG } from '@continuum/platform';
import { positionFactsOf } from '../integrity/store-positions.js';
import { type IntegrityReport, verifyStore } from '../integrity/verify-store.js';
import { type VerificationRun, VerificationRuns } from './verification-runs.js';

export class VerificationNotFound extends NotFoundException {
  constructor(verificationId: string) {
    super(
      `No verification ${verificationId} in this audit process: runs are kept in memory and a restart forgets them; start one with POST /api/v1/verifications.`,
    );
  }
}

/** How often a running check tells how far it is (at least once a second, as the API promises). */
const PROGRESS_EVERY_MS = 250;

/**
 * The whole-store integrity check, for the HTTP API. One at a time: a request made while a
 * check runs gets that check (its report, or its run to watch).
 */
@Injectable()
export class StoreIntegrity {
  private readonly runs: VerificationRuns;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SERVICE_CONFIG) config: PlatformConfig,
    @Inject(CLOCK) clock: Clock,
    logger: JsonLogger,
  ) {
    let facts: ReturnType<typeof positionFactsOf>;
    this.runs = new VerificationRuns({
      // The facts (SQLite's counter of positions handed out) are read before the head.
      headPosition: () => {
        facts = positionFactsOf(config.EVENT_STORE_URL);
        return store.headPosition();
      },
      check: (headPosition, onProgress) =>
        verifyStore(store, {
          ...facts,
          headPosition,
          progressEveryMs: PROGRESS_EVERY_MS,
          onProgress: ({ eventsChecked }) => onProgress(eventsChecked),
        }),
      now: () => clock.now(),
      onFailure: (error) =>
        logger.error(
          { message: "the store's integrity check failed", error: error instanceof Error ? error.message : String(error) },
          'StoreIntegrity',
        ),
    });
  }

  /** The report of a whole check (the running one's, if one runs). */
  verify(): Promise<IntegrityReport> {
    return this.runs.report();
  }

  /** Starts a check to watch, or gives the running one. */
  start(): Promise<VerificationRun> {
    return this.runs.start();
  }

  /** A run this process started; a 404 for any other id (runs are in memory: a restart forgets them). */
  run(verificationId: string): VerificationRun {
    const run = this.runs.get(verificationId);
    if (!run) throw new VerificationNotFound(verificationId);
    return run;
  }
}
