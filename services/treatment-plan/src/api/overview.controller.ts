import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles } from '@continuum/platform';
import { NetworkOverviewQuery } from '../application/network-overview.js';
import { SiteCapacities } from '../application/site-capacities.js';
import { OverviewQueryDto, SiteCapacityDto, SiteParamsDto } from './dto/list-query.dto.js';
import { NETWORK_OVERVIEW, SITE_CAPACITY_RECORDED } from './responses.js';
import { NETWORK_OVERVIEW_READERS, SITE_CAPACITY_RECORDERS } from './roles.js';

// The network overview: counts over every site (or one), naming no client, so it records no
// read in the access log; a caller without the role is refused (403) and the refusal recorded.
@ApiTags('lists')
@ApiBearerAuth()
@Controller()
export class OverviewController {
  constructor(
    private readonly overview: NetworkOverviewQuery,
    private readonly capacities: SiteCapacities,
  ) {}

  @Get('network-overview')
  @Roles(...NETWORK_OVERVIEW_READERS)
  @ApiOperation({
    summary:
      'Clients in open episodes by site and level against the recorded capacity (null where none), admissions and discharges per ISO week, median length of stay by level',
  })
  @ApiOkResponse({ description: 'The network overview for the period', schema: NETWORK_OVERVIEW })
  networkOverview(@Query() query: OverviewQueryDto, @Actor() actor: Actor) {
    return this.overview.overview(actor, query);
  }

  @Put('sites/:siteId/capacity')
  @Roles(...SITE_CAPACITY_RECORDERS)
  @ApiOperation({
    summary:
      "Record a site's places per level of care, stated whole (a level left out has none); the network overview sets its census against them",
  })
  @ApiOkResponse({ description: "The site's capacity as it now stands", schema: SITE_CAPACITY_RECORDED })
  recordCapacity(@Param() { siteId }: SiteParamsDto, @Body() body: SiteCapacityDto, @RequestCause() cause: RequestCause) {
    return this.capacities.record(siteId, body.levels, cause);
  }
}
