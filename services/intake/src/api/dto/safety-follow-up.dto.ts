import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ESCALATION_DESTINATIONS, SAFETY_FOLLOW_UP_OUTCOMES } from '../../domain/index.js';

// The shape of a safety follow-up's record. Which outcome needs what (an escalation's
// destination and reason) is the domain's rule: a missing part is a 422 naming each field.

export class EscalationDto {
  @ApiPropertyOptional({ enum: ESCALATION_DESTINATIONS }) @IsOptional() @IsString() @MaxLength(64) to?: string;
  @ApiPropertyOptional({ description: "The clinician's reason; it stays in intake (only the destination is published)" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RecordSafetyFollowUpDto {
  @ApiPropertyOptional({ enum: SAFETY_FOLLOW_UP_OUTCOMES, description: 'What the clinician did' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  outcome?: string;
  @ApiPropertyOptional({ type: EscalationDto, description: 'For outcome escalated' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EscalationDto)
  escalation?: EscalationDto;
}

export class SafetyFollowUpQueryDto {
  @ApiPropertyOptional({ description: 'One site (403 outside yours); every site where you hold a role otherwise', example: 'site-north' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;

  @ApiPropertyOptional({ description: 'true: only those past their due time; false: only those not yet' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) after?: string;
}
