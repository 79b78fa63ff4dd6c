import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type PlatformConfig, SERVICE_CONFIG } from '@continuum/platform';
import { positionFactsOf } from '../integrity/store-positions.js';
import { type IntegrityReport, verifyStore } from '../integrity/verify-store.js';

/** The whole-store integrity check, for the HTTP API. One at a time: a request made while a check runs gets that check's report. */
@Injectable()
export class StoreIntegrity {
  private running: Promise<IntegrityReport> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: PlatformConfig,
  ) {}

  verify(): Promise<IntegrityReport> {
    this.running ??= verifyStore(this.store, positionFactsOf(this.config.EVENT_STORE_URL)).finally(() => (this.running = undefined));
    return this.running;
  }
}
