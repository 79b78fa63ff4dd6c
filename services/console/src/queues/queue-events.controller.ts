// GET /api/v1/queues/events: the work-queue page's server-sent events. One stream per session (a
// new one ends the one before, so a session never holds more than one); each `queues` event
// names a site of the session's and the queues there that may have changed, ids and codes only,
// and the page reads those queues again itself. The supervisors' queue is named only to those
// who review grants at the site. The stream ends with the session.
import { Controller, Get, Inject, type OnModuleDestroy, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { BREAK_THE_GLASS_REVIEWERS, type Principal, admittedRoleAt, isNetworkRole } from '@continuum/platform';
import { ServiceUnavailable } from '../console.errors.js';
import { CurrentSession, SessionGuard } from '../session/session.guard.js';
import { type Session, Sessions } from '../session/sessions.js';
import { BREAK_THE_GLASS_QUEUE, type QueueChange, QueueChanges } from './queue-changes.js';

/** A comment line this often keeps proxies from closing a quiet stream, and finds ended sessions. */
export const HEARTBEAT_MS = 20_000;
/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 3_000;

type Stream = { end: () => void };

@Controller('api/v1/queues')
@UseGuards(SessionGuard)
export class QueueEventsController implements OnModuleDestroy {
  private readonly streams = new Map<string, Stream>();

  constructor(
    @Inject(QueueChanges) private readonly changes: QueueChanges,
    private readonly sessions: Sessions,
  ) {}

  @Get('events')
  async events(@CurrentSession() session: Session, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.changes.start().catch(() => {
      throw new ServiceUnavailable('The console cannot follow the work queues just now; reload the page to see changes.');
    });
    // The page may have gone while the store opened: its 'close' has passed, so no stream would end.
    if (request.raw.destroyed) {
      reply.hijack();
      reply.raw.end();
      return;
    }
    this.streams.get(session.id)?.end();
    const { userId, role, siteRoles } = session.user;
    const sites = new Set([...session.user.sites, ...Object.keys(siteRoles)]);
    const principal: Principal = { userId, roles: isNetworkRole(role) ? [role] : [], sites: siteRoles };
    // A network role (auditor, network-admin) holds every site. The supervisors' queue follows
    // access-log events: only those who review grants there hear of it.
    const toldOf = (change: QueueChange): string[] =>
      sites.size > 0 && !sites.has(change.siteId)
        ? []
        : change.queues.filter(
            (queue) => queue !== BREAK_THE_GLASS_QUEUE || admittedRoleAt(principal, BREAK_THE_GLASS_REVIEWERS, change.siteId) !== undefined,
          );
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
      // A buffering proxy in front would hold the events back.
      'X-Accel-Buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    // A store that stops telling ends the stream: the browser reconnects, and the store is opened again.
    const unlisten = this.changes.listen(
      (change) => {
        const queues = toldOf(change);
        if (queues.length > 0) raw.write(`event: queues\ndata: ${JSON.stringify({ siteId: change.siteId, queues })}\n\n`);
      },
      () => stream.end(),
    );
    const heartbeat = setInterval(() => {
      if (this.sessions.isLive(session.id)) raw.write(': heartbeat\n\n');
      else stream.end();
    }, HEARTBEAT_MS);
    const stream: Stream = {
      end: () => {
        clearInterval(heartbeat);
        unlisten();
        if (this.streams.get(session.id) === stream) this.streams.delete(session.id);
        raw.end();
      },
    };
    this.streams.set(session.id, stream);
    request.raw.on('close', () => stream.end());
  }

  /** Streams open now (at most one per session). */
  get open(): number {
    return this.streams.size;
  }

  onModuleDestroy(): void {
    for (const stream of [...this.streams.values()]) stream.end();
  }
}
