// Every error leaves the service as application/problem+json (RFC 9457), whatever threw it.
// Domain and store errors map to the status a client can act on; anything unexpected is a
// 500 whose detail reveals nothing of our internals — the stack goes to the log, tied to
// the response by the correlation id.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { RuleBroken } from '@continuum/decider';
import { WrongExpectedRevision } from '@continuum/event-store';
import { throwError } from 'rxjs';
import { type HttpRequest, type HttpResponse } from '../context/http-message.js';
import { requestContextOf } from '../context/request-context.js';
import { JsonLogger } from '../logging/json-logger.js';
import { PROBLEM_CONTENT_TYPE, type Problem, problemType, statusTitle } from './problem.js';
import { AccessDenied, AuthenticationRequired, type FieldProblem, IdempotencyKeyInFlight, IdempotencyKeyReused, ValidationFailed } from './problem-exceptions.js';

type ProblemBody = { type: string; title: string; status: number; detail: string; [extension: string]: unknown };

/** body-parser's errors (malformed JSON, too large) carry their status and a `type`. */
type BodyParserError = Error & { status: number; type: string; expose?: boolean };

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as BodyParserError).status === 'number' && typeof (error as BodyParserError).type === 'string';
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
    return { type: problemType('validation-failed'), title: 'The request is not valid', status: 400, detail: exception.message, errors: exception.errors };
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
  if (exception instanceof IdempotencyKeyReused) {
    return { type: problemType('idempotency-key-reused'), title: 'The Idempotency-Key belongs to another request', status: 422, detail: exception.detail };
  }
  if (exception instanceof IdempotencyKeyInFlight) {
    return { type: problemType('idempotency-key-in-flight'), title: 'A request with this Idempotency-Key is in progress', status: 409, detail: exception.detail };
  }
  // Nest wraps body-parser's errors; its message would quote the malformed body back.
  if (exception instanceof HttpException && isBodyParserError(exception.cause)) return problemBodyOf(exception.cause);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { type: 'about:blank', title: statusTitle(status), status, detail: httpExceptionDetail(exception) };
  }
  if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
    return exception.type === 'entity.parse.failed'
      ? { type: problemType('malformed-json'), title: 'The request body is not valid JSON', status: 400, detail: 'The body could not be parsed as JSON; check its quotes, commas and brackets, and send it with Content-Type: application/json.' }
      : { type: 'about:blank', title: statusTitle(exception.status), status: exception.status, detail: exception.expose ? exception.message : statusTitle(exception.status) };
  }
  return undefined;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // A message handler's errors belong to the transport's retry and dead-letter policy.
    if (host.getType() !== 'http') return throwError(() => exception);

    const request = host.switchToHttp().getRequest<HttpRequest>();
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const context = requestContextOf(request);
    const correlationId = context?.correlationId;

    let body = problemBodyOf(exception);
    if (!body) {
      this.logger.error(
        { message: 'unhandled error', error: exception instanceof Error ? exception.name : typeof exception, errorMessage: exception instanceof Error ? exception.message : undefined, correlationId },
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
    const problem: Problem = { ...body, instance: (request.originalUrl ?? request.url ?? '').split('?')[0] as string, correlationId };

    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof IdempotencyKeyInFlight) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.statusCode = problem.status;
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.end(JSON.stringify(problem));
  }
}

/** Domain validators name a field (`items[4]`) or, for a Part 2 consent, an element (`signature-date`). */
function fieldProblemOf(problem: { field?: string; element?: string; message?: string }): FieldProblem {
  return { field: problem.field ?? problem.element ?? '', problem: problem.message ?? '' };
}
