import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CLIENT_FLAGS, type ClientFlag } from '../../projections/client-list.js';
import { type IntakeStatus } from '../../domain/index.js';

export const LISTED_STATUSES = [
  'referred',
  'registered',
  'screening',
  'assessed',
  'placed',
  'admitted',
] as const satisfies readonly IntakeStatus[];

const LEVEL_CODE = /^\d(\.\d)?$/;
const LEVEL_CODE_MESSAGE = (field: string) => `${field} must be an ASAM level code such as 2.1, 3.5 or 1`;

/** Filters of the client lists; every one is optional and they combine with AND. */
export class ClientListQueryDto {
  @ApiPropertyOptional({ enum: LISTED_STATUSES }) @IsOptional() @IsIn(LISTED_STATUSES) status?: (typeof LISTED_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Decided (placement) level code', example: '2.1' })
  @IsOptional()
  @Matches(LEVEL_CODE, { message: LEVEL_CODE_MESSAGE('level') })
  level?: string;

  @ApiPropertyOptional({ description: "Continuum's recommended level code", example: '3.5' })
  @IsOptional()
  @Matches(LEVEL_CODE, { message: LEVEL_CODE_MESSAGE('recommendedLevel') })
  recommendedLevel?: string;

  @ApiPropertyOptional({ enum: CLIENT_FLAGS }) @IsOptional() @IsIn(CLIENT_FLAGS) flag?: ClientFlag;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) after?: string;
}
