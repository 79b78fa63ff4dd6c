// Every error leaves the service as application/problem+json (RFC 9457), whatever threw it.
// Domain and store errors map to the status a client can act on; anything unexpected is a
// 500 whose detail reveals nothing of our internals — the stack goes to the log, tied to
// the response by the correlation id. A request the HTTP platform refused before any
// handler ran (a malformed or oversized body, a media type we do not read, a malformed URL)
// is a problem too, never the platform's own error body (docs/adr/0004-http-platform.md).
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RuleBroken } from '@continuum/decider';
import { WrongExpectedRevision } from '@continuum/event-store';
import { throwError } from 'rxjs';
import { AccessLog } from '../access-log/access-log.js';
import { type AccessRefusal } from '../access-log/access-record.js';
import { type HttpRequest, type HttpResponse, requestPath } from '../context/http-message.js';
import { type RequestContext, requestContextOf } from '../context/request-context.js';
import { JsonLogger } from '../logging/json-logger.js';
import { beginRequest, routeTemplateOf } from '../logging/request-log.middleware.js';
import { PROBLEM_CONTENT_TYPE, type Problem, problemType, statusTitle } from './problem.js';
import {
  AccessDenied,
  AuthenticationRequired,
  type FieldProblem,
  IdempotencyKeyInFlight,
  IdempotencyKeyReused,
  TooManyRequests,
  ValidationFailed,
} from './problem-exceptions.js';

type ProblemBody = { type: string; title: string; status: number; detail: string; [extension: string]: unknown };

/** The largest request body either platform reads (Express's default, which Fastify is given too). */
export const REQUEST_BODY_LIMIT_BYTES = 100 * 1024;

/** body-parser's errors (Express: malformed JSON, too large) carry their status and a `type`. */
type BodyParserError = Error & { status: number; type: string; expose?: boolean };

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error && typeof (error as BodyParserError).status === 'number' && typeof (error as BodyParserError).type === 'string'
  );
}

/** Fastify's own errors (body parsing, routing) carry a `FST_ERR_…` code and their status. */
type FastifyError = Error & { code: string; statusCode: number };

function isFastifyError(error: unknown): error is FastifyError {
  return (
    error instanceof Error &&
    typeof (error as FastifyError).code === 'string' &&
    (error as FastifyError).code.startsWith('FST_ERR_') &&
    typeof (error as FastifyError).statusCode === 'number'
  );
}

const MALFORMED_JSON: ProblemBody = {
  type: problemType('malformed-json'),
  title: 'The request body is not valid JSON',
  status: 400,
  detail: 'The body could not be parsed as JSON; check its quotes, commas and brackets, and send it with Content-Type: application/json.',
};

function statusProblem(status: number, detail: string): ProblemBody {
  return { type: 'about:blank', title: statusTitle(status), status, detail };
}

const BODY_TOO_LARGE = statusProblem(
  413,
  `The request body is larger than the ${REQUEST_BODY_LIMIT_BYTES / 1024} KB this service reads; send a smaller body.`,
);
const UNSUPPORTED_MEDIA_TYPE = statusProblem(
  415,
  'This service reads request bodies as JSON: send the body with Content-Type: application/json.',
);
const LENGTH_MISMATCH = statusProblem(400, "The request body's size did not match its Content-Length header; send the body again.");

/** What the platform found wrong before any handler ran; the error's own message may quote the request, so it is never passed on. */
function platformProblemOf(error: FastifyError | BodyParserError): ProblemBody {
  const kind =
    'code' in error && typeof error.code === 'string' && error.code.startsWith('FST_ERR_') ? error.code : (error as BodyParserError).type;
  switch (kind) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'entity.parse.failed':
      return MALFORMED_JSON;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'entity.too.large':
      return BODY_TOO_LARGE;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return UNSUPPORTED_MEDIA_TYPE;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'request.size.invalid':
      return LENGTH_MISMATCH;
    case 'FST_ERR_BAD_URL':
      return statusProblem(400, 'The request URL is not valid; check its percent-encoding.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return statusProblem(414, 'A segment of the request path is too long for an id.');
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : (error as BodyParserError).status;
  const exposed = 'expose' in error && error.expose === true;
  return statusProblem(status, exposed ? error.message : statusTitle(status));
}

function isPlatformRefusal(error: unknown): error is FastifyError | BodyParserError {
  const status = isFastifyError(error) ? error.statusCode : isBodyParserError(error) ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

export function problemBodyOf(exception: unknown): ProblemBody | undefined {
  if (exception instanceof ValidationFailed) {
    return {
      type: problemType('validation-failed'),
      title: 'The request is not valid',
      status: 400,
      detail: exception.message,
      errors: exception.errors,
    };
  }
  if (exception instanceof RuleBroken) {
    const { problems, ...details } = exception.details as { problems?: unknown };
    return {
      type: problemType(exception.code === 'rule-broken' ? 'rule-broken' : `rule-broken:${exception.code}`),
      title: 'A business rule refuses this request',
      status: 422,
      detail: exception.message,
      code: exception.code,
      // A rule that checked a whole form lists each problem in the same shape as a 400 does,
      // so a client fixes fields the same way whichever layer found them.
      ...(Array.isArray(problems) ? { errors: problems.map(fieldProblemOf) } : {}),
      details,
    };
  }
  if (exception instanceof WrongExpectedRevision) {
    return {
      type: problemType('concurrent-change'),
      title: 'The record changed while your request was handled',
      status: 409,
      detail: 'Someone else changed this record at the same moment. Reload it and send your request again.',
    };
  }
  if (exception instanceof AuthenticationRequired) {
    return { type: problemType('authentication-required'), title: 'Authentication required', status: 401, detail: exception.detail };
  }
  if (exception instanceof AccessDenied) {
    return { type: problemType('access-denied'), title: 'Access denied', status: 403, detail: exception.detail };
  }
  if (exception instanceof TooManyRequests) {
    return { type: problemType('too-many-requests'), title: 'Too many requests', status: 429, detail: exception.detail };
  }
  if (exception instanceof IdempotencyKeyReused) {
    return {
      type: problemType('idempotency-key-reused'),
      title: 'The Idempotency-Key belongs to another request',
      status: 422,
      detail: exception.detail,
    };
  }
  if (exception instanceof IdempotencyKeyInFlight) {
    return {
      type: problemType('idempotency-key-in-flight'),
      title: 'A request with this Idempotency-Key is in progress',
      status: 409,
      detail: exception.detail,
    };
  }
  // Nest wraps the platform's errors (body-parser's, Fastify's); their message may quote the request back.
  if (exception instanceof HttpException && isPlatformRefusal(exception.cause)) return platformProblemOf(exception.cause);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { type: 'about:blank', title: statusTitle(status), status, detail: httpExceptionDetail(exception) };
  }
  if (isPlatformRefusal(exception)) return platformProblemOf(exception);
  return undefined;
}

/** The problem as it is sent: the body, the request path (never the query) and the correlation id. */
export function problemFor(body: ProblemBody, request: HttpRequest, correlationId: string | undefined): Problem {
  return { ...body, instance: requestPath(request), correlationId };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly adapterHost: HttpAdapterHost,
    // Absent in an app without the platform module's access log (the console's backend keeps no store).
    @Optional() private readonly accessLog?: AccessLog,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // A message handler's errors belong to the transport's retry and dead-letter policy.
    if (host.getType() !== 'http') return throwError(() => exception);

    const request = host.switchToHttp().getRequest<HttpRequest>();
    const response = host.switchToHttp().getResponse<HttpResponse>();
    // The request hook gave every request its context; one refused before the hook ran starts here.
    const context = requestContextOf(request) ?? beginRequest(this.logger, request, response);
    const correlationId = context.correlationId;

    let body = problemBodyOf(exception);
    if (!body) {
      this.logger.error(
        {
          message: 'unhandled error',
          error: exception instanceof Error ? exception.name : typeof exception,
          errorMessage: exception instanceof Error ? exception.message : undefined,
          correlationId,
        },
        exception instanceof Error ? exception.stack : undefined,
        'errors',
      );
      body = {
        type: problemType('internal-error'),
        title: 'Internal Server Error',
        status: 500,
        detail: `Something went wrong on our side and it has been logged. Try again; if it keeps happening, contact support quoting correlation id ${correlationId ?? '(none)'}.`,
      };
    }
    const problem = problemFor(body, request, correlationId);

    // A refusal for want of authentication or authorisation is a security event: recorded in
    // the access log before the answer leaves (a record the store refuses is logged; the
    // refusal is sent all the same, since it discloses nothing).
    if ((problem.status === 401 || problem.status === 403) && this.accessLog?.isRecording) {
      const accessLog = this.accessLog;
      const refusal = refusalOf(problem as Problem & { status: 401 | 403 }, request, context, accessLog.settings.service);
      return accessLog.recordRefusal(refusal).then(
        () => this.reply(problem, exception, response),
        () => this.reply(problem, exception, response),
      );
    }
    this.reply(problem, exception, response);
  }

  private reply(problem: Problem, exception: unknown, response: HttpResponse): void {
    // Through the adapter, so the platform sends it as it sends any answer (its hooks, its headers).
    const http = this.adapterHost.httpAdapter;
    if (http.isHeadersSent(response)) return;
    if (problem.status === 401) http.setHeader(response, 'WWW-Authenticate', 'Bearer');
    if (exception instanceof IdempotencyKeyInFlight || exception instanceof TooManyRequests) {
      http.setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
    }
    http.setHeader(response, 'Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    // A string, so neither platform replaces the content type with its JSON one.
    http.reply(response, JSON.stringify(problem), problem.status);
  }
}

// Route parameters are ids in every Continuum route; only plain tokens are recorded all the same.
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function refusalOf(
  problem: Problem & { status: 401 | 403 },
  request: HttpRequest,
  context: RequestContext,
  service: string,
): AccessRefusal {
  const resourceIds: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (typeof value === 'string' && PLAIN_ID.test(value)) resourceIds[name] = value;
  }
  const principal = context.principal;
  const siteRoles = principal ? Object.entries(principal.sites).flatMap(([siteId, roles]) => roles.map((role) => `${role}@${siteId}`)) : [];
  return {
    ...(principal ? { userId: principal.userId, roles: [...principal.roles, ...siteRoles] } : {}),
    service,
    what: { method: request.method ?? '', route: routeTemplateOf(request), resourceIds },
    status: problem.status,
    reason: { code: problem.type.split(':').pop() ?? problem.type, detail: problem.detail },
    refusedAt: new Date().toISOString(),
    correlationId: context.correlationId,
  };
}

/** Domain validators name a field (`items[4]`) or, for a Part 2 consent, an element (`signature-date`). */
function fieldProblemOf(problem: { field?: string; element?: string; message?: string }): FieldProblem {
  return { field: problem.field ?? problem.element ?? '', problem: problem.message ?? '' };
}
