import { type CommandEnvelope } from '@continuum/event-store';
import { type CommandCause, commandEnvelopeOf, serviceActor } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): aftercare's events
// name aftercare as the actor when they react to another service's event or fire a deadline.

export { type CommandCause, idempotencyKeyOf } from '@continuum/platform';

/** The service itself, on events it appends in reaction to other services' events or its scheduler. */
export const SERVICE_ACTOR = serviceActor('aftercare');

export const envelopeOf = (cause: CommandCause, where: { clientId: string; siteId: string }): CommandEnvelope => commandEnvelopeOf(cause, where, SERVICE_ACTOR);
