import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ReadsClientList, ReadsClientRecord, Roles } from '@continuum/platform';
import { AftercareLists } from '../application/aftercare-lists.js';
import { AftercareQueries } from '../application/aftercare-queries.js';
import { DueQueryDto, PageQueryDto, SitePageQueryDto, SiteQueryDto } from './dto/list-query.dto.js';
import { BARC10_OF_CLIENT, DUE_CHECK_INS, HELD_SENDS_PAGE, MISSED_CHECK_INS, OUTCOMES, PLANS_OF_CLIENT } from './responses.js';
import { READERS } from './roles.js';

// Aftercare's lists and reports, from its projections. Each shows only the sites where the
// caller holds a role the route admits, or the one of them `siteId` names; an auditor sees
// every site (and is logged). Lists of rows are paged with `limit` and `after`. Each page of a
// list records one access per client it shows, a client's plans one read of that client
// (docs/domain/compliance.md#the-access-log); the outcome counts name no client and record none.
@ApiTags('aftercare lists')
@ApiBearerAuth()
@Controller('aftercare')
export class AftercareListsController {
  constructor(
    private readonly lists: AftercareLists,
    private readonly queries: AftercareQueries,
  ) {}

  @Get('clients/:clientId/plans')
  @Roles(...READERS)
  @ReadsClientRecord('aftercare-plans')
  @ApiOperation({ summary: "A client's aftercare plans (one per discharge), newest first; paged with nextCursor" })
  @ApiOkResponse({ description: "One page of the client's plans", schema: PLANS_OF_CLIENT })
  plansOf(
    @Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string,
    @Query() query: PageQueryDto,
    @Actor() actor: Actor,
  ) {
    return this.lists.plansOf(actor, clientId, query);
  }

  @Get('clients/:clientId/barc-10')
  @Roles(...READERS)
  @ReadsClientRecord('barc-10')
  @ApiOperation({
    summary:
      "A client's BARC-10 totals over time from the aftercare plans whose clinical detail you read (care team, clinical supervisor, auditor, break-the-glass), oldest first",
  })
  @ApiOkResponse({ description: 'The totals, oldest check-in first', schema: BARC10_OF_CLIENT })
  barc10Of(@Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string, @Actor() actor: Actor) {
    return this.queries.barc10Of(clientId, actor);
  }

  @Get('check-ins/due')
  @Roles(...READERS)
  @ReadsClientList('check-ins-due', checkInsPerSite)
  @ApiOperation({
    summary: 'Check-ins due this week (Monday to Sunday), per site; paged with nextCursor (a site may go on on the next page)',
  })
  @ApiOkResponse({ description: 'Check-ins due this week, per site', schema: DUE_CHECK_INS })
  due(@Query() query: DueQueryDto, @Actor() actor: Actor) {
    return this.lists.dueThisWeek(actor, query);
  }

  @Get('check-ins/missed')
  @Roles(...READERS)
  @ReadsClientList('check-ins-missed')
  @ApiOperation({
    summary:
      'Check-ins whose grace days ran out unrecorded: those marked missed (with an outreach task), then those about to be; paged with nextCursor',
  })
  @ApiOkResponse({ description: 'One page of missed check-ins', schema: MISSED_CHECK_INS })
  missed(@Query() query: SitePageQueryDto, @Actor() actor: Actor) {
    return this.lists.missed(actor, query);
  }

  @Get('held-sends')
  @Roles(...READERS)
  @ReadsClientList('held-sends')
  @ApiOperation({
    summary:
      'Sends to step-down providers, recovery residences and peer-support groups waiting for a Part 2 consent of the client, oldest first, with the main reason; paged with nextCursor',
  })
  @ApiOkResponse({ description: 'One page of sends awaiting consent', schema: HELD_SENDS_PAGE })
  heldSends(@Query() query: SitePageQueryDto, @Actor() actor: Actor) {
    return this.lists.heldSends(actor, query);
  }

  @Get('outcomes')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Outcomes 30, 90, 180 and 365 days after discharge, per site and per level of care at discharge (counts, whole)',
  })
  @ApiOkResponse({ description: 'Outcome counts per site and level', schema: OUTCOMES })
  outcomes(@Query() query: SiteQueryDto, @Actor() actor: Actor) {
    return this.lists.outcomes(actor, query.siteId);
  }
}

/** The due list groups its rows per site: each site's check-ins. */
function checkInsPerSite(answer: unknown): readonly unknown[] {
  return (answer as { sites: Array<{ checkIns: unknown[] }> }).sites.flatMap((site) => site.checkIns);
}
