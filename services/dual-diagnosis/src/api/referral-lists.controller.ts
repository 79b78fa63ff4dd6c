import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ReadsClientList, Roles } from '@continuum/platform';
import { ReferralLists } from '../application/referral-lists.js';
import { ReferralListQueryDto } from './dto/referral-list-query.dto.js';
import { PROVIDER_DIRECTORY, REFERRAL_LIST } from './responses.js';
import { READERS } from './roles.js';

// Each referral list shows clients (and their urgency and imminent-risk escalation): every page
// records one access per client it lists (docs/domain/compliance.md#the-access-log). The
// provider directory names no client and records none.
@ApiTags('referral lists')
@ApiBearerAuth()
@Controller('sites/:siteId')
export class ReferralListsController {
  constructor(private readonly lists: ReferralLists) {}

  @Get('referrals')
  @Roles(...READERS)
  @ReadsClientList('open-referrals')
  @ApiOperation({ summary: "The site's open referrals, soonest due first; paged with nextCursor" })
  @ApiOkResponse({ description: 'One page of referrals', schema: REFERRAL_LIST })
  open(@Param('siteId') siteId: string, @Query() query: ReferralListQueryDto, @Actor() actor: Actor) {
    return this.lists.atSite(siteId, 'open', query, actor);
  }

  @Get('referrals/overdue')
  @Roles(...READERS)
  @ReadsClientList('overdue-referrals')
  @ApiOperation({ summary: "The site's referrals past their due date without acceptance or an appointment, with their escalation level" })
  @ApiOkResponse({ description: 'One page of referrals', schema: REFERRAL_LIST })
  overdue(@Param('siteId') siteId: string, @Query() query: ReferralListQueryDto, @Actor() actor: Actor) {
    return this.lists.atSite(siteId, 'overdue', query, actor);
  }

  @Get('referrals/awaiting-consent')
  @Roles(...READERS)
  @ReadsClientList('referrals-awaiting-consent')
  @ApiOperation({ summary: "The site's referrals waiting for a Part 2 consent, each saying which consent is missing" })
  @ApiOkResponse({ description: 'One page of referrals', schema: REFERRAL_LIST })
  awaitingConsent(@Param('siteId') siteId: string, @Query() query: ReferralListQueryDto, @Actor() actor: Actor) {
    return this.lists.atSite(siteId, 'awaiting-consent', query, actor);
  }

  @Get('providers')
  @Roles(...READERS)
  @ApiOperation({ summary: "The site's provider directory with each provider's load (open referrals against capacity)" })
  @ApiOkResponse({ description: "The site's providers and their load", schema: PROVIDER_DIRECTORY })
  providers(@Param('siteId') siteId: string, @Actor() actor: Actor) {
    return this.lists.providersAtSite(siteId, actor);
  }
}
