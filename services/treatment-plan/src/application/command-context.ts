import { type CommandEnvelope } from '@continuum/event-store';
import { type CommandCause, assertSiteAccess, commandEnvelopeOf, serviceActor } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): treatment-plan's events
// name treatment-plan as the actor when they react to another service's event or fire a deadline.

export { type CommandCause, idempotencyKeyOf } from '@continuum/platform';

/** The service itself, on events it appends in reaction to other services' events or its scheduler. */
export const SERVICE_ACTOR = serviceActor('treatment-plan');

export const envelopeOf = (cause: CommandCause, where: { clientId: string; siteId: string }): CommandEnvelope => commandEnvelopeOf(cause, where, SERVICE_ACTOR);

/** A follow-up command caused by an event this service just appended: same who and why, its own idempotency key. */
export function followUp(cause: CommandCause, causingEventId: string, step: string): CommandCause {
  return withIdempotencyKey(cause, `${causingEventId}:${step}`);
}

/** The same who and why under another idempotency key. */
export function withIdempotencyKey(cause: CommandCause, idempotencyKey: string): CommandCause {
  if (cause.kind === 'request') return { kind: 'request', actor: cause.actor, request: { ...cause.request, idempotencyKey } };
  return { ...cause, idempotencyKey };
}

/** The actor recorded inside a ledger decision (`decidedBy`): the caller, or this service. */
export function deciderOf(cause: CommandCause, siteId: string): { userId: string; role: string } {
  if (cause.kind !== 'request') return { ...SERVICE_ACTOR };
  const admitted = assertSiteAccess(cause.actor, siteId);
  return { userId: admitted.userId, role: admitted.role };
}
