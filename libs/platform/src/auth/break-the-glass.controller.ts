// Break-the-glass over HTTP, for the services that wire it (controllers: [BreakTheGlassController],
// providers: [BreakTheGlass]): a service with no clinical reads has no glass to break, so the
// route is not everywhere. The grant covers this service's clinical reads of the client.
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Actor } from '../context/context.decorators.js';
import { Roles } from './access.decorators.js';
import { REVIEW_OUTCOMES, type ReviewOutcome } from './break-the-glass-review.js';
import {
  BREAK_THE_GLASS_REVIEW_RECORDERS,
  BREAK_THE_GLASS_REVIEWERS,
  BREAK_THE_GLASS_ROLES,
  BreakTheGlass,
  type GrantReviewStatus,
} from './break-the-glass.js';

const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export class BreakTheGlassDto {
  @ApiProperty({ example: 'site-north', description: "The client's site: the grant opens their record there only" })
  @Matches(SITE_ID, { message: 'siteId must be a site id, e.g. "site-north"' })
  siteId!: string;

  @ApiProperty({
    example: 'Covering the on-call shift; client arrived in crisis and the care team is unreachable',
    description: 'Why you need the record now (10 to 500 characters). Your clinical supervisor reviews it.',
    minLength: 10,
    maxLength: 500,
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'reason is required: say why you need this record now' })
  @MinLength(10, { message: 'reason must say why you need this record now, in at least 10 characters' })
  @MaxLength(500)
  reason!: string;
}

const REVIEW_STATUSES: readonly GrantReviewStatus[] = ['to-review', 'reviewed', 'all'];

export class BreakTheGlassQueryDto {
  @ApiProperty({ example: 'site-north' })
  @Matches(SITE_ID, { message: 'siteId must be a site id, e.g. "site-north"' })
  siteId!: string;

  @ApiProperty({
    required: false,
    enum: REVIEW_STATUSES,
    default: 'all',
    description: "'to-review': the supervisors' work queue, grants nobody has reviewed yet",
  })
  @IsOptional()
  @IsIn(REVIEW_STATUSES, { message: `status must be one of ${REVIEW_STATUSES.join(', ')}` })
  status?: GrantReviewStatus;
}

export class GrantReviewDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES, description: 'Whether the access was justified (codes only: no free text)' })
  @IsIn(REVIEW_OUTCOMES, { message: `outcome must be one of ${REVIEW_OUTCOMES.join(', ')}` })
  outcome!: ReviewOutcome;
}

const REVIEW = {
  type: 'object',
  properties: {
    grantId: { type: 'string', format: 'uuid' },
    clientId: { type: 'string' },
    siteId: { type: 'string' },
    outcome: { type: 'string', enum: [...REVIEW_OUTCOMES] },
    reviewedBy: { type: 'string' },
    role: { type: 'string' },
    reviewedAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string' },
  },
};

const GRANT = {
  type: 'object',
  properties: {
    grantId: { type: 'string', format: 'uuid' },
    clientId: { type: 'string' },
    siteId: { type: 'string' },
    userId: { type: 'string' },
    role: { type: 'string' },
    reason: { type: 'string' },
    service: { type: 'string' },
    grantedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string' },
  },
};
const LISTED_GRANT = { ...GRANT, properties: { ...GRANT.properties, review: { ...REVIEW, nullable: true } } };

@ApiTags('break-the-glass')
@ApiBearerAuth()
@Controller()
export class BreakTheGlassController {
  constructor(private readonly breakTheGlass: BreakTheGlass) {}

  @Post('clients/:clientId/break-the-glass')
  @Roles(...BREAK_THE_GLASS_ROLES)
  @ApiOperation({
    summary:
      "Read a client's clinical record although you are not on their care team, for BREAK_THE_GLASS_MINUTES: the reason is recorded in the access log before the grant is answered, and the site's clinical supervisors review it",
  })
  @ApiCreatedResponse({ description: 'The grant, recorded', schema: GRANT })
  grant(
    @Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string,
    @Body() body: BreakTheGlassDto,
    @Actor() actor: Actor,
  ) {
    return this.breakTheGlass.grant(actor, { clientId, siteId: body.siteId, reason: body.reason });
  }

  @Get('break-the-glass')
  @Roles(...BREAK_THE_GLASS_REVIEWERS)
  @ApiOperation({
    summary: "The break-the-glass grants at a site, newest first, with their reviews, for its clinical supervisors' review",
  })
  @ApiOkResponse({
    description: 'The grants, and how many there are',
    schema: {
      type: 'object',
      properties: { siteId: { type: 'string' }, total: { type: 'integer' }, grants: { type: 'array', items: LISTED_GRANT } },
    },
  })
  async grants(@Query() query: BreakTheGlassQueryDto) {
    const grants = await this.breakTheGlass.grantsAt(query.siteId, query.status);
    return { siteId: query.siteId, total: grants.length, grants };
  }

  @Post('break-the-glass/:grantId/review')
  @Roles(...BREAK_THE_GLASS_REVIEW_RECORDERS)
  @ApiOperation({
    summary:
      "Record whether a grant of your site was justified: once per grant, never your own; it leaves the 'to-review' queue (45 CFR 164.308(a)(1)(ii)(D))",
  })
  @ApiCreatedResponse({ description: 'The review, recorded', schema: REVIEW })
  review(
    @Param('grantId', new ParseUUIDPipe({ version: undefined })) grantId: string,
    @Body() body: GrantReviewDto,
    @Actor() actor: Actor,
  ) {
    return this.breakTheGlass.review(actor, grantId, body.outcome);
  }
}
