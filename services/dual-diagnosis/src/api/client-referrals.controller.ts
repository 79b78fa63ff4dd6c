import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ReadsClientRecord, Roles } from '@continuum/platform';
import { ReferralQueries } from '../application/referral-queries.js';
import { REFERRALS_OF_CLIENT } from './responses.js';
import { READERS } from './roles.js';

// A client's referrals, for the chart. A GET with a clientId: each read is in the access log
// (docs/domain/compliance.md#the-access-log).
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('clients/:clientId')
export class ClientReferralsController {
  constructor(private readonly queries: ReferralQueries) {}

  @Get('referrals')
  @ReadsClientRecord('referrals')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "A client's referrals at your sites, newest first, each with its disclosure records; clinical detail, read under the rule of one referral",
  })
  @ApiOkResponse({ description: "The client's referrals and their disclosures", schema: REFERRALS_OF_CLIENT })
  ofClient(@Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string, @Actor() actor: Actor) {
    return this.queries.ofClient(clientId, actor);
  }
}
