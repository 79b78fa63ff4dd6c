// GET /metrics for the Prometheus scraper, outside /api/v1 like the health probes. The figures
// hold no personal data, but they tell how busy each site's clinical routes are: only the
// scraper holding METRICS_TOKEN reads them, and without a token configured nobody does
// (docs/architecture/observability.md#who-may-read-metrics).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { type HttpResponse } from '../context/http-message.js';
import { ServiceMetrics } from './service-metrics.js';

export const METRICS_ROUTES = ['metrics'];

/** METRICS_TOKEN, provided by the platform module; undefined when unset. */
export const METRICS_SETTINGS = Symbol.for('continuum.MetricsSettings');
export type MetricsSettings = { token: string | undefined };

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `authorization` is `Bearer <token>`, compared in constant time. */
export function holdsMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(METRICS_SETTINGS) private readonly settings: MetricsSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: HttpResponse): Promise<void> {
    const { token } = this.settings;
    if (token === undefined) throw new NotFoundException('/metrics is not served: set METRICS_TOKEN to let a scraper read it');
    if (!holdsMetricsToken(authorization, token)) throw new UnauthorizedException('send Authorization: Bearer <METRICS_TOKEN>');
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Content-Type', this.metrics.contentType);
    adapter.reply(response, await this.metrics.scrape(), 200);
  }
}
