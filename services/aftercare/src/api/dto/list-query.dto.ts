import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from './common.dto.js';

/** One site of the caller's: a site outside them is a 403, not an empty report. */
export class SiteQueryDto {
  @ApiPropertyOptional({ example: 'site-north', description: 'One of your sites; all of them by default' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

/** A page of a list: follow nextCursor for the next one. */
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

/** A page of a list, optionally of one of the caller's sites. */
export class SitePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'site-north', description: 'One of your sites; all of them by default' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

export class DueQueryDto extends SitePageQueryDto {
  @ApiPropertyOptional({ description: 'A day of the week to list; this week by default' })
  @IsOptional()
  @IsCalendarDate('week')
  week?: string;
}
