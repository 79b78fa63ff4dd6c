import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles, ReadsClientList, ReadsClientRecord } from '@continuum/platform';
import { PlanLists } from '../application/plan-lists.js';
import { CaseloadQueryDto, ListPageQueryDto, PageQueryDto, SiteQueryDto, UnderDosedQueryDto } from './dto/list-query.dto.js';
import {
  CASELOAD,
  CENSUS,
  EPISODES_OF_CLIENT,
  EXPIRING_AUTHORIZATIONS,
  OVERDUE_REVIEWS,
  READY_FOR_DISCHARGE,
  REVIEWS_NEEDED,
  UNDER_DOSED_WEEKS,
} from './responses.js';
import { READERS } from './roles.js';

// The lists of the treatment-plan service, from its projections. Each shows only the sites
// where the caller holds a role the route admits, or the one of them `siteId` names; an
// auditor sees every site (and is logged). Lists of rows are paged with `limit` and `after`.
@ApiTags('lists')
@ApiBearerAuth()
@Controller()
export class ListsController {
  constructor(private readonly lists: PlanLists) {}

  @Get('caseload')
  @ReadsClientList('caseload')
  @Roles(...READERS)
  @ApiOperation({ summary: "A clinician's open plans (yours by default), oldest start first; paged with nextCursor" })
  @ApiOkResponse({ description: "One page of the clinician's open plans", schema: CASELOAD })
  caseload(@Query() query: CaseloadQueryDto, @Actor() actor: Actor) {
    return this.lists.caseload(actor, query);
  }

  @Get('clients/:clientId/episodes')
  @ReadsClientRecord('care-episodes')
  @Roles(...READERS)
  @ApiOperation({
    summary: "A client's care episodes at your sites (id, status, level, site, dates), newest first; paged with nextCursor",
  })
  @ApiOkResponse({ description: "One page of the client's episodes", schema: EPISODES_OF_CLIENT })
  episodesOf(
    @Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string,
    @Query() query: PageQueryDto,
    @Actor() actor: Actor,
  ) {
    return this.lists.episodesOf(actor, clientId, query);
  }

  @Get('census')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Clients in open episodes per site and level of care (counts, whole)' })
  @ApiOkResponse({ description: 'Clients per site and level of care', schema: CENSUS })
  census(@Query() query: SiteQueryDto, @Actor() actor: Actor) {
    return this.lists.census(actor, query.siteId);
  }

  @Get('reviews/overdue')
  @ReadsClientList('overdue-reviews')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Open plans whose review fell due before today, longest overdue first; paged with nextCursor' })
  @ApiOkResponse({ description: 'One page of plans overdue for review', schema: OVERDUE_REVIEWS })
  overdueReviews(@Query() query: ListPageQueryDto, @Actor() actor: Actor) {
    return this.lists.overdueReviews(actor, query);
  }

  @Get('reviews/needed')
  @ReadsClientList('reviews-needed')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Open plans on which a worsened screening recommends a review (and a step-up to consider), oldest first; paged with nextCursor',
  })
  @ApiOkResponse({ description: 'One page of plans a worsened screening asks to review', schema: REVIEWS_NEEDED })
  reviewsNeeded(@Query() query: ListPageQueryDto, @Actor() actor: Actor) {
    return this.lists.reviewsNeeded(actor, query);
  }

  @Get('weeks/under-dosed')
  @ReadsClientList('under-dosed-weeks')
  @Roles(...READERS)
  @ApiOperation({ summary: "Weeks whose attended hours fell short of the level's minimum, newest first; paged with nextCursor" })
  @ApiOkResponse({ description: 'One page of under-dosed weeks', schema: UNDER_DOSED_WEEKS })
  underDosedWeeks(@Query() query: UnderDosedQueryDto, @Actor() actor: Actor) {
    return this.lists.underDosedWeeks(actor, query);
  }

  @Get('discharge-ready')
  @ReadsClientList('ready-for-discharge')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Clients who meet the discharge criteria today (sober days, every goal closed); paged with nextCursor' })
  @ApiOkResponse({ description: 'One page of clients ready for discharge', schema: READY_FOR_DISCHARGE })
  readyForDischarge(@Query() query: ListPageQueryDto, @Actor() actor: Actor) {
    return this.lists.readyForDischarge(actor, query);
  }

  @Get('authorizations/expiring')
  @ReadsClientList('expiring-authorizations')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Payer authorisations of open episodes that end within the reminder window, soonest first; paged with nextCursor',
  })
  @ApiOkResponse({ description: 'One page of expiring authorisations', schema: EXPIRING_AUTHORIZATIONS })
  expiringAuthorizations(@Query() query: ListPageQueryDto, @Actor() actor: Actor) {
    return this.lists.expiringAuthorizations(actor, query);
  }
}
