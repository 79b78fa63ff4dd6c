// /api/v1/services/<service>/<path>: the page's way to a service's API, signed in and, for a
// write, with the session's CSRF token. Only the five services are reachable, and only below
// their /api/v1: the console is not an open proxy.
import { All, Body, Controller, Headers, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { NotFound } from '../console.errors.js';
import { UPSTREAM_SERVICES, type UpstreamService } from '../console.config.js';
import { CurrentSession, SessionGuard } from '../session/session.guard.js';
import { type Session } from '../session/sessions.js';
import { ServiceProxy, type UpstreamAnswer } from './service-proxy.js';

const PREFIX = '/api/v1/services/';
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const isService = (name: string): name is UpstreamService => (UPSTREAM_SERVICES as readonly string[]).includes(name);

function send(reply: FastifyReply, answer: UpstreamAnswer) {
  reply.status(answer.status).header('Content-Type', answer.contentType);
  if (answer.retryAfter) reply.header('Retry-After', answer.retryAfter);
  return reply.send(answer.body);
}

/** The service and its API path (query string kept) that a console URL names; refuses anything else. */
export function upstreamTarget(url: string): { service: UpstreamService; apiPath: string } {
  if (!url.startsWith(PREFIX)) throw new NotFound();
  const rest = url.slice(PREFIX.length);
  const [pathPart = '', query] = rest.split(/\?(.*)/s, 2);
  const [service = '', ...segments] = pathPart.split('/');
  if (!isService(service) || segments.length === 0 || segments.some((segment) => !SEGMENT.test(segment) || /^\.+$/.test(segment)))
    throw new NotFound();
  return { service, apiPath: segments.join('/') + (query ? `?${query}` : '') };
}

@Controller('api/v1')
@UseGuards(SessionGuard)
export class ServiceProxyController {
  constructor(private readonly proxy: ServiceProxy) {}

  @All('services/*')
  async forward(
    @CurrentSession() session: Session,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    const { service, apiPath } = upstreamTarget(request.url);
    const answer = await this.proxy.call(session, service, request.method, apiPath, { body, idempotencyKey });
    return send(reply, answer);
  }
}
