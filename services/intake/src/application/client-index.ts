import { createHash } from 'node:crypto';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import {
  type AnyCommandStep,
  type CommandEnvelope,
  EVENT_STORE,
  type EventStore,
  type FoldedAt,
  type StepDecision,
  commandStep,
  foldAfter,
} from '@continuum/event-store';
import {
  CONSENT_INDEXED,
  type DuplicateReviewCommand,
  duplicateReviewDecider,
  duplicateReviewStream,
  IDENTITY_INDEXED,
  type Lookup,
  type Person,
  type PointNowhere,
  type PointToClient,
  SAFETY_FOLLOW_UP_INDEXED,
  clientStream,
  duplicateKey,
  lookupDecider,
  pointerToOpenedFollowUp,
} from '../domain/index.js';

// Two lookups intake needs before it can decide, kept as streams of their own in the event
// store so that they are as durable as the facts they point to and need no other database:
// - who else registered with the same normalised name and date of birth (the duplicate flag);
// - which client a consent belongs to (POST /consents/{id}/revocation names only the consent);
// - which client a safety follow-up belongs to (POST /safety-follow-ups/{id}/outcome names only the follow-up).
// Stream names carry a hash of the duplicate key, never the name or date of birth itself.
// A pointer is written as a step of the command that records the fact it points to
// (runCommands), so the two are appended together or not at all.

export const identityStream = (person: Person) => `intake-identity-${createHash('sha256').update(duplicateKey(person)).digest('hex')}`;
export const consentStream = (consentId: string) => `intake-consent-${consentId}`;
export const safetyFollowUpStream = (followUpId: string) => `intake-safety-follow-up-${followUpId}`;

type Pointer = { clientId: string };

/** The identity index kept gaining a client between the read of a registration's possible duplicates and its append. */
export class IdentityIndexMoved extends ConflictException {
  constructor() {
    super(
      'Someone registered a client with the same name and date of birth at the same moment. Send the registration again: it will be flagged as a possible duplicate.',
    );
  }
}

@Injectable()
export class ClientIndex {
  /** The lookups' rules (domain/lookups.ts): a client is pointed to once. */
  readonly identities = lookupDecider(IDENTITY_INDEXED);
  readonly consents = lookupDecider(CONSENT_INDEXED);
  readonly safetyFollowUps = lookupDecider(SAFETY_FOLLOW_UP_INDEXED);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The person's identity index: the clients already registered with their duplicate key
   * (`state.clientIds`), at the revision read, which the registration's identity step then
   * appends at (identityStep).
   */
  async possibleDuplicatesOf(person: Person): Promise<FoldedAt<Lookup>> {
    const { state, revision } = await foldAfter(this.store, identityStream(person), this.identities.evolve, this.identities.initialState);
    return { state, revision: revision ?? -1 };
  }

  /** The site each client was registered at (from its stream's registration), for the possible duplicates a reader may be told of. */
  async sitesOf(clientIds: readonly string[]): Promise<{ clientId: string; siteId: string }[]> {
    return Promise.all(
      clientIds.map(async (clientId) => {
        const events = await this.store.readStream(clientStream(clientId), { maxCount: 2 });
        const registered = events.find((event) => event.type === 'ClientRegistered');
        return { clientId, siteId: (registered?.data as { siteId?: string } | undefined)?.siteId ?? '' };
      }),
    );
  }

  /**
   * The step that opens a network administrator's review of a possible duplicate
   * (domain/duplicate-review.ts), recorded with the registration's envelope.
   */
  duplicateReviewStep(
    reviewId: string,
    opening: Extract<DuplicateReviewCommand, { type: 'OpenDuplicateReview' }>['data'],
    envelope: () => CommandEnvelope,
  ) {
    return commandStep({
      stream: duplicateReviewStream(reviewId),
      decider: duplicateReviewDecider,
      command: { type: 'OpenDuplicateReview', data: opening },
      idempotencyKey: reviewId,
      envelope,
    });
  }

  async clientOfConsent(consentId: string): Promise<string | undefined> {
    return this.firstPointer(consentStream(consentId));
  }

  async clientOfSafetyFollowUp(followUpId: string): Promise<string | undefined> {
    return this.firstPointer(safetyFollowUpStream(followUpId));
  }

  private async firstPointer(stream: string): Promise<string | undefined> {
    const [event] = await this.store.readStream(stream, { maxCount: 1 });
    return (event?.data as Pointer | undefined)?.clientId;
  }

  /**
   * The step that points the person's duplicate key at the client, recorded with the
   * registration's envelope. It appends at the revision of `read`, the index the possible
   * duplicates came from (possibleDuplicatesOf): a client that another registration added
   * since would go unflagged, so its pointer fails this append (WrongExpectedRevision) and the
   * registration reads its possible duplicates again (IntakeCommands.register).
   */
  identityStep(person: Person, clientId: string, envelope: () => CommandEnvelope, read: FoldedAt<Lookup>): AnyCommandStep {
    return { ...this.pointerStep(identityStream(person), this.identities, clientId, envelope), from: { ...read, current: true } };
  }

  /** The step that points the consent at its client, recorded with the consent's envelope. */
  consentStep(consentId: string, clientId: string, envelope: () => CommandEnvelope) {
    return this.pointerStep(consentStream(consentId), this.consents, clientId, envelope);
  }

  /**
   * The step that points the follow-up a screen may open at its client, after the client's step
   * (the step before it): whether there is a pointer is the lookup's rule (domain/lookups.ts).
   */
  safetyFollowUpStep(followUpId: string, clientId: string, envelope: () => CommandEnvelope) {
    const command = (_lookup: unknown, [client]: readonly StepDecision[]) =>
      pointerToOpenedFollowUp(followUpId, clientId, client?.events ?? []);
    return this.pointerStep(safetyFollowUpStream(followUpId), this.safetyFollowUps, clientId, envelope, command);
  }

  // The event id derives from the client and the stream (the client id is the step's
  // idempotency key), as it always has: a retry, or a pointer already there, adds nothing.
  private pointerStep(
    stream: string,
    decider: ReturnType<typeof lookupDecider>,
    clientId: string,
    envelope: () => CommandEnvelope,
    command: PointToClient | PointNowhere | ((lookup: unknown, before: readonly StepDecision[]) => PointToClient | PointNowhere) = {
      type: 'PointToClient',
      clientId,
    },
  ) {
    return commandStep({ stream, decider, command, idempotencyKey: clientId, envelope });
  }
}
