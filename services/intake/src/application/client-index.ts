import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventEnvelope, type EventStore, deterministicEventId } from '#continuum/event-store';
import { type Person, duplicateKey } from '../domain/index.js';

// Two lookups intake needs before it can decide, kept as streams of their own in the event
// store so that they are as durable as the facts they point to and need no other database:
// - who else registered with the same normalised name and date of birth (the duplicate flag);
// - which client a consent belongs to (POST /consents/{id}/revocation names only the consent).
// Stream names carry a hash of the duplicate key, never the name or date of birth itself.

export const identityStream = (person: Person) => `intake-identity-${createHash('sha256').update(duplicateKey(person)).digest('hex')}`;
export const consentStream = (consentId: string) => `intake-consent-${consentId}`;

export const IDENTITY_INDEXED = 'ClientIdentityIndexed';
export const CONSENT_INDEXED = 'ConsentIndexed';

type Pointer = { clientId: string };

@Injectable()
export class ClientIndex {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Clients already registered with this person's duplicate key. */
  async possibleDuplicatesOf(person: Person): Promise<string[]> {
    const events = await this.store.readStream(identityStream(person));
    return [...new Set(events.map((event) => (event.data as Pointer).clientId))];
  }

  async clientOfConsent(consentId: string): Promise<string | undefined> {
    const [event] = await this.store.readStream(consentStream(consentId), { maxCount: 1 });
    return (event?.data as Pointer | undefined)?.clientId;
  }

  /** Idempotent: the event id is derived from what it points to, so a retry adds nothing. */
  async indexIdentity(person: Person, clientId: string, envelope: EventEnvelope): Promise<void> {
    await this.pointTo(identityStream(person), IDENTITY_INDEXED, clientId, envelope);
  }

  async indexConsent(consentId: string, clientId: string, envelope: EventEnvelope): Promise<void> {
    await this.pointTo(consentStream(consentId), CONSENT_INDEXED, clientId, envelope);
  }

  private async pointTo(stream: string, type: string, clientId: string, envelope: EventEnvelope): Promise<void> {
    const existing = await this.store.readStream(stream);
    if (existing.some((event) => (event.data as Pointer).clientId === clientId)) return;
    await this.store.appendToStream(stream, [{ eventId: deterministicEventId(clientId, stream, 0), type, data: { clientId }, metadata: envelope }], {
      expectedRevision: 'any',
    });
  }
}
