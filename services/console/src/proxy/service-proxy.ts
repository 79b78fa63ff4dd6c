// How the console calls a service for the signed-in user: the service's own API path, the
// session's bearer token (which never reaches the browser), the Idempotency-Key the page sent,
// JSON in and out. The service's answer, problems included, goes back as it came: the page
// shows the problem's title and detail beside the fields it names.
import { Inject, Injectable } from '@nestjs/common';
import { currentRequestContext, traceparentOf } from '@continuum/platform';
import { CONSOLE_CONFIG } from '../console.tokens.js';
import { type ConsoleConfig, type UpstreamService, upstreamUrlOf } from '../console.config.js';
import { type Session, Sessions } from '../session/sessions.js';

export type UpstreamAnswer = { status: number; contentType: string; body: string; retryAfter?: string };

/** A service that takes this long has failed for the page; the user can try again. */
const UPSTREAM_TIMEOUT_MS = 15_000;

@Injectable()
export class ServiceProxy {
  constructor(
    private readonly sessions: Sessions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** `apiPath` is the service's path below /api/v1, query string included, e.g. `clients/123`. */
  async call(
    session: Session,
    service: UpstreamService,
    method: string,
    apiPath: string,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<UpstreamAnswer> {
    const base = upstreamUrlOf(this.config, service);
    const target = new URL(`/api/v1/${apiPath}`, base);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await this.sessions.bearerFor(session)}`,
      Accept: 'application/json, application/problem+json',
    };
    const correlationId = currentRequestContext()?.correlationId;
    if (correlationId) headers['X-Correlation-Id'] = correlationId;
    // The service's request span is the child of the console's (docs/architecture/observability.md#traces).
    const traceparent = traceparentOf();
    if (traceparent) headers.traceparent = traceparent;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const hasBody = method !== 'GET' && method !== 'HEAD';
    if (hasBody) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers,
        body: hasBody ? JSON.stringify(options.body ?? {}) : undefined,
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      return unavailable(service);
    }
    const answer: UpstreamAnswer = {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      body: await response.text(),
    };
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter) answer.retryAfter = retryAfter;
    return answer;
  }
}

function unavailable(service: UpstreamService): UpstreamAnswer {
  return {
    status: 502,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: `The ${service} service did not answer; try again shortly.`,
    }),
  };
}
