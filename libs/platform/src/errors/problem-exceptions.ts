// The HTTP errors the platform raises itself; the problem filter renders each with its own
// problem type, so a client can tell "sign in again" from "ask for access".
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';

/** 401: no token, or one we cannot trust. */
export class AuthenticationRequired extends UnauthorizedException {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** 403: the caller is known, but this route or this site is not theirs. */
export class AccessDenied extends ForbiddenException {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** One field and what is wrong with it. The rejected value is never echoed: it may be personal data. */
export type FieldProblem = { field: string; problem: string };

/** 400: the request body, query or parameters do not match the documented shape. */
export class ValidationFailed extends BadRequestException {
  constructor(readonly errors: readonly FieldProblem[]) {
    super(
      `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}; correct ${errors.length === 1 ? 'it' : 'them'} and send it again.`,
    );
  }
}

/**
 * 422: the Idempotency-Key was first sent with a different request. The problem names nothing
 * of that request (its path, site, client or caller): the key may be someone else's.
 */
export class IdempotencyKeyReused extends UnprocessableEntityException {
  readonly detail =
    'This Idempotency-Key was already used for a different request. Send this request with a new key; reuse a key only to retry the very same request.';
  constructor() {
    super('Idempotency-Key reused for a different request');
  }
}

/** 409: the request first sent with this Idempotency-Key is still being handled. */
export class IdempotencyKeyInFlight extends ConflictException {
  readonly detail =
    'A request with this Idempotency-Key is still being handled. Wait for its answer, or send this same request again in a moment.';
  constructor(readonly retryAfterSeconds: number) {
    super('Idempotency-Key in flight');
  }
}

/** 429: a rate limit was reached (docs/architecture/security.md#rate-limits); try again after `retryAfterSeconds`. */
export class TooManyRequests extends HttpException {
  readonly detail: string;
  constructor(
    readonly limit: 'address' | 'principal' | 'auth-failure' | string,
    readonly retryAfterSeconds: number,
  ) {
    super('Too many requests', HttpStatus.TOO_MANY_REQUESTS);
    this.detail =
      limit === 'auth-failure'
        ? `Too many requests with a missing or refused token came from your address; try again in ${retryAfterSeconds} s with a valid token.`
        : `Too many requests ${limit === 'principal' ? 'under your account' : 'from your address'}; try again in ${retryAfterSeconds} s.`;
  }
}
