import { type CommandCause, assertSiteAccess, commandEnvelopesOf } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): treatment-plan's events
// name treatment-plan as the actor when they react to another service's event or fire a deadline.
export const { actor: SERVICE_ACTOR, envelopeOf } = commandEnvelopesOf('treatment-plan');

/** The actor recorded inside a ledger decision (`decidedBy`): the caller, or this service. */
export function deciderOf(cause: CommandCause, siteId: string): { userId: string; role: string } {
  if (cause.kind !== 'request') return { ...SERVICE_ACTOR };
  const admitted = assertSiteAccess(cause.actor, siteId);
  return { userId: admitted.userId, role: admitted.role };
}
