import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles, ReadsClientRecord, ReadsClientList } from '@continuum/platform';
import { ClientLists } from '../application/client-lists.js';
import { ClientListQueryDto } from './dto/client-list-query.dto.js';
import { ACTIVE_CONSENTS, CLIENT_LIST } from './responses.js';
import { READERS } from './roles.js';

@ApiTags('clients')
@ApiBearerAuth()
@Controller()
export class ClientListsController {
  constructor(private readonly lists: ClientLists) {}

  @Get('sites/:siteId/clients')
  @ReadsClientList('site-clients')
  @Roles(...READERS)
  @ApiOperation({ summary: "One site's clients, newest registration first, filtered by status, levels and flags; paged with nextCursor" })
  @ApiOkResponse({ description: 'One page of clients', schema: CLIENT_LIST })
  atSite(@Param('siteId') siteId: string, @Query() query: ClientListQueryDto, @Actor() actor: Actor) {
    return this.lists.atSite(siteId, query, actor);
  }

  @Get('clients')
  @ReadsClientList('clients-across-sites')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The clients of every site where you hold a role (every site for an auditor), with the same filters and paging',
  })
  @ApiOkResponse({ description: 'One page of clients', schema: CLIENT_LIST })
  acrossSites(@Query() query: ClientListQueryDto, @Actor() actor: Actor) {
    return this.lists.acrossSites(query, actor);
  }

  @Get('clients/:clientId/consents/active')
  @ReadsClientRecord('active-consents')
  @Roles(...READERS)
  @ApiOperation({
    summary: "The client's Part 2 consents in force today (recipients, purposes, expiry; no names), for consent checks before a disclosure",
  })
  @ApiOkResponse({ description: 'The consents in force', schema: ACTIVE_CONSENTS })
  activeConsents(@Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string, @Actor() actor: Actor) {
    return this.lists.activeConsents(clientId, actor);
  }
}
