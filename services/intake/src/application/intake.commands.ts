import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { decideInSequence } from '#continuum/decider';
import { type CommandEnvelope, EVENT_STORE, type EventStore, type RecordedEvent, runCommand } from '#continuum/event-store';
import { type Actor, CLOCK, type Clock, type RequestContext, assertSiteAccess } from '#continuum/platform';
import {
  type ConsentForm,
  type IntakeClient,
  type IntakeCommand,
  type IntakeEvent,
  type Person,
  type ReceiveReferral,
  type RevokeConsent,
  clientStream,
  intakeDecider,
} from '../domain/index.js';
import { ClientIndex } from './client-index.js';

export type CommandOutcome = {
  /** The events this request appended, or, for a retried Idempotency-Key, the ones the first attempt appended. */
  events: RecordedEvent<IntakeEvent['data']>[];
  state: IntakeClient;
};

/** Load → decide → append for one client's stream; the rules themselves live in domain/decide.ts. */
@Injectable()
export class IntakeCommands {
  private readonly decider = intakeDecider();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly index: ClientIndex,
  ) {}

  /**
   * A referral and the registration at a site, as one decision. Possible duplicates come from
   * the identity index, which then learns this client too (idempotently, so a retry adds nothing).
   */
  async register(
    clientId: string,
    referral: ReceiveReferral['data'],
    registration: { siteId: string; person: Person },
    actor: Actor,
    request: RequestContext,
  ): Promise<CommandOutcome> {
    const possibleDuplicateOf = await this.index.possibleDuplicatesOf(registration.person);
    const outcome = await this.execute(
      clientId,
      [
        { type: 'ReceiveReferral', clientId, data: referral },
        { type: 'RegisterClient', clientId, data: { ...registration, possibleDuplicateOf } },
      ],
      actor,
      request,
      registration.siteId,
    );
    await this.index.indexIdentity(outcome.state.registration!.person, clientId, outcome.events[0]!.metadata);
    return outcome;
  }

  /** Records the consent and remembers whose it is, for a revocation that names only the consent. */
  async grantConsent(clientId: string, form: ConsentForm, actor: Actor, request: RequestContext): Promise<CommandOutcome> {
    const outcome = await this.execute(clientId, [{ type: 'GrantConsent', clientId, data: form }], actor, request);
    const granted = dataOf(outcome, 'ConsentGranted')!;
    await this.index.indexConsent(granted.consent.consentId, clientId, outcome.events[0]!.metadata);
    return outcome;
  }

  async revokeConsent(consentId: string, revocation: Omit<RevokeConsent['data'], 'consentId'>, actor: Actor, request: RequestContext) {
    const clientId = await this.index.clientOfConsent(consentId);
    if (!clientId) throw new ConsentNotFound(consentId);
    const outcome = await this.execute(clientId, [{ type: 'RevokeConsent', clientId, data: { consentId, ...revocation } }], actor, request);
    return { clientId, outcome };
  }

  /**
   * Runs the commands as one decision (all appended together, or none). The client's site
   * comes from its registration — or, for a client being registered, from `siteOfNewClient` —
   * and the caller must hold an admitted role there.
   */
  async execute(
    clientId: string,
    commands: IntakeCommand[],
    actor: Actor,
    request: RequestContext,
    siteOfNewClient?: string,
  ): Promise<CommandOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: clientStream(clientId),
      decider: {
        initialState: this.decider.initialState,
        evolve: this.decider.evolve,
        decide: (batch: IntakeCommand[], state: IntakeClient, now: Date) => decideInSequence(this.decider, batch, state, now),
      },
      command: commands,
      now: this.clock.now(),
      idempotencyKey: request.idempotencyKey,
      envelope: (state: IntakeClient) => envelopeFor(clientId, state, actor, request, siteOfNewClient),
    });
    return { events: outcome.events as CommandOutcome['events'], state: outcome.state };
  }
}

export function envelopeFor(
  clientId: string,
  state: IntakeClient,
  actor: Actor,
  request: RequestContext,
  siteOfNewClient?: string,
): CommandEnvelope {
  const siteId = state.registration?.siteId ?? siteOfNewClient;
  if (!siteId) throw new ClientNotFound(clientId);
  const admitted = assertSiteAccess(actor, siteId);
  return {
    clientId,
    siteId,
    actor: { userId: admitted.userId, role: admitted.role },
    correlationId: request.correlationId,
    causationId: request.causationId,
  };
}

export class ConsentNotFound extends NotFoundException {
  constructor(consentId: string) {
    super(`There is no consent ${consentId}. Check the id on the client's record (GET /api/v1/clients/{clientId}).`);
  }
}

export class ClientNotFound extends NotFoundException {
  constructor(clientId: string) {
    super(`There is no client ${clientId}. Check the id, or register the client with POST /api/v1/clients.`);
  }
}

/** What a command response lists of the events it appended: ids and types, for the caller's records. */
export function eventsOf(outcome: CommandOutcome) {
  return outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, revision: event.revision }));
}

export function dataOf<Type extends IntakeEvent['type']>(outcome: CommandOutcome, type: Type) {
  return outcome.events.find((event) => event.type === type)?.data as Extract<IntakeEvent, { type: Type }>['data'] | undefined;
}
