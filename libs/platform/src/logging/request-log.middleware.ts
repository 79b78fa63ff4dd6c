// One line per HTTP request: what ran, how it ended, how long it took, for whom. The route
// template is logged, never the raw URL or the body: a query string or a body may carry a
// client's name.
import { type IncomingMessage } from 'node:http';
import { type HttpRequest, type HttpResponse, rawRequestOf, rawResponseOf } from '../context/http-message.js';
import { attachRequestContext } from '../context/request-context.middleware.js';
import { REQUEST_CONTEXT_KEY, type RequestContext, type WithRequestContext } from '../context/request-context.js';
import { type JsonLogger } from './json-logger.js';

/** The matched route's template, e.g. `/api/v1/clients/:clientId`: Fastify's `routeOptions.url`, Express's `route.path`. */
export function routeTemplateOf(request: HttpRequest): string {
  const fastifyRoute = request.routeOptions?.url;
  if (typeof fastifyRoute === 'string') return fastifyRoute;
  return typeof request.route?.path === 'string' ? request.route.path : 'unmatched';
}

/**
 * Where every request starts, on either platform: its context (correlation id echoed) and
 * its request line, written when the response closes. The bootstrap calls it from the HTTP
 * adapter's request hook, which runs before anything else (body parsing, Nest middleware,
 * routing's 404), so requests refused early are logged too. Calling it again for the same
 * request changes nothing.
 */
export function beginRequest(logger: JsonLogger, request: HttpRequest | IncomingMessage, response: HttpResponse): RequestContext {
  const raw = rawRequestOf(request);
  const existing = (raw as WithRequestContext)[REQUEST_CONTEXT_KEY];
  if (existing) return existing;
  const context = attachRequestContext(request, response);
  const started = process.hrtime.bigint();
  const nodeResponse = rawResponseOf(response);
  nodeResponse.once('close', () => {
    // The actor is on the context once the access guard admitted the caller.
    logger.log(
      {
        message: 'request',
        method: raw.method,
        route: routeTemplateOf(request as HttpRequest),
        status: nodeResponse.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        completed: nodeResponse.writableFinished,
        correlationId: context.correlationId,
        userId: context.actor?.userId,
      },
      'http',
    );
  });
  return context;
}
