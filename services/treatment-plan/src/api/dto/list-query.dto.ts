import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from './level-of-care.dto.js';

/** One site of the caller's: a site outside them is a 403, not an empty list. */
export class SiteQueryDto {
  @ApiPropertyOptional({ example: 'site-north', description: 'One of your sites; all of them by default' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

/** A page of a list (a client's episodes): follow nextCursor for the next one. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) after?: string;
}

/** A page of a list, optionally of one site. */
export class ListPageQueryDto extends IntersectionType(SiteQueryDto, PageQueryDto) {}

export class CaseloadQueryDto extends ListPageQueryDto {
  @ApiPropertyOptional({ description: 'Whose caseload; yours by default' }) @IsOptional() @IsString() @MaxLength(128) clinicianId?: string;
}

export class UnderDosedQueryDto extends ListPageQueryDto {
  @ApiPropertyOptional({ description: 'Weeks starting on or after this Monday' }) @IsOptional() @IsCalendarDate('since') since?: string;
}

/** Which weeks of a plan: Mondays, both ends included (the plan's first and this week by default). */
export class WeeksQueryDto {
  @ApiPropertyOptional({ description: "The first week's Monday (or any day of it); the plan's first week by default" })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;
  @ApiPropertyOptional({ description: "The last week's Monday (or any day of it); this week, or the plan's last, by default" })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;
}

/** The network overview: one site or every one, over a period of at most 371 days (this ISO week and the eleven before it by default). */
export class OverviewQueryDto extends SiteQueryDto {
  @ApiPropertyOptional({ description: "The period's first day; the Monday eleven weeks before `to`'s week by default" })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;
  @ApiPropertyOptional({ description: "The period's last day; today by default" })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;
}

/** A site's capacity, stated whole: places per level, keyed `<edition>-<code>`; a level left out has none recorded. */
export class SiteCapacityDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { '3-3.5': 24, '3-2.1': 40 },
    description: 'Places per level of care, keyed <edition>-<code> (3-3.5, 4-2.1): whole numbers from 0',
  })
  @IsObject()
  levels!: Record<string, number>;
}

/** A site named in a path: an id, never a name. */
export class SiteParamsDto {
  @ApiProperty({ example: 'site-north' })
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'siteId: give the site id (letters, digits, dots, dashes and underscores, at most 100)' })
  siteId!: string;
}
