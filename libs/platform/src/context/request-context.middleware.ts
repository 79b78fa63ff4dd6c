import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { context as traceContext } from '@opentelemetry/api';
import { type IncomingMessage } from 'node:http';
import { type HttpRequest, type HttpResponse, headerValue, rawRequestOf, rawResponseOf } from './http-message.js';
import { REQUEST_CONTEXT_KEY, type RequestContext, type WithRequestContext, runInRequestContext } from './request-context.js';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
export const CAUSATION_ID_HEADER = 'X-Causation-Id';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

// Ids from outside end up in logs and event metadata: accept only plain tokens, so a header
// cannot forge log lines or smuggle text into the audit trail.
export const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function headerId(request: IncomingMessage, name: string): string | undefined {
  const value = headerValue(request, name);
  return value !== undefined && PLAIN_ID.test(value) ? value : undefined;
}

/**
 * Creates the request's context once (or returns it), keeps it on Node's request and echoes
 * the correlation id. The bootstrap's request hook calls it before the body is read, so even
 * a malformed body's 400 carries a correlation id.
 */
export function attachRequestContext(platformRequest: HttpRequest | IncomingMessage, platformResponse: HttpResponse): RequestContext {
  const request = rawRequestOf(platformRequest);
  const existing = (request as WithRequestContext)[REQUEST_CONTEXT_KEY];
  if (existing) return existing;
  const requestId = randomUUID();
  const context: RequestContext = {
    requestId,
    correlationId: headerId(request, CORRELATION_ID_HEADER) ?? randomUUID(),
    causationId: headerId(request, CAUSATION_ID_HEADER) ?? requestId,
    idempotencyKey: headerId(request, IDEMPOTENCY_KEY_HEADER),
  };
  (request as WithRequestContext)[REQUEST_CONTEXT_KEY] = context;
  // On Node's response: both platforms merge it into whatever answer goes out, errors included.
  const response = rawResponseOf(platformResponse);
  if (!response.headersSent) response.setHeader(CORRELATION_ID_HEADER, context.correlationId);
  return context;
}

/** Runs `next`, and everything it starts, in the request's async context and its span's trace context. */
export function continueInRequestContext(context: RequestContext, next: () => void): void {
  runInRequestContext(context, context.trace ? () => traceContext.with(context.trace!, next) : next);
}

/**
 * Enters the async context for the rest of the request on Express, as Nest middleware: after
 * the body parser, because the parser's stream callbacks would drop an async context entered
 * before it. On Fastify the bootstrap's request hook enters it itself, before the body is
 * read: Fastify resumes after parsing in the async context parsing began in, so the handler
 * is inside it there too (the bootstrap spec sends a body in parts on both), and no request
 * pays for Express-style middleware.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(request: HttpRequest, response: HttpResponse, next: () => void): void {
    continueInRequestContext(attachRequestContext(request, response), next);
  }
}
