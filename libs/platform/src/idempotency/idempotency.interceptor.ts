// Holds every unsafe request that carries an Idempotency-Key to the request the key was first
// sent with, before the route's handler runs (an interceptor runs after the access guard, so
// the caller is known): a different request with the key is a 422, the same one while the
// first is still handled a 409, the same one afterwards goes through (the service answers it
// from the events the first one appended). Only a request the handler accepted binds its key.
// A POST that changes no record (@ChangesNoRecord: the audit's verification run) has nothing a
// key could keep from being written twice: its key is accepted and not held.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, catchError, concatMap, from, mergeMap, throwError } from 'rxjs';
import { CHANGES_NO_RECORD_KEY } from '../auth/access.decorators.js';
import { type HttpRequest, requestPath } from '../context/http-message.js';
import { requestContextOf } from '../context/request-context.js';
import { IdempotencyKeyInFlight, IdempotencyKeyReused } from '../errors/problem-exceptions.js';
import { problemBodyOf } from '../errors/problem-details.filter.js';
import { JsonLogger } from '../logging/json-logger.js';
import { routeTemplateOf } from '../logging/request-log.middleware.js';
import { type ClaimedKey, IdempotencyKeys } from './idempotency-keys.js';
import { requestFingerprint } from './request-fingerprint.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly logger: JsonLogger,
    private readonly reflector: Reflector,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const request = execution.switchToHttp().getRequest<HttpRequest>();
    const method = (request.method ?? 'GET').toUpperCase();
    const context = requestContextOf(request);
    // A malformed key never reached the context (PLAIN_ID): the request goes on without one, as before.
    const key = context?.idempotencyKey;
    if (!UNSAFE.has(method) || key === undefined) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(CHANGES_NO_RECORD_KEY, [execution.getHandler(), execution.getClass()]))
      return next.handle();

    const fingerprint = requestFingerprint({
      method,
      path: requestPath(request),
      query: request.query,
      principal: context?.actor?.userId,
      body: request.body,
    });
    return from(this.keys.claim(key, fingerprint)).pipe(
      mergeMap((claim) => {
        switch (claim.outcome) {
          case 'reused':
            throw new IdempotencyKeyReused();
          case 'in-flight':
            throw new IdempotencyKeyInFlight(claim.retryAfterSeconds);
          case 'completed':
            return next.handle();
          case 'claimed':
            return this.holding(claim, request, next);
        }
      }),
    );
  }

  /** Runs the handler holding the key: bound before the answer leaves, released if the handler refused. */
  private holding(claim: ClaimedKey, request: HttpRequest, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      concatMap(async (answer) => {
        await this.settle(claim, 'bind', request);
        return answer;
      }),
      // Only a refusal (4xx) proves nothing was written; after a 5xx the write may have landed
      // (a read-back failed, a store timed out after committing), so the marker stays and
      // only a retry of this same request may take the key once it expires.
      catchError((error: unknown) =>
        isRefusal(error)
          ? from(this.settle(claim, 'release', request)).pipe(mergeMap(() => throwError(() => error)))
          : throwError(() => error),
      ),
    );
  }

  // The write is done (or refused) whatever happens to the key's record: a failure here is
  // logged and the answer goes out. The marker then expires and frees the key.
  private async settle(claim: ClaimedKey, how: 'bind' | 'release', request: HttpRequest): Promise<void> {
    try {
      if (!(await claim[how]())) {
        this.logger.warn(
          {
            message: `idempotency key not ${how === 'bind' ? 'bound' : 'released'}: its in-flight marker expired and another request claimed it`,
            route: routeTemplateOf(request),
          },
          'idempotency',
        );
      }
    } catch (error) {
      this.logger.error(
        { message: `could not ${how} an idempotency key`, route: routeTemplateOf(request), error: (error as Error)?.message },
        undefined,
        'idempotency',
      );
    }
  }
}

/** A 4xx answer: the request was refused before anything was written. */
function isRefusal(error: unknown): boolean {
  const status = problemBodyOf(error)?.status;
  return status !== undefined && status >= 400 && status < 500;
}
