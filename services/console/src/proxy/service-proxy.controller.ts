// /api/v1/services/<service>/<path>: the page's way to a service's API, signed in and, for a
// write, with the session's CSRF token. Only the five services are reachable, and only below
// their /api/v1: the console is not an open proxy.
import { All, Body, Controller, Get, Headers, Param, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { deterministicEventId } from '@continuum/event-store';
import { NotFound } from '../console.errors.js';
import { UPSTREAM_SERVICES, type UpstreamService } from '../console.config.js';
import { CurrentSession, SessionGuard } from '../session/session.guard.js';
import { type Session } from '../session/sessions.js';
import { ServiceProxy, type UpstreamAnswer } from './service-proxy.js';

const PREFIX = '/api/v1/services/';
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

  /**
   * A client's care episodes, newest last. Stopgap until treatment-plan answers this itself:
   * intake's record names each admission, and treatment-plan opens the episode whose id it
   * derives from the admission id (services/treatment-plan/src/application/ids.ts).
   */
  @Get('clients/:clientId/episodes')
  async episodes(@CurrentSession() session: Session, @Param('clientId') clientId: string, @Res() reply: FastifyReply) {
    if (!UUID.test(clientId)) throw new NotFound();
    const record = await this.proxy.read<{ admissions: { admissionId: string; startDate: string; siteId: string }[] }>(
      session,
      'intake',
      `clients/${clientId}`,
    );
    if (!record.value) return send(reply, record.answer);
    const episodes = record.value.admissions.map((admission) => ({
      admissionId: admission.admissionId,
      episodeId: deterministicEventId(admission.admissionId, 'id:care-episode', 0),
      startDate: admission.startDate,
      siteId: admission.siteId,
    }));
    return reply.status(200).send({ clientId, episodes });
  }

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
