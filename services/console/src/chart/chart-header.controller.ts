// GET /api/v1/chart/<clientId>/header: what the chart's header and timeline need, in one call
// from the page (docs/architecture/console.md#performance). The console asks the services on the
// user's behalf, exactly as the page would through /api/v1/services: intake's client record and
// treatment-plan's episodes at once, then the newest episode (its level, site, safety hold and
// timeline) and its plan at once. Each part is the service's own answer, a refusal included, so the chart shows a
// part the user may not read as before; nothing is added, filtered or kept.
import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type UpstreamService } from '../console.config.js';
import { NotFound } from '../console.errors.js';
import { ServiceProxy, type UpstreamAnswer } from '../proxy/service-proxy.js';
import { CurrentSession, SessionGuard } from '../session/session.guard.js';
import { type Session } from '../session/sessions.js';

/** A client id as the services issue them (a UUID); anything else is not a chart. */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One service's answer: its status and its JSON body (a problem document when refused). */
export type ChartPart = { status: number; body: unknown };

export type ChartHeader = { record: ChartPart; episodes: ChartPart; episode: ChartPart | null; plan: ChartPart | null };

function partOf(answer: UpstreamAnswer): ChartPart {
  try {
    return { status: answer.status, body: JSON.parse(answer.body) as unknown };
  } catch {
    return { status: 502, body: { title: 'Bad Gateway', status: 502, detail: 'The service answered something other than JSON.' } };
  }
}

@Controller('api/v1/chart')
@UseGuards(SessionGuard)
export class ChartHeaderController {
  constructor(private readonly proxy: ServiceProxy) {}

  @Get(':clientId/header')
  async header(
    @CurrentSession() session: Session,
    @Param('clientId') clientId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChartHeader> {
    if (!CLIENT_ID.test(clientId)) throw new NotFound();
    // How long each service took, for the browser's Resource Timing (Server-Timing: names and durations only).
    const timings: string[] = [];
    const timed = async (name: string, service: UpstreamService, apiPath: string) => {
      const started = performance.now();
      const answer = await this.proxy.call(session, service, 'GET', apiPath);
      timings.push(`${name};dur=${(performance.now() - started).toFixed(1)}`);
      return partOf(answer);
    };
    const [record, episodes] = await Promise.all([
      timed('record', 'intake', `clients/${clientId}`),
      timed('episodes', 'treatment-plan', `clients/${clientId}/episodes`),
    ]);
    const newest = episodes.status === 200 ? newestEpisodeId(episodes.body) : undefined;
    const [episode, plan] = newest
      ? await Promise.all([timed('episode', 'treatment-plan', `episodes/${newest}`), timed('plan', 'treatment-plan', `plans/${newest}`)])
      : [null, null];
    reply.header('Server-Timing', timings.join(', '));
    return { record, episodes, episode, plan };
  }
}

function newestEpisodeId(body: unknown): string | undefined {
  const items = (body as { items?: Array<{ episodeId?: unknown }> } | null)?.items;
  const id = Array.isArray(items) ? items[0]?.episodeId : undefined;
  return typeof id === 'string' && /^[A-Za-z0-9._~-]{1,100}$/.test(id) ? id : undefined;
}
