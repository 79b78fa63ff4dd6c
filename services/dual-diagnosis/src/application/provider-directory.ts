import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type FoldedAt, KeptFolds, foldKept, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf } from '@continuum/platform';
import { type ProviderDetails, type ProviderEvent, type ProviderState, providerDecider, providerStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

/** The providers whose folded state a process keeps between reads: a network's directory, the least recently read dropped first. */
export const PROVIDERS_KEPT = 500;

// Every assignment looks its provider up: folded on from what this process last folded of the
// provider's stream, over the events appended after it, so a change recorded a moment ago counts.
@Injectable()
export class ProviderDirectory {
  private readonly folded = new KeptFolds<FoldedAt<ProviderState>>(PROVIDERS_KEPT);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(details: ProviderDetails, cause: CommandCause): Promise<{ provider: ProviderState; created: boolean }> {
    const key = idempotencyKeyOf(cause);
    const outcome = await runCommand({
      store: this.store,
      stream: providerStream(details.providerId),
      decider: providerDecider,
      command: { type: 'RegisterProvider', data: details },
      now: this.clock.now(),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      // A provider belongs to the site whose directory lists it: only that site's staff may add it.
      envelope: envelopeOf(cause, { siteId: details.siteId }),
    });
    return { provider: outcome.state, created: outcome.events.length > 0 && !outcome.replayed };
  }

  /** The registered provider, or undefined when the directory has none by that id. */
  async find(providerId: string): Promise<Extract<ProviderState, { status: 'registered' }> | undefined> {
    const { state } = await foldKept<ProviderEvent, ProviderState>(
      this.folded,
      providerId,
      this.store,
      providerStream(providerId),
      providerDecider.evolve,
      providerDecider.initialState,
    );
    return state.status === 'registered' ? state : undefined;
  }
}

export class ProviderNotFound extends NotFoundException {
  constructor(providerId: string) {
    super(
      `There is no provider ${providerId} in the directory. Register it with POST /api/v1/providers, or choose one from GET /api/v1/sites/{siteId}/providers.`,
    );
  }
}
