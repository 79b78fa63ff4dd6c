// What every piece of code handling a request may need to know without threading it through
// each call: who is acting, and the ids that tie the events it appends back to this request
// (docs/architecture/streams.md#the-event-envelope: correlation and causation on every event).
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context as TraceContext } from '@opentelemetry/api';
import { type Actor } from '../auth/roles.js';

export type RequestContext = {
  requestId: string;
  /** Ties together everything one user action caused, across services. */
  correlationId: string;
  /** What directly caused this request: the caller's `X-Causation-Id`, else this request. */
  causationId: string;
  /** The `Idempotency-Key` header: event ids derive from it, so a retry appends nothing new. */
  idempotencyKey?: string;
  /** Set by the access guard once a route has admitted the caller; absent on public routes. */
  actor?: Actor;
  /** Who the verified token names, set before the route's roles are checked: a 403 records who was refused. */
  principal?: Pick<Actor, 'userId' | 'roles' | 'sites'>;
  /**
   * The site of the record the request reached, and the role admitting the caller there: set
   * by assertSiteAccess once the application has loaded it. The access log records it.
   */
  resource?: { siteId: string; role: Actor['role'] };
  /**
   * The OpenTelemetry context of the request's span (its parent the caller's `traceparent`),
   * entered with the request context: events appended while handling it carry its traceparent.
   */
  trace?: TraceContext;
};

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Node's request keeps the context too, for code that runs outside its async scope: under
 * Fastify that is the request's `raw`, which Nest middleware and Fastify's hooks all reach.
 */
export const REQUEST_CONTEXT_KEY = Symbol.for('continuum.RequestContext');
export type WithRequestContext = { [REQUEST_CONTEXT_KEY]?: RequestContext };

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being handled, or undefined outside a request (e.g. a consumer). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function requestContextOf(request: object): RequestContext | undefined {
  const raw = (request as { raw?: unknown }).raw;
  return (
    (request as WithRequestContext)[REQUEST_CONTEXT_KEY] ??
    (typeof raw === 'object' && raw !== null ? (raw as WithRequestContext)[REQUEST_CONTEXT_KEY] : undefined) ??
    currentRequestContext()
  );
}
