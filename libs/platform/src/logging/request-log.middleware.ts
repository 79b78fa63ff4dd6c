// One line per HTTP request: what ran, how it ended, how long it took, for whom. The route
// template is logged, never the raw URL or the body: a query string or a body may carry a
// client's name.
import { type IncomingMessage } from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type HttpRequest, type HttpResponse, rawRequestOf, rawResponseOf } from '../context/http-message.js';
import { attachRequestContext } from '../context/request-context.middleware.js';
import { REQUEST_CONTEXT_KEY, type RequestContext, type WithRequestContext } from '../context/request-context.js';
import { type ServiceMetrics } from '../metrics/service-metrics.js';
import { type ServiceTracing, contextFromHeaders, traceIdsOf } from '../tracing/service-tracing.js';
import { type JsonLogger } from './json-logger.js';

/** What watches every request besides the log: its metrics and its span. */
export type RequestTelemetry = { metrics: ServiceMetrics; tracing: ServiceTracing };

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
export function beginRequest(
  logger: JsonLogger,
  request: HttpRequest | IncomingMessage,
  response: HttpResponse,
  telemetry?: RequestTelemetry,
): RequestContext {
  const raw = rawRequestOf(request);
  const existing = (raw as WithRequestContext)[REQUEST_CONTEXT_KEY];
  if (existing) return existing;
  const context = attachRequestContext(request, response);
  const started = process.hrtime.bigint();
  const method = raw.method ?? 'GET';
  // The caller's traceparent, if any, is the parent: the route is not known yet, so the span is named at the end.
  const span = telemetry?.tracing.startSpan(method, SpanKind.SERVER, contextFromHeaders(raw.headers));
  if (span) context.trace = span.context;
  const nodeResponse = rawResponseOf(response);
  nodeResponse.once('close', () => {
    const route = routeTemplateOf(request as HttpRequest);
    const status = nodeResponse.statusCode;
    const durationNs = process.hrtime.bigint() - started;
    if (telemetry) {
      const labels = { method, route, status: String(status) };
      telemetry.metrics.httpRequests.inc(labels);
      telemetry.metrics.httpDuration.observe(labels, Number(durationNs) / 1e9);
    }
    if (span) {
      span.span.updateName(`${method} ${route}`);
      span.span.setAttributes({ 'http.request.method': method, 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.span.setStatus({ code: SpanStatusCode.ERROR });
      span.span.end();
    }
    // The actor is on the context once the access guard admitted the caller.
    logger.log(
      {
        message: 'request',
        method: raw.method,
        route,
        status,
        durationMs: Number(durationNs / 1000n) / 1000,
        completed: nodeResponse.writableFinished,
        correlationId: context.correlationId,
        userId: context.actor?.userId,
        ...traceIdsOf(span?.span),
      },
      'http',
    );
  });
  return context;
}
