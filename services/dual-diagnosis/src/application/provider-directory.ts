import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf } from '@continuum/platform';
import { type ProviderDetails, type ProviderEvent, type ProviderState, providerDecider, providerStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

@Injectable()
export class ProviderDirectory {
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
    const recorded = await this.store.readStream(providerStream(providerId));
    const state = fold(
      providerDecider.evolve,
      providerDecider.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as ProviderEvent),
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
