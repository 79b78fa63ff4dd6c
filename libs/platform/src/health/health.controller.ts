import { Controller, Get, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { type HttpResponse } from '../context/http-message.js';
import { ReadinessRegistry, type ReadinessReport } from './readiness.js';

export const HEALTH_ROUTES = ['health/live', 'health/ready'];

/** Probes for the orchestrator: outside /api/v1 and open without a token. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The process is up and serving HTTP; nothing else is checked, so a slow dependency never gets us restarted. */
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res() response: HttpResponse): Promise<void> {
    // Answered through the adapter: Nest would otherwise send its default 200 over our 503.
    const report: ReadinessReport = await this.readiness.report();
    this.adapterHost.httpAdapter.reply(response, report, report.status === 'up' ? 200 : 503);
  }
}
