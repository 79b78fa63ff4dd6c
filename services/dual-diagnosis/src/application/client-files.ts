import { Inject, Injectable } from '@nestjs/common';
import { fold } from '#continuum/decider';
import { EVENT_STORE, type EventStore, runCommand } from '#continuum/event-store';
import { CLOCK, type Clock } from '#continuum/platform';
import { type ClientCommand, type ClientEvent, type ClientFile, clientFileDecider, clientFileStream } from '../domain/index.js';
import { type CommandCause, envelopeOf, idempotencyKeyOf } from './command-context.js';

/** The client's file in this service: the consent copies, the safety-hold flag and the referral links. */
@Injectable()
export class ClientFiles {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(clientId: string): Promise<ClientFile> {
    const recorded = await this.store.readStream(clientFileStream(clientId));
    return fold(clientFileDecider.evolve, clientFileDecider.initialState, recorded.map((event) => ({ type: event.type, data: event.data }) as ClientEvent));
  }

  async execute(clientId: string, siteId: string, command: ClientCommand, cause: CommandCause): Promise<ClientFile> {
    const key = idempotencyKeyOf(cause);
    const outcome = await runCommand({
      store: this.store,
      stream: clientFileStream(clientId),
      decider: clientFileDecider,
      command,
      now: this.clock.now(),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
    return outcome.state;
  }
}
