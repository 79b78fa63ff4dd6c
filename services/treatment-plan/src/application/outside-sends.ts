import { Inject, Injectable } from '@nestjs/common';
import { copyOfPublishedConsent, dischargeOccurredAt } from '@continuum/consent';
import {
  type ConsentGrantedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type EpisodeDischargedV1,
  type IntegrationEvent,
  type RestrictionAgreedV1,
} from '@continuum/contracts';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type RecordedEvent, type StepDecision, commandStep, runCommands } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, causedByEvent, idFromCause, idempotencyKeyOf } from '@continuum/platform';
import {
  type ConsentCopies,
  type ConsentCopiesCommand,
  type ConsentCopiesEvent,
  type OutsideSend,
  type OutsideSendCarrier,
  type OutsideSendCommand,
  type OutsideSendEvent,
  type OutsideSendRules,
  type RequestOutsideSend,
  consentCopiesDecider,
  consentCopiesStream,
  evolveOutsideSend,
  initialOutsideSend,
  outsideSendDecider,
  outsideSendStream,
} from '../domain/index.js';
import { deciderOf, envelopeOf } from './command-cause.js';
import { EpisodeLedger } from './episode-ledger.js';

/** What the network sends with each kind of outside send (DEFAULT_OUTSIDE_SEND_RULES unless configured). */
export const OUTSIDE_SEND_RULES = Symbol.for('continuum.treatment-plan.OutsideSendRules');

/** What the caller asks for: the recipient, what is sent and on what basis; who sends is the caller. */
export type OutsideSendRequest = Pick<RequestOutsideSend['data'], 'recipient' | 'basis'> & {
  content: DistributiveOmit<RequestOutsideSend['data']['content'], 'episodeId'>;
  /** Court reports name their categories; an authorisation request carries the network's. */
  categories?: RequestOutsideSend['data']['categories'];
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type OutsideSendOutcome = { sendId: string; state: OutsideSend; events: RecordedEvent[] };

// treatment-plan's sends outside the network (domain/outside-sends.ts) and the client's consent
// copies they are decided on (domain/consent-copies.ts). A send is decided on the file as read
// in the same attempt and appended with its link in the file, all or nothing (runCommands): a
// consent copied meanwhile makes the attempt read again. A consent that arrives sends every
// send of the client that waited for one, with the copy, in one append.

@Injectable()
export class OutsideSends {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ledger: EpisodeLedger,
    @Inject(OUTSIDE_SEND_RULES) private readonly rules: OutsideSendRules,
  ) {
    this.decider = outsideSendDecider(rules);
  }

  /** The gateway decides: sent with its DisclosureRecorded, held awaiting consent, or refused (422, nothing written). */
  async request(
    episodeId: string,
    carrier: OutsideSendCarrier,
    asked: OutsideSendRequest,
    cause: CommandCause,
  ): Promise<OutsideSendOutcome> {
    const episode = await this.ledger.loadOpened(episodeId);
    const { clientId, siteId } = episode;
    // Who sends, admitted at the episode's site (403 otherwise).
    const disclosedBy = deciderOf(cause, siteId);
    const sendId = idFromCause(cause, `${carrier}:${episodeId}`);
    const categories =
      carrier === 'payer-authorization-request' ? [...this.rules.payerAuthorization.categories] : [...(asked.categories ?? [])];
    const content = { ...asked.content, episodeId } as RequestOutsideSend['data']['content'];
    const link = this.fileStep(
      clientId,
      siteId,
      { type: 'LinkOutsideSend', data: { clientId, carrier, sendId, sourceEventId: `send:${sendId}` } },
      cause,
    );
    const send = this.sendStep(
      carrier,
      sendId,
      (_state, before) => ({
        type: 'RequestOutsideSend',
        data: {
          sendId,
          clientId,
          siteId,
          content,
          recipient: asked.recipient,
          categories,
          basis: asked.basis,
          disclosedBy,
          file: fileOf(before),
        },
      }),
      { clientId, siteId },
      cause,
    );
    const {
      outcomes: [, sent],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [link, send] });
    return { sendId, state: sent.state, events: sent.events };
  }

  /** A send as its stream tells it, for a reader at its site. */
  async load(carrier: OutsideSendCarrier, sendId: string): Promise<OutsideSend> {
    const recorded = await this.store.readStream(outsideSendStream(carrier, sendId));
    return fold(
      evolveOutsideSend,
      initialOutsideSend,
      recorded.map((event) => ({ type: event.type, data: event.data }) as OutsideSendEvent),
    );
  }

  async loadFile(clientId: string): Promise<ConsentCopies> {
    const recorded = await this.store.readStream(consentCopiesStream(clientId));
    return fold(
      consentCopiesDecider.evolve,
      consentCopiesDecider.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as ConsentCopiesEvent),
    );
  }

  /** Copies the consent and sends every send of the client that waited for one, if the gateway now allows it: all or nothing. */
  async consentGranted(
    event: IntegrationEvent<'ConsentGranted', ConsentGrantedV1, 1> | IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>,
  ): Promise<void> {
    const { clientId } = event.data;
    const file = await this.loadFile(clientId);
    const waiting: Array<{ carrier: OutsideSendCarrier; sendId: string; siteId: string }> = [];
    for (const { carrier, sendId } of file.sends) {
      const send = await this.load(carrier, sendId);
      if (send.status === 'awaiting-consent') waiting.push({ carrier, sendId, siteId: send.request.siteId });
    }
    const copy: ConsentCopiesCommand = {
      type: 'CopyConsent',
      data: { clientId, consent: copyOfPublishedConsent(event), copiedAt: this.clock.now().toISOString(), sourceEventId: event.eventId },
    };
    await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [
        this.fileStep(clientId, event.siteId, copy, causedByEvent(event, 'copy')),
        // Each decided on the file as this attempt read it, the consent copied: a revocation or discharge copied since still counts.
        ...waiting.map(({ carrier, sendId, siteId }) =>
          this.sendStep(
            carrier,
            sendId,
            (_state, before) => ({ type: 'ReleaseHeldSend', data: { file: fileOf(before) } }),
            { clientId, siteId },
            causedByEvent(event, `send:${sendId}`),
          ),
        ),
      ],
    });
  }

  /** From `effectiveAt` no send relies on the consent (42 CFR 2.31(a)(6)). */
  async consentRevoked(event: IntegrationEvent<'ConsentRevoked', ConsentRevokedV1>): Promise<void> {
    const { consentId, clientId, revokedOn, effectiveAt } = event.data;
    await this.copy(event, { type: 'CopyRevocation', data: { clientId, consentId, revokedOn, effectiveAt, sourceEventId: event.eventId } });
  }

  /** From `agreedAt` no send may break the restriction (42 CFR 2.26(a)). */
  async restrictionAgreed(event: IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1>): Promise<void> {
    const { clientId } = event.data;
    await this.copy(event, {
      type: 'CopyRestriction',
      data: { clientId, restriction: structuredClone(event.data), sourceEventId: event.eventId },
    });
  }

  /** This service's own discharge, heard back from the bus: consents "until discharge" stop from when it happened (42 CFR 2.31(a)(7)). */
  async episodeDischarged(event: IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>): Promise<void> {
    const { clientId, episodeId, dischargeDate, dischargedAt } = event.data;
    await this.copy(event, {
      type: 'NoteClientEvent',
      data: {
        clientId,
        event: 'discharge',
        occurredAt: dischargeOccurredAt(dischargeDate, dischargedAt),
        episodeId,
        sourceEventId: event.eventId,
      },
    });
  }

  private async copy(event: IntegrationEvent, command: ConsentCopiesCommand): Promise<void> {
    await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [this.fileStep(event.clientId, event.siteId, command, causedByEvent(event, 'copy'))],
    });
  }

  private fileStep(clientId: string, siteId: string, command: ConsentCopiesCommand, cause: CommandCause) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: consentCopiesStream(clientId),
      decider: consentCopiesDecider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: `${key}:consents` }),
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
  }

  private sendStep(
    carrier: OutsideSendCarrier,
    sendId: string,
    command: (state: OutsideSend, before: readonly StepDecision[]) => OutsideSendCommand,
    where: { clientId: string; siteId: string },
    cause: CommandCause,
  ) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: outsideSendStream(carrier, sendId),
      decider: this.decider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, where),
    });
  }
}

/** The client's consent file as the first step of this attempt read it (and wrote it). */
function fileOf(before: readonly StepDecision[]): ConsentCopies {
  const file = before[0]?.current as ConsentCopies | undefined;
  if (!file) throw new Error('the consent file step came first and read no file');
  return file;
}
