import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor, Roles } from '#continuum/platform';
import { PlanLists } from '../application/plan-lists.js';
import { IsCalendarDate } from './dto/level-of-care.dto.js';
import { READERS } from './roles.js';

class CaseloadQueryDto {
  @ApiPropertyOptional({ description: 'Whose caseload; yours by default' }) @IsOptional() @IsString() @MaxLength(128) clinicianId?: string;
}

class CensusQueryDto {
  @ApiPropertyOptional({ example: 'site-north' }) @IsOptional() @IsString() @MaxLength(100) siteId?: string;
}

class UnderDosedQueryDto {
  @ApiPropertyOptional({ description: 'Weeks starting on or after this Monday' }) @IsOptional() @IsCalendarDate('since') since?: string;
}

// The lists of the treatment-plan service, from its projections. Each shows only the sites
// where the caller holds a role the route admits; an auditor sees every site (and is logged).
@ApiTags('lists')
@ApiBearerAuth()
@Controller()
export class ListsController {
  constructor(private readonly lists: PlanLists) {}

  @Get('caseload')
  @Roles(...READERS)
  @ApiOperation({ summary: "A clinician's open plans (yours by default)" })
  caseload(@Query() query: CaseloadQueryDto, @Actor() actor: Actor) {
    return this.lists.caseload(actor, query.clinicianId);
  }

  @Get('census')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Clients in open episodes per site and level of care' })
  census(@Query() query: CensusQueryDto, @Actor() actor: Actor) {
    return this.lists.census(actor, query.siteId);
  }

  @Get('reviews/overdue')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Open plans whose review fell due before today' })
  overdueReviews(@Actor() actor: Actor) {
    return this.lists.overdueReviews(actor);
  }

  @Get('weeks/under-dosed')
  @Roles(...READERS)
  @ApiOperation({ summary: "Weeks whose attended hours fell short of the level's minimum, newest first" })
  underDosedWeeks(@Query() query: UnderDosedQueryDto, @Actor() actor: Actor) {
    return this.lists.underDosedWeeks(actor, query.since);
  }

  @Get('discharge-ready')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Clients who meet the discharge criteria today (sober days, every goal closed)' })
  readyForDischarge(@Actor() actor: Actor) {
    return this.lists.readyForDischarge(actor);
  }

  @Get('authorizations/expiring')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Payer authorisations of open episodes that end within the reminder window' })
  expiringAuthorizations(@Actor() actor: Actor) {
    return this.lists.expiringAuthorizations(actor);
  }
}
