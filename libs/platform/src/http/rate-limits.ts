// Rate limits (docs/architecture/security.md#rate-limits): per client address on every
// request that needs a token, per principal once the token is verified, and — much stricter —
// per address on authentication failures, which a caller guessing or replaying tokens
// produces. Past a limit the answer is a 429 problem with Retry-After. A valid token still
// passes an address blocked for failures: colleagues behind one address are not locked out by
// someone else's bad tokens, while guessing stays blocked.
//
// Counted here, in memory per instance, in fixed windows: @nestjs/throttler (6.x) is CommonJS
// and requires Nest 12's ES-module-only packages, which jest on Node 20 cannot load, and
// @fastify/rate-limit counts in Fastify's hooks, before the principal is known.
import { Inject, Injectable } from '@nestjs/common';
import { type PlatformConfig } from '../config/service-config.js';
import { type HttpRequest } from '../context/http-message.js';
import { TooManyRequests } from '../errors/problem-exceptions.js';

export const RATE_LIMIT_SETTINGS = Symbol.for('continuum.RateLimitSettings');

export type RateLimitSettings = {
  enabled: boolean;
  windowSeconds: number;
  perAddress: number;
  perPrincipal: number;
  authFailuresPerAddress: number;
  /** How long an address that went past its authentication failures is refused further ones. */
  authFailureBlockSeconds: number;
  /** The time windows are counted in; defaults to the system's. */
  now?: () => number;
};

export function rateLimitSettingsFrom(config: PlatformConfig): RateLimitSettings {
  return {
    enabled: config.RATE_LIMIT_ENABLED,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    perPrincipal: config.RATE_LIMIT_PER_PRINCIPAL,
    authFailuresPerAddress: config.RATE_LIMIT_AUTH_FAILURES,
    authFailureBlockSeconds: config.RATE_LIMIT_AUTH_FAILURE_BLOCK_SECONDS,
  };
}

/** The address a request came from (the socket's peer; a proxy in front must be configured to pass it on). */
export function clientAddressOf(request: HttpRequest): string {
  const withIp = request as HttpRequest & { ip?: string; socket?: { remoteAddress?: string } };
  return withIp.ip ?? withIp.socket?.remoteAddress ?? 'unknown';
}

type Counter = { hits: number; resetsAt: number };

/** Beyond this many keys, counters whose window has ended are dropped. */
const SWEEP_ABOVE = 10_000;

@Injectable()
export class RateLimits {
  private readonly counters = new Map<string, Counter>();
  private readonly now: () => number;

  constructor(@Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings) {
    this.now = settings.now ?? Date.now;
  }

  /** Counts a request from this address; throws 429 past the limit. */
  countRequest(request: HttpRequest): void {
    this.count(`address:${clientAddressOf(request)}`, this.settings.perAddress, this.settings.windowSeconds, 'address');
  }

  /** Counts a request by this verified principal; throws 429 past the limit. */
  countPrincipal(userId: string): void {
    this.count(`principal:${userId}`, this.settings.perPrincipal, this.settings.windowSeconds, 'principal');
  }

  /** Counts a refused token from this address; throws 429 (instead of the 401) past the limit, for the block time. */
  countAuthenticationFailure(request: HttpRequest): void {
    this.count(
      `auth-failure:${clientAddressOf(request)}`,
      this.settings.authFailuresPerAddress,
      this.settings.windowSeconds,
      'auth-failure',
      this.settings.authFailureBlockSeconds,
    );
  }

  private count(key: string, limit: number, windowSeconds: number, name: string, blockSeconds?: number): void {
    if (!this.settings.enabled) return;
    const now = this.now();
    if (this.counters.size > SWEEP_ABOVE) this.sweep(now);
    let counter = this.counters.get(key);
    if (!counter || counter.resetsAt <= now) {
      counter = { hits: 0, resetsAt: now + windowSeconds * 1000 };
      this.counters.set(key, counter);
    }
    counter.hits += 1;
    if (counter.hits <= limit) return;
    // The first request past the limit starts the block, where there is one; the window's end otherwise.
    if (blockSeconds !== undefined && counter.hits === limit + 1) counter.resetsAt = now + blockSeconds * 1000;
    throw new TooManyRequests(name, Math.max(1, Math.ceil((counter.resetsAt - now) / 1000)));
  }

  private sweep(now: number): void {
    for (const [key, counter] of this.counters) if (counter.resetsAt <= now) this.counters.delete(key);
  }
}
