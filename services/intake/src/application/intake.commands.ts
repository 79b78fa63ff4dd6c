import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type Decider, decideInSequence } from '@continuum/decider';
import {
  type AnyCommandStep,
  type CommandEnvelope,
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  WrongExpectedRevision,
  commandStep,
  runCommand,
  runCommands,
} from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idFromCause, idempotencyKeyOf } from '@continuum/platform';
import {
  type ConsentForm,
  type IntakeClient,
  type IntakeConfig,
  type IntakeCommand,
  type IntakeEvent,
  type Person,
  type ReceiveReferral,
  type RecordSafetyFollowUp,
  type RecordScreening,
  type RevokeConsent,
  clientStream,
  intakeDecider,
} from '../domain/index.js';
import { ClientIndex, IdentityIndexMoved } from './client-index.js';
import { envelopeOf } from './command-cause.js';
import { FoldedClients } from './folded-clients.js';

/** The network's figures for intake's rules (IntakeConfig), from the service's settings. */
export const INTAKE_CONFIG = Symbol.for('continuum.intake.IntakeConfig');

/** Reads of the identity index and decisions before a registration gives up on concurrent ones (runCommands' own default). */
const REGISTRATION_ATTEMPTS = 3;

/** A possible duplicate found at registration: the earlier client, its site, and the review opened for a network administrator. */
export type PossibleDuplicate = { clientId: string; siteId: string; reviewId: string };

export type CommandOutcome = {
  /** The events this request appended, or, for a retried Idempotency-Key, the ones the first attempt appended. */
  events: RecordedEvent<IntakeEvent['data']>[];
  state: IntakeClient;
  /** True when an earlier run with the same Idempotency-Key answered. */
  replayed?: boolean;
};

/** Load → decide → append for one client's stream; the rules themselves live in domain/decide.ts. */
@Injectable()
export class IntakeCommands {
  /** Intake's rules with the network's figures (domain/decide.ts), several commands decided as one: each sees the state the previous ones left. */
  private readonly batchDecider: Decider<IntakeCommand[], IntakeEvent, IntakeClient>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly index: ClientIndex,
    @Inject(INTAKE_CONFIG) config: IntakeConfig,
    private readonly folded: FoldedClients,
  ) {
    const decider = intakeDecider(config);
    this.batchDecider = {
      initialState: decider.initialState,
      evolve: decider.evolve,
      decide: (batch, state, now) => decideInSequence(decider, batch, state, now),
    };
  }

  /**
   * A referral and the registration at a site, as one decision, the identity index learning
   * this client, and a network administrator's review of each possible duplicate, all appended
   * together or not at all. Possible duplicates come from the identity index as it stands
   * before (a retry adds nothing to it).
   */
  async register(
    clientId: string,
    referral: ReceiveReferral['data'],
    registration: { siteId: string; person: Person },
    cause: CommandCause,
  ): Promise<CommandOutcome & { duplicates: PossibleDuplicate[] }> {
    // The duplicates are read from the identity index outside the decision, and the identity
    // step appends at the revision read: a concurrent registration of the same person makes our
    // append fail, which means reading them again, not only deciding again on what was read.
    for (let attempt = 1; ; attempt++) {
      const identityIndex = await this.index.possibleDuplicatesOf(registration.person);
      const possibleDuplicateOf = identityIndex.state.clientIds;
      const client = this.clientStep(
        clientId,
        [
          { type: 'ReceiveReferral', clientId, data: referral },
          { type: 'RegisterClient', clientId, data: { ...registration, possibleDuplicateOf } },
        ],
        cause,
        registration.siteId,
      );
      const identity = this.index.identityStep(registration.person, clientId, client.envelope, identityIndex);
      const duplicates = (await this.index.sitesOf(possibleDuplicateOf.filter((id) => id !== clientId))).map((duplicate) => ({
        ...duplicate,
        reviewId: idFromCause(cause, `duplicate-review-${duplicate.clientId}`),
      }));
      const reviews = duplicates.map((duplicate) =>
        this.index.duplicateReviewStep(
          duplicate.reviewId,
          {
            reviewId: duplicate.reviewId,
            clientId,
            siteId: registration.siteId,
            possibleDuplicateOf: duplicate.clientId,
            otherSiteId: duplicate.siteId,
          },
          client.envelope,
        ),
      );
      try {
        const { outcomes } = await runCommands({
          store: this.store,
          now: this.clock.now(),
          steps: [client.step, identity, ...reviews],
          maxAttempts: 1,
        });
        this.keep(clientId, outcomes[0]);
        return { events: outcomes[0].events as CommandOutcome['events'], state: outcomes[0].state, duplicates };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= REGISTRATION_ATTEMPTS) throw error.stream === identity.stream ? new IdentityIndexMoved() : error;
      }
    }
  }

  /** Records the consent and remembers whose it is (for a revocation that names only the consent), together or not at all. */
  async grantConsent(clientId: string, form: ConsentForm, cause: CommandCause): Promise<CommandOutcome> {
    return this.withPointer(clientId, { type: 'GrantConsent', clientId, data: form }, cause, (envelope) =>
      this.index.consentStep(form.consentId, clientId, envelope),
    );
  }

  async revokeConsent(consentId: string, revocation: Omit<RevokeConsent['data'], 'consentId'>, cause: CommandCause) {
    const clientId = await this.index.clientOfConsent(consentId);
    if (!clientId) throw new ConsentNotFound(consentId);
    const outcome = await this.execute(clientId, [{ type: 'RevokeConsent', clientId, data: { consentId, ...revocation } }], cause);
    return { clientId, outcome };
  }

  /**
   * Records the screening and, when it opens a same-day safety follow-up, the follow-up index's
   * pointer to the client, together or not at all.
   */
  async recordScreening(clientId: string, data: RecordScreening['data'], cause: CommandCause): Promise<CommandOutcome> {
    return this.withPointer(clientId, { type: 'RecordScreening', clientId, data }, cause, (envelope) =>
      this.index.safetyFollowUpStep(data.followUpId, clientId, envelope),
    );
  }

  /** The client's command and a lookup's pointer to the client, recorded with the same envelope, together or not at all (runCommands). */
  private async withPointer(
    clientId: string,
    command: IntakeCommand,
    cause: CommandCause,
    pointerStep: (envelope: () => CommandEnvelope) => AnyCommandStep,
  ): Promise<CommandOutcome> {
    const client = this.clientStep(clientId, [command], cause);
    const { outcomes } = await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [client.step, pointerStep(client.envelope)],
    });
    this.keep(clientId, outcomes[0]);
    return { events: outcomes[0].events as CommandOutcome['events'], state: outcomes[0].state as IntakeClient };
  }

  /** What a clinician did about a safety follow-up, which names only itself: its client comes from the follow-up index. */
  async recordSafetyFollowUp(followUpId: string, record: Omit<RecordSafetyFollowUp['data'], 'followUpId'>, cause: CommandCause) {
    const clientId = await this.index.clientOfSafetyFollowUp(followUpId);
    if (!clientId) throw new SafetyFollowUpNotFound(followUpId);
    const outcome = await this.execute(clientId, [{ type: 'RecordSafetyFollowUp', clientId, data: { followUpId, ...record } }], cause);
    return { clientId, outcome };
  }

  /**
   * Runs the commands as one decision (all appended together, or none). The client's site
   * comes from its registration, and the caller must hold an admitted role there. `now` only
   * for a scheduler, which passes the instant of its tick.
   */
  async execute(clientId: string, commands: IntakeCommand[], cause: CommandCause, now: Date = this.clock.now()): Promise<CommandOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: clientStream(clientId),
      decider: this.batchDecider,
      command: commands,
      now,
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: (state: IntakeClient) => envelopeFor(clientId, state, cause),
      from: this.folded.get(clientId),
    });
    this.keep(clientId, outcome);
    return { events: outcome.events as CommandOutcome['events'], state: outcome.state, replayed: outcome.replayed };
  }

  /**
   * The client's commands as the first step of a command that writes a lookup too (runCommands:
   * every rule of every step checked before anything is appended, then all appended at once).
   * `envelope()` is who, where and why the client's events are recorded with, once that step
   * was decided: the lookup's pointer is recorded with the same.
   */
  private clientStep(clientId: string, commands: IntakeCommand[], cause: CommandCause, siteOfNewClient?: string) {
    let resolved: CommandEnvelope | undefined;
    const step = commandStep({
      stream: clientStream(clientId),
      decider: this.batchDecider,
      command: commands,
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: (state: IntakeClient) => (resolved = envelopeFor(clientId, state, cause, siteOfNewClient)),
      from: this.folded.get(clientId),
    });
    const envelope = (): CommandEnvelope => {
      if (!resolved) throw new Error(`the lookup step of client ${clientId} was decided before the client's own step`);
      return resolved;
    };
    return { step, envelope };
  }

  /** The client as this command left it, for the next read or command of it to start from (FoldedClients). */
  private keep(
    clientId: string,
    { state, nextExpectedRevision, replayed }: { state: IntakeClient; nextExpectedRevision: number; replayed: boolean },
  ) {
    // A replay's state is the client as the first answer left it, not as it is now.
    if (!replayed && state.registration) this.folded.keep(clientId, { revision: nextExpectedRevision, state });
  }
}

/** The client's site comes from its registration, else it is the site of the client being registered. */
export function envelopeFor(clientId: string, state: IntakeClient, cause: CommandCause, siteOfNewClient?: string): CommandEnvelope {
  const siteId = state.registration?.siteId ?? siteOfNewClient;
  if (!siteId) throw new ClientNotFound(clientId);
  return envelopeOf(cause, { clientId, siteId });
}

export class ConsentNotFound extends NotFoundException {
  constructor(consentId: string) {
    super(`There is no consent ${consentId}. Check the id on the client's record (GET /api/v1/clients/{clientId}).`);
  }
}

export class SafetyFollowUpNotFound extends NotFoundException {
  constructor(followUpId: string) {
    super(`There is no safety follow-up ${followUpId}. Check the id in the safety follow-up list (GET /api/v1/safety-follow-ups).`);
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
