// Who a command is recorded as, and why. A request is recorded as its caller, under the role
// that admits them at the record's site (403 otherwise); a reaction to another service's event
// is recorded as the service itself, caused by that event (its id is the causation id, its
// correlation carries on); a scheduler's command as the service too, naming the deadline.
import { type CommandEnvelope, newId } from '@continuum/event-store';
import { type Actor } from '../auth/roles.js';
import { assertSiteAccess } from '../auth/site-access.js';
import { type RequestContext } from './request-context.js';

export type CommandCause =
  | { kind: 'request'; actor: Actor; request: RequestContext }
  | { kind: 'event'; eventId: string; correlationId: string; idempotencyKey: string }
  | { kind: 'schedule'; idempotencyKey: string; correlationId: string };

/** A service itself as the actor of the events it appends in reaction to other services' events or its scheduler. */
export type ServiceActor = { readonly userId: string; readonly role: 'system' };

export const serviceActor = (service: string): ServiceActor => ({ userId: service, role: 'system' });

/** The envelope of a command's events: the client and site it concerns, who recorded it, and why. */
export function commandEnvelopeOf(
  cause: CommandCause,
  where: { clientId?: string; siteId: string },
  service: ServiceActor,
): CommandEnvelope {
  const concerns = { ...(where.clientId === undefined ? {} : { clientId: where.clientId }), siteId: where.siteId };
  switch (cause.kind) {
    case 'request': {
      const admitted = assertSiteAccess(cause.actor, where.siteId);
      return {
        ...concerns,
        actor: { userId: admitted.userId, role: admitted.role },
        correlationId: cause.request.correlationId,
        causationId: cause.request.causationId,
      };
    }
    case 'event':
      return { ...concerns, actor: { ...service }, correlationId: cause.correlationId, causationId: cause.eventId };
    case 'schedule':
      return { ...concerns, actor: { ...service }, correlationId: cause.correlationId, causationId: cause.idempotencyKey };
  }
}

/**
 * A service's own actor and the envelope of its commands, in one line of its
 * application/command-cause.ts: `export const { envelopeOf } = commandEnvelopesOf('aftercare')`.
 */
export function commandEnvelopesOf(service: string): {
  actor: ServiceActor;
  envelopeOf: (cause: CommandCause, where: { clientId?: string; siteId: string }) => CommandEnvelope;
} {
  const actor = serviceActor(service);
  return { actor, envelopeOf: (cause, where) => commandEnvelopeOf(cause, where, actor) };
}

/**
 * A reaction to an event (another service's, or this service's own heard back from the bus): one
 * idempotency key per step it takes, derived from the event id, so a redelivery repeats nothing.
 */
export function causedByEvent(event: { eventId: string; correlationId: string }, step: string): Extract<CommandCause, { kind: 'event' }> {
  return { kind: 'event', eventId: event.eventId, correlationId: event.correlationId, idempotencyKey: `${event.eventId}:${step}` };
}

export function idempotencyKeyOf(cause: CommandCause): string | undefined {
  return cause.kind === 'request' ? cause.request.idempotencyKey : cause.idempotencyKey;
}

/** The same who and why under another idempotency key. */
export function withIdempotencyKey(cause: CommandCause, idempotencyKey: string): CommandCause {
  if (cause.kind === 'request') return { kind: 'request', actor: cause.actor, request: { ...cause.request, idempotencyKey } };
  return { ...cause, idempotencyKey };
}

/** A follow-up command caused by an event this service just appended: same who and why, its own idempotency key. */
export function followUp(cause: CommandCause, causingEventId: string, step: string): CommandCause {
  return withIdempotencyKey(cause, `${causingEventId}:${step}`);
}

/** An id for something a command creates (a disclosure): derived from the idempotency key when there is one, so a retry names the same thing. */
export function idFromCause(cause: CommandCause, purpose: string): string {
  return newId(idempotencyKeyOf(cause), purpose);
}
