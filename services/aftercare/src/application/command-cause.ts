import { type CommandEnvelope } from '#continuum/event-store';
import { type Actor, type RequestContext, assertSiteAccess } from '#continuum/platform';

// Who a command is recorded as, and why. A request is recorded as its caller, under the role
// that admits them at the plan's site; a reaction to another service's event is recorded as
// this service, caused by that event; the scheduler's commands name the deadline they fire.

export type CommandCause =
  | { kind: 'request'; actor: Actor; request: RequestContext }
  | { kind: 'event'; eventId: string; correlationId: string; idempotencyKey: string }
  | { kind: 'schedule'; idempotencyKey: string; correlationId: string };

/** The service itself, on events it appends in reaction to other services' events or its scheduler. */
export const SERVICE_ACTOR = { userId: 'aftercare', role: 'system' } as const;

export function envelopeOf(cause: CommandCause, where: { clientId: string; siteId: string }): CommandEnvelope {
  switch (cause.kind) {
    case 'request': {
      // 403 unless the caller holds a role this route admits at the plan's site.
      const admitted = assertSiteAccess(cause.actor, where.siteId);
      return {
        ...where,
        actor: { userId: admitted.userId, role: admitted.role },
        correlationId: cause.request.correlationId,
        causationId: cause.request.causationId,
      };
    }
    case 'event':
      return { ...where, actor: { ...SERVICE_ACTOR }, correlationId: cause.correlationId, causationId: cause.eventId };
    case 'schedule':
      return { ...where, actor: { ...SERVICE_ACTOR }, correlationId: cause.correlationId, causationId: cause.idempotencyKey };
  }
}

export function idempotencyKeyOf(cause: CommandCause): string | undefined {
  return cause.kind === 'request' ? cause.request.idempotencyKey : cause.idempotencyKey;
}
