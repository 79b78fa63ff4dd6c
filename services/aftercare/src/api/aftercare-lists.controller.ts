import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor, Roles } from '#continuum/platform';
import { AftercareLists } from '../application/aftercare-lists.js';
import { IsCalendarDate } from './dto/common.dto.js';
import { READERS } from './roles.js';

class DueQueryDto {
  @ApiPropertyOptional({ description: 'A day of the week to list; this week by default' }) @IsOptional() @IsCalendarDate('week') week?: string;
}

class OutcomesQueryDto {
  @ApiPropertyOptional({ example: 'site-north' }) @IsOptional() @IsString() @MaxLength(100) siteId?: string;
}

// Aftercare's lists and reports, from its projections. Each shows only the sites where the
// caller holds a role the route admits; an auditor sees every site (and is logged).
@ApiTags('aftercare lists')
@ApiBearerAuth()
@Controller('aftercare')
export class AftercareListsController {
  constructor(private readonly lists: AftercareLists) {}

  @Get('clients/:clientId/plans')
  @Roles(...READERS)
  @ApiOperation({ summary: "A client's aftercare plans (one per discharge), newest first" })
  plansOf(@Param('clientId', new ParseUUIDPipe({ version: undefined })) clientId: string, @Actor() actor: Actor) {
    return this.lists.plansOf(actor, clientId);
  }

  @Get('check-ins/due')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Check-ins due this week (Monday to Sunday), per site' })
  due(@Query() query: DueQueryDto, @Actor() actor: Actor) {
    return this.lists.dueThisWeek(actor, query.week);
  }

  @Get('check-ins/missed')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Check-ins whose grace days ran out unrecorded: marked missed (with an outreach task) or about to be' })
  missed(@Actor() actor: Actor) {
    return this.lists.missed(actor);
  }

  @Get('outcomes')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Outcomes 30, 90, 180 and 365 days after discharge, per site and per level of care at discharge' })
  outcomes(@Query() query: OutcomesQueryDto, @Actor() actor: Actor) {
    return this.lists.outcomes(actor, query.siteId);
  }
}
