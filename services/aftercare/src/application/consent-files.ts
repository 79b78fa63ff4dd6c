import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, commandStep, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf } from '@continuum/platform';
import { type ConsentFactCommand, type ConsentFactEvent, type CopiedConsentFile, consentFileDecider } from '@continuum/consent';
import { consentFileStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

/** The client's consent file in aftercare (domain/consent-file.ts): load, copy, or copy as one step of a larger reaction. */
@Injectable()
export class ConsentFiles {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(clientId: string): Promise<CopiedConsentFile> {
    const recorded = await this.store.readStream(consentFileStream(clientId));
    return fold(
      consentFileDecider.evolve,
      consentFileDecider.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as ConsentFactEvent),
    );
  }

  async execute(clientId: string, siteId: string, command: ConsentFactCommand, cause: CommandCause): Promise<CopiedConsentFile> {
    const key = idempotencyKeyOf(cause);
    const outcome = await runCommand({
      store: this.store,
      stream: consentFileStream(clientId),
      decider: consentFileDecider,
      command,
      now: this.clock.now(),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
    return outcome.state;
  }

  /** The same command as one step of a reaction that writes plans too, all or nothing (runCommands). */
  step(clientId: string, siteId: string, command: ConsentFactCommand, cause: CommandCause) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: consentFileStream(clientId),
      decider: consentFileDecider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
  }
}
