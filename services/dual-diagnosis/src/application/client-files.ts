import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type FoldedAt, KeptFolds, commandStep, foldKept, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf } from '@continuum/platform';
import { type ClientCommand, type ClientEvent, type ClientFile, clientFileDecider, clientFileStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

/** The client files whose folded state a process keeps between reads, the least recently read dropped first. */
export const CLIENT_FILES_KEPT = 500;

/**
 * The client's file in this service: the consent copies, the safety-hold flag and the referral links.
 * Every referral read asks who may read it from the file: the file is folded on from what this
 * process last folded of it, over the events appended after that revision, so whatever any
 * process appended before the read counts.
 */
@Injectable()
export class ClientFiles {
  private readonly folded = new KeptFolds<FoldedAt<ClientFile>>(CLIENT_FILES_KEPT);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(clientId: string): Promise<ClientFile> {
    const { state } = await foldKept<ClientEvent, ClientFile>(
      this.folded,
      clientId,
      this.store,
      clientFileStream(clientId),
      clientFileDecider.evolve,
      clientFileDecider.initialState,
    );
    return state;
  }

  /**
   * The file as it stood once the event copied from `sourceEventId` was recorded, or the whole
   * file when it was not: what a redelivered event's reaction saw the first time.
   */
  async loadAsOf(clientId: string, sourceEventId: string): Promise<ClientFile> {
    const recorded = await this.store.readStream(clientFileStream(clientId));
    const at = recorded.findIndex((event) => (event.data as ClientEvent['data']).sourceEventId === sourceEventId);
    return foldFile(at === -1 ? recorded : recorded.slice(0, at + 1));
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

  /** The same command as one step of a reaction that writes other streams too, all or nothing (runCommands). */
  step(clientId: string, siteId: string, command: ClientCommand, cause: CommandCause) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: clientFileStream(clientId),
      decider: clientFileDecider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
  }
}

function foldFile(recorded: { type: string; data: unknown }[]): ClientFile {
  return fold(
    clientFileDecider.evolve,
    clientFileDecider.initialState,
    recorded.map((event) => ({ type: event.type, data: event.data }) as ClientEvent),
  );
}
