// The pages: index.html for every path that is not an API or an asset (the application routes
// in the browser), and the built assets. Every page carries the strict Content-Security-Policy
// the bootstrap sets: scripts, styles, images and connections from this origin only.
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { NotFound } from '../console.errors.js';
import { sessionIdOf } from '../session/session-cookie.js';
import { Sessions } from '../session/sessions.js';
import { WebApp, type WebFile } from './web-app.js';

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  reply.header('Content-Type', file.contentType).header('Vary', 'Accept-Encoding');
  reply.header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-store');
  if (gzip) reply.header('Content-Encoding', 'gzip');
  return reply.send(gzip ? file.gzipped : file.body);
}

@Controller()
export class WebAppController {
  constructor(
    private readonly webApp: WebApp,
    private readonly sessions: Sessions,
  ) {}

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const file = this.webApp.file(`assets/${name}`);
    if (!file) throw new NotFound();
    return send(request, reply, file);
  }

  @Get('*')
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (request.url.startsWith('/api/') || request.url.startsWith('/health/')) throw new NotFound();
    // The signed-in user's roles choose what the queues page preloads (the first queue they have);
    // no session, no such reads. Looked up only by a page that asks (PagePreloads.linksFor).
    const index = this.webApp.page(request.url, () => this.sessions.find(sessionIdOf(request))?.user);
    if (!index) throw new NotFound('The console’s pages are not built; run npm run build.');
    return send(request, reply, index);
  }
}
