import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@continuum/platform';
import { NetworkOverviewQuery } from '../application/network-overview.js';
import { OverviewQueryDto } from './dto/list-query.dto.js';
import { NETWORK_OVERVIEW } from './responses.js';
import { NETWORK_OVERVIEW_READERS } from './roles.js';

// The network overview: counts over every site (or one), naming no client, so it records no
// read in the access log; a caller without the role is refused (403) and the refusal recorded.
@ApiTags('lists')
@ApiBearerAuth()
@Controller()
export class OverviewController {
  constructor(private readonly overview: NetworkOverviewQuery) {}

  @Get('network-overview')
  @Roles(...NETWORK_OVERVIEW_READERS)
  @ApiOperation({
    summary:
      'Clients in open episodes by site and level, admissions and discharges per ISO week, median length of stay by level; capacity is null (no site capacity is recorded)',
  })
  @ApiOkResponse({ description: 'The network overview for the period', schema: NETWORK_OVERVIEW })
  networkOverview(@Query() query: OverviewQueryDto, @Actor() actor: Actor) {
    return this.overview.overview(actor, query);
  }
}
