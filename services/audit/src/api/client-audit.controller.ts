import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles, ReadsClientRecord } from '#continuum/platform';
import { ClientAudit } from '../application/client-audit.js';
import { AsOfQueryDto, HistoryQueryDto } from './dto/audit-queries.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('client audit')
@ApiBearerAuth()
@Controller('clients')
@Roles('auditor', 'site-admin')
export class ClientAuditController {
  constructor(private readonly audit: ClientAudit) {}

  @Get(':clientId/history')
  @ReadsClientRecord('audit-history')
  @ApiOperation({ summary: "Every event about the client across all services, in the store's global order, with actor, site, reason and evidence" })
  history(@Param('clientId', uuid) clientId: string, @Query() query: HistoryQueryDto, @Actor() actor: Actor) {
    const filter = {
      ...(query.service ? { services: query.service } : {}),
      ...(query.type ? { types: query.type } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    };
    return this.audit.history(clientId, filter, actor);
  }

  @Get(':clientId/as-of')
  @ReadsClientRecord('audit-as-of')
  @ApiOperation({ summary: 'Level of care, episode, plan and referrals as they stood at an instant, folded from the events recorded by then; names the last event used' })
  asOf(@Param('clientId', uuid) clientId: string, @Query() query: AsOfQueryDto, @Actor() actor: Actor) {
    return this.audit.asOf(clientId, query.at, actor);
  }

  @Get(':clientId/timeline')
  @ReadsClientRecord('level-timeline')
  @ApiOperation({ summary: 'Level-of-care segments of each episode (level, site, from, to, why it began and ended) with the authorised-vs-clinical variance' })
  timeline(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.audit.timeline(clientId, actor);
  }
}
