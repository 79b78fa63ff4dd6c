import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ASSESSED_SUICIDE_RISK_LEVELS, SUICIDE_RISK_ASSESSMENT_METHODS } from '../../domain/index.js';

// The shape of what ends a safety hold. Whether the assessment is complete, and whether its
// finding allows the hold to end, is the domain's rule: a missing method or risk level is a
// 422 naming the field, not a 400.

export class SuicideRiskAssessmentDto {
  @ApiPropertyOptional({ enum: SUICIDE_RISK_ASSESSMENT_METHODS, description: 'How the clinician assessed the risk' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  method?: string;

  @ApiPropertyOptional({ enum: ASSESSED_SUICIDE_RISK_LEVELS, description: 'The risk the clinician found; high keeps the hold' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  riskLevel?: string;
}

export class RecordSafetyPlanDto {
  @ApiPropertyOptional({
    type: SuicideRiskAssessmentDto,
    description: 'Required: a safety hold ends only with a suicide-risk assessment and a safety plan',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SuicideRiskAssessmentDto)
  suicideRiskAssessment?: SuicideRiskAssessmentDto;
}
