import { type CommandEnvelope, newId as newRequestId } from '@continuum/event-store';
import { type CommandCause, commandEnvelopeOf, idempotencyKeyOf, serviceActor } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): dual-diagnosis's events
// name dual-diagnosis as the actor when they react to another service's event or fire a deadline.

export { type CommandCause, idempotencyKeyOf } from '@continuum/platform';

/** The service itself, on events it appends in reaction to other services' events or its scheduler. */
export const SERVICE_ACTOR = serviceActor('dual-diagnosis');

export const envelopeOf = (cause: CommandCause, where: { clientId?: string; siteId: string }): CommandEnvelope => commandEnvelopeOf(cause, where, SERVICE_ACTOR);

/** An id for something a command creates (a disclosure): derived from the idempotency key when there is one, so a retry names the same thing. */
export function newId(cause: CommandCause, purpose: string): string {
  return newRequestId(idempotencyKeyOf(cause), purpose);
}
